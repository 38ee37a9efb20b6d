// C++ rewrites (plain accesses, std::atomic, hoisted calls, bit-fields)
// build under -pedantic -Werror plain and with ravel-c++
// (run-warnings.py --werror).
#include <atomic>
#include <cstring>
#include <mutex>

struct Flags {
  unsigned a : 1, b : 3;
};

int shared;
Flags *gp;
std::atomic<int> hits;
std::mutex mu;
char buf[16];

int touch(const char *s) {
  std::lock_guard<std::mutex> lock(mu);
  shared += 1;
  gp->a = 1;
  hits.fetch_add(1, std::memory_order_relaxed);
  std::memcpy(buf, s, 4);
  return shared + hits.load();
}

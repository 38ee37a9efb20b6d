// Diagnostics name the user's line and column and quote the user's text in
// C++ too: a constructor with member initialisers, a lambda, a lock guard
// and a member access on lines the rewriter changes.
#include <mutex>
#include <vector>

struct Counter {
  explicit Counter(int start) : value(start), unused_field(0) { int unused; }
  int value;
  int unused_field;
  std::mutex mu;
  void add(unsigned n) { std::lock_guard<std::mutex> g(mu); value += n; if (value < n) value = 0; }
};

int sum(const std::vector<int> &v) {
  int total = 0, spare;
  auto add = [&](int x) { total += x; return total == x ? 0 : 1; };
  for (unsigned i = 0; i < v.size(); ++i) add(v[i]);
  return total;
}

// Message passing: the payload is published with a release store and read
// after an acquire load of the flag; the release/acquire pair orders the two
// plain accesses, so there is nothing to report.
// EXPECT: none
// RUNS: 5
#include <atomic>
#include <thread>

struct Message {
  int value = 0;
  int extra[4] = {};
};

Message box;
std::atomic<bool> ready{false};

void producer() {
  box.value = 42;
  box.extra[3] = 1;
  ready.store(true, std::memory_order_release);
}

int consumer() {
  while (!ready.load(std::memory_order_acquire)) {
  }
  return box.value + box.extra[3];
}

int main() {
  int result = 0;
  std::thread c([&] { result = consumer(); });
  std::thread p(producer);
  p.join();
  c.join();
  return result == 43 ? 0 : 3;
}

// A header outside the test's root: only atomics and sync sites are
// rewritten unless its directory is named with --instrument-dir.
#include <atomic>
struct Queue {
  std::atomic<int> size{0};
  int slots[8];
  void push(int v) {
    slots[size.load(std::memory_order_relaxed)] = v;
    size.fetch_add(1, std::memory_order_release);
  }
};

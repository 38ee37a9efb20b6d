// Release/acquire hand-off through std::atomic_ref: the producer publishes
// through a temporary ref, the consumer waits through a named one. The two
// refs are distinct objects; what they synchronise on is `flag`, so the
// payload's store happens before its load and there is no race.
// EXPECT: none
// RUNS: 5
// FLAGS: -std=c++20
#include <atomic>
#include <thread>

int payload;
int flag;

void producer() {
  payload = 42;
  std::atomic_ref<int>(flag).store(1, std::memory_order_release);
}

int consumer() {
  std::atomic_ref<int> ready(flag);
  while (ready.load(std::memory_order_acquire) == 0) {
  }
  return payload;
}

int main() {
  int result = 0;
  std::thread c([&] { result = consumer(); });
  std::thread p(producer);
  p.join();
  c.join();
  return result == 42 ? 0 : 3;
}

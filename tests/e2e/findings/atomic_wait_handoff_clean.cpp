// A value handed over through std::atomic<T>::wait / notify_one and
// std::atomic_flag::wait / notify_all: the release store (or test_and_set)
// that changes the value happens before the acquire wait that sees it
// changed. The wait is rewritten as an atomic read with its memory order,
// so the edge is the atomic's own. Nothing to report.
// EXPECT: none
// FLAGS: -std=c++20
// RUNS: 5
#include <atomic>
#include <cstdio>
#include <thread>

long Payload;
long Reply;
std::atomic<int> State{0};
std::atomic_flag Answered;

int main() {
  std::thread Worker([] {
    State.wait(0, std::memory_order_acquire);
    Reply = Payload + 1;
    Answered.test_and_set(std::memory_order_release);
    Answered.notify_all();
  });
  Payload = 41;
  State.store(1, std::memory_order_release);
  State.notify_one();
  Answered.wait(false, std::memory_order_acquire);
  std::printf("%ld\n", Reply);
  Worker.join();
  return 0;
}

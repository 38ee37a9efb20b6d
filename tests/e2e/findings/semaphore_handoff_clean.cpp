// Slots handed over through std::counting_semaphore / std::binary_semaphore:
// a release() happens before the acquire() (or try_acquire* returning true)
// that takes its count. libstdc++ synchronises them with atomics and futex
// calls; the instrumenter models the calls (__ravel_sync). Nothing to
// report.
// EXPECT: none
// FLAGS: -std=c++20
// RUNS: 5
// SEEDS: pct 1-5
#include <chrono>
#include <cstdio>
#include <semaphore>
#include <thread>

long Ring[4];
std::counting_semaphore<4> Filled(0);
std::binary_semaphore Ack(0);

int main() {
  std::thread Producer([] {
    for (int I = 0; I < 4; ++I) {
      Ring[I] = 10 * I;
      Filled.release();
    }
    Ack.acquire();
    Ring[0] = -1; // after the consumer is done with the ring
  });
  long Sum = 0;
  for (int I = 0; I < 4; ++I) {
    if (I % 2)
      Filled.acquire();
    else
      while (!Filled.try_acquire_for(std::chrono::milliseconds(1)))
        ;
    Sum += Ring[I];
  }
  std::printf("%ld\n", Sum);
  Ack.release();
  Producer.join();
  std::printf("%ld\n", Ring[0]);
  return 0;
}

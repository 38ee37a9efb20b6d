// The latch hand-off of latch_handoff_clean.cpp under the controlled PCT
// scheduler: latch::wait polls try_wait between scheduling steps instead of
// blocking in a futex the scheduler cannot see, so every run completes (and
// is exactly replayable) with nothing to report.
// EXPECT: none
// FLAGS: -std=c++20
// OPTIONS: schedule=pct
// RUNS: 5
#include <cstdio>
#include <latch>
#include <semaphore>
#include <thread>

long Result[2];
std::latch Done(2);
std::binary_semaphore Go(0);

int main() {
  std::thread Workers[2];
  for (int I = 0; I < 2; ++I)
    Workers[I] = std::thread([I] {
      if (I == 0)
        Go.acquire();
      Result[I] = 10 * (I + 1);
      Done.count_down();
    });
  Go.release();
  Done.wait();
  std::printf("%ld\n", Result[0] + Result[1]);
  for (std::thread &W : Workers)
    W.join();
  return 0;
}

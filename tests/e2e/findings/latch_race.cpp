// The worker keeps writing after count_down: that write is not ordered with
// the main thread's read after wait() (only what came before count_down
// is), so the two race whichever runs first. The value written before
// count_down is read safely.
// EXPECT: data-race Out.Late (latch_race.cpp:23, latch_race.cpp:26)
// FLAGS: -std=c++20
// RUNS: 5
#include <cstdio>
#include <latch>
#include <thread>

struct Output {
  long Early;
  long Late;
};

int main() {
  Output Out{0, 0};
  std::latch Done(1);
  std::thread Worker([&] {
    Out.Early = 1;
    Done.count_down();
    Out.Late = 2;
  });
  Done.wait();
  std::printf("%ld %ld\n", Out.Early, Out.Late);
  Worker.join();
  return 0;
}

// Results handed over through std::latch: every count_down happens before
// wait() (or a try_wait() that returns true, or arrive_and_wait()) returns.
// libstdc++ makes the hand-off with atomics and futex calls ravel cannot
// intercept; the instrumenter models the calls (__ravel_sync). Nothing to
// report.
// EXPECT: none
// FLAGS: -std=c++20
// RUNS: 5
// SEEDS: pct 1-5
#include <cstdio>
#include <latch>
#include <thread>

struct Result {
  long Sum;
  long Items;
};

int main() {
  Result R[2] = {{0, 0}, {0, 0}};
  std::latch Done(2);
  std::thread Workers[2];
  for (int I = 0; I < 2; ++I)
    Workers[I] = std::thread([&, I] {
      R[I].Sum = 100 * (I + 1);
      R[I].Items = I + 1;
      Done.count_down();
    });
  Done.wait();
  std::printf("%ld %ld\n", R[0].Sum + R[1].Sum, R[0].Items + R[1].Items);
  for (std::thread &W : Workers)
    W.join();

  // A rendezvous: each side's writes before arrive_and_wait are visible to
  // the other afterwards; the main thread polls try_wait.
  long Left = 0, Right = 0;
  std::latch Meet(2), Seen(1);
  std::thread Peer([&] {
    Right = 7;
    Meet.arrive_and_wait();
    std::printf("%ld\n", Left);
    Seen.count_down();
  });
  Left = 5;
  Meet.arrive_and_wait();
  std::printf("%ld\n", Right);
  while (!Seen.try_wait())
    std::this_thread::yield();
  Left = 6;
  Peer.join();
  return 0;
}

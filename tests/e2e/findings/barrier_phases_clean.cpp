// Two threads exchange values through std::barrier phases (double buffered,
// so a phase's writes never meet the previous phase's reads): every arrival
// of a phase happens before every wait of that phase returns. libstdc++
// synchronises the barrier with atomics and futex calls; the instrumenter
// models the calls (__ravel_sync). Nothing to report.
// EXPECT: none
// FLAGS: -std=c++20
// RUNS: 5
#include <barrier>
#include <cstdio>
#include <thread>

long Buf[2][2];
long Seen[2];
std::barrier<> Phase(2);

void run(int Me) {
  for (int P = 0; P < 6; ++P) {
    Buf[P % 2][Me] = 100 * P + Me;
    if (P % 3 == 2) {
      auto Token = Phase.arrive();
      Phase.wait(std::move(Token));
    } else {
      Phase.arrive_and_wait();
    }
    Seen[Me] += Buf[P % 2][1 - Me];
  }
}

int main() {
  std::thread Other(run, 1);
  run(0);
  Other.join();
  std::printf("%ld %ld\n", Seen[0], Seen[1]);
  return 0;
}

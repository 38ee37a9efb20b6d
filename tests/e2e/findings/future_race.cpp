// The producer keeps writing after set_value: that write is not ordered with
// the consumer's read after get() (only what came before set_value is), so
// the two race whichever runs first.
// EXPECT: data-race T.Count (future_race.cpp:22, future_race.cpp:25)
// RUNS: 5
#include <cstdio>
#include <future>
#include <thread>

struct Totals {
  long Cents;
  long Count;
};

int main() {
  Totals T{0, 0};
  std::promise<long> P;
  std::future<long> F = P.get_future();
  std::thread Producer([&] {
    T.Cents = 1250;
    P.set_value(T.Cents);
    T.Count = 3;
  });
  long Got = F.get();
  std::printf("%ld %ld %ld\n", Got, T.Cents, T.Count);
  Producer.join();
  return 0;
}

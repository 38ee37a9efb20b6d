// Values handed over through std::promise/std::future, std::shared_future
// and std::async: whatever the producer wrote before set_value (or before
// its task returned) happens before get()/wait() returns in the consumer.
// libstdc++ makes that hand-off with atomics and futex calls ravel cannot
// intercept; the instrumenter marks the waits (__ravel_future). Nothing to
// report.
// EXPECT: none
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
    T.Count = 3;
    P.set_value(T.Cents);
  });
  long Got = F.get();
  std::printf("%ld %ld %ld\n", Got, T.Cents, T.Count);
  Producer.join();

  Totals U{0, 0};
  std::promise<void> Ready;
  std::shared_future<void> Shared = Ready.get_future().share();
  std::thread Writer([&] {
    U.Cents = 700;
    Ready.set_value();
  });
  Shared.wait();
  std::printf("%ld\n", U.Cents);
  Writer.join();

  Totals V{0, 0};
  std::future<void> Job = std::async(std::launch::async, [&] { V.Count = 9; });
  Job.wait();
  std::printf("%ld\n", V.Count);
  return 0;
}

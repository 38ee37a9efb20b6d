// EXPECT: none
// RAVEL-RUN: --runs 100 --schedule pct --timeout 20
//
// Fixed variant of livelock.cpp (polite try-lock back-off).
//
// std::scoped_lock locks both mutexes with std::lock's deadlock-avoidance
// algorithm: lock one, try the others, and on failure release and *block*
// on the one that was busy, rotating the order. A thread that loses a round
// waits for the winner instead of spinning against it, so every transfer
// completes, and no lock-order cycle is created either.
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  long BalanceCents;
  std::mutex Mu;
};

static void transfer(Account &From, Account &To, long Cents) {
  std::scoped_lock Both(From.Mu, To.Mu);
  From.BalanceCents -= Cents;
  To.BalanceCents += Cents;
}

int main() {
  Account Alice{50000, {}};
  Account Bob{20000, {}};
  std::thread Payment([&] { transfer(Alice, Bob, 1250); });
  std::thread Refund([&] { transfer(Bob, Alice, 300); });
  Payment.join();
  Refund.join();
  std::printf("alice %ld, bob %ld\n", Alice.BalanceCents, Bob.BalanceCents);
  return 0;
}

// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of bank.cpp (lock-order inversion).
//
// Both locks are always taken in the same global order, lowest account
// number first, whichever way the money moves. With one order there is no
// cycle in the lock-order graph and no way for two transfers to wait for
// each other. (std::scoped_lock(From.Mu, To.Mu) is the other standard fix:
// std::lock acquires several mutexes with a deadlock-avoidance algorithm.)
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  int Number;
  long BalanceCents;
  std::mutex Mu;
};

static void transfer(Account &From, Account &To, long Cents) {
  Account &First = From.Number < To.Number ? From : To;
  Account &Second = From.Number < To.Number ? To : From;
  std::lock_guard<std::mutex> LockFirst(First.Mu);
  std::lock_guard<std::mutex> LockSecond(Second.Mu);
  From.BalanceCents -= Cents;
  To.BalanceCents += Cents;
}

static unsigned long auditLedger(int Entries) {
  unsigned long Checksum = 0;
  for (int I = 0; I < Entries; ++I)
    Checksum = Checksum * 31 + I;
  return Checksum;
}

int main() {
  Account Alice{1001, 50000, {}};
  Account Bob{1002, 20000, {}};
  std::thread Payment([&] { transfer(Alice, Bob, 1250); });
  std::thread Refund([&] {
    if (auditLedger(200000) != 0)
      transfer(Bob, Alice, 300);
  });
  Payment.join();
  Refund.join();
  std::printf("alice %ld, bob %ld\n", Alice.BalanceCents, Bob.BalanceCents);
  return 0;
}

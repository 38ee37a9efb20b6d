// EXPECT: potential-deadlock (bank.cpp:37, bank.cpp:38)
// EXPECT-MAYBE: deadlock (bank.cpp:37, bank.cpp:38)
// RAVEL-RUN: --schedule native --runs 5
//
// Lock-order inversion: two transfers in opposite directions.
//
// transfer() locks the source account, then the destination account. Each
// call is correct on its own, but a transfer from Alice to Bob takes the
// locks in the order (alice, bob) and one from Bob to Alice in the order
// (bob, alice). If both run at once:
//
//   T1: locks alice.Mu                 (transfer alice -> bob)
//   T2: locks bob.Mu                   (transfer bob -> alice)
//   T1: waits for bob.Mu, held by T2
//   T2: waits for alice.Mu, held by T1 <- both wait forever
//
// Why it is rare: each thread must be preempted in the few instructions
// between its two lock calls, while the other thread is in the same window.
// Here the refund thread also audits the ledger first, so in a normal run the
// transfers do not even overlap. ravel reports the cycle in the lock-order
// graph (alice -> bob, bob -> alice) from a run that did not deadlock.
// Should a run really deadlock, ravel reports that too (EXPECT-MAYBE).
//
// Fix (bank_fixed.cpp): take the two locks in one global order (by account
// number) whatever the direction of the transfer.
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  int Number;
  long BalanceCents;
  std::mutex Mu;
};

static void transfer(Account &From, Account &To, long Cents) {
  std::lock_guard<std::mutex> LockFrom(From.Mu);
  std::lock_guard<std::mutex> LockTo(To.Mu);
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

// EXPECT: deadlock (overdraft.cpp:42, overdraft.cpp:58)
// RAVEL-RUN: --runs 200 --schedule pct
//
// Self-deadlock: a locked method calls a helper that takes the same lock.
//
// Account::withdraw() holds the account mutex and, when the balance is too
// low, calls recordOverdraft(), which locks the same (non-recursive) mutex
// again. The thread now waits for itself, forever. The path runs only when a
// withdrawal finds too little money, and here that happens only while the
// overnight interest job has swept the balance out of the account:
//
//   T1 (interest): takeAll(): balance 500 -> 0     (to add interest to it)
//   T2 (rent):     withdraw(300): locks Mu, balance 0 < 300
//   T2 (rent):     recordOverdraft(): locks Mu again  <- blocks on itself
//   T1 (interest): deposit(505): waits for Mu         <- and so does everyone
//
// Why it is rare: the balance is missing only between two statements of the
// interest job, a window of nanoseconds; the rent payment almost never lands
// in it. Tests pass; one night in production the service hangs.
//
// Fix (overdraft_fixed.cpp): the helper assumes the lock is held
// (recordOverdraftLocked) and never takes it itself.
#include <cstdio>
#include <mutex>
#include <thread>

class Account {
public:
  void deposit(long Cents) {
    std::lock_guard<std::mutex> Guard(Mu);
    BalanceCents += Cents;
  }

  long takeAll() {
    std::lock_guard<std::mutex> Guard(Mu);
    long All = BalanceCents;
    BalanceCents = 0;
    return All;
  }

  bool withdraw(long Cents) {
    std::lock_guard<std::mutex> Guard(Mu);
    if (BalanceCents < Cents) {
      recordOverdraft(Cents);
      return false;
    }
    BalanceCents -= Cents;
    return true;
  }

  long balance() {
    std::lock_guard<std::mutex> Guard(Mu);
    return BalanceCents;
  }

private:
  void recordOverdraft(long Cents) {
    std::lock_guard<std::mutex> Guard(Mu);
    ++Overdrafts;
    LastRefusedCents = Cents;
  }

  std::mutex Mu;
  long BalanceCents = 0;
  int Overdrafts = 0;
  long LastRefusedCents = 0;
};

static long interestOn(long Cents) { return Cents / 100; }

int main() {
  Account Checking;
  Checking.deposit(500);
  std::thread Interest([&] {
    long Principal = Checking.takeAll();
    Checking.deposit(Principal + interestOn(Principal));
  });
  std::thread Rent([&] { Checking.withdraw(300); });
  Interest.join();
  Rent.join();
  std::printf("balance %ld\n", Checking.balance());
  return 0;
}

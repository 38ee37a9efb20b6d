// EXPECT: deadlock (overdraft.cpp:34, overdraft.cpp:50)
// RAVEL-RUN: --runs 200 --schedule pct
//
// Self-deadlock: a locked method calls a helper that takes the same lock.
//
// Account::withdraw() holds the account mutex and, when the balance is too
// low, calls recordOverdraft(), which locks the same (non-recursive) mutex
// again. The thread now waits for itself, forever. The path runs only when a
// withdrawal arrives before the money it needs:
//
//   T1 (rent):    withdraw(300): locks Mu, balance 0 < 300
//   T1 (rent):    recordOverdraft(): locks Mu again  <- blocks on itself
//   T2 (payroll): deposit(500): waits for Mu         <- and so does everyone
//
// Why it is rare: payroll is started first and the rent thread prepares a
// statement before withdrawing, so in a normal run the deposit is always
// there in time and the overdraft path is never taken. Tests pass; the
// first late salary hangs the service.
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

static int prepareStatement(int Lines) {
  int Printed = 0;
  for (int Line = 0; Line < Lines; ++Line)
    Printed += Line % 3 == 0;
  return Printed;
}

int main() {
  Account Checking;
  std::thread Payroll([&] { Checking.deposit(500); });
  std::thread Rent([&] {
    if (prepareStatement(300) > 0)
      Checking.withdraw(300);
  });
  Payroll.join();
  Rent.join();
  std::printf("balance %ld\n", Checking.balance());
  return 0;
}

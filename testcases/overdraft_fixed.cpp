// EXPECT: none
// RAVEL-RUN: --runs 200 --schedule pct
//
// Fixed variant of overdraft.cpp (self-deadlock).
//
// The helper that records an overdraft is called with the lock already held
// and says so in its name; it never locks. A common convention: public
// methods take the lock, private *Locked helpers require it. (A recursive
// mutex would also stop the hang, but hides which code owns the lock.)
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
      recordOverdraftLocked(Cents);
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
  // Requires Mu held.
  void recordOverdraftLocked(long Cents) {
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

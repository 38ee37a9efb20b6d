// std::scoped_lock takes several mutexes with std::lock's deadlock-avoiding
// algorithm (lock one, try-lock the others, back off): transfers in both
// directions are safe and must not be reported (Helgrind does).
// EXPECT: none
#include "ravel_test.h"

#include <mutex>
#include <thread>

struct Account {
  std::mutex mu;
  int balance = 100;
};

static void transfer(Account &from, Account &to, int amount) {
  FUNC();
  std::scoped_lock lock(from.mu, to.mu);
  UPD(from.balance);
  from.balance -= amount;
  UPD(to.balance);
  to.balance += amount;
}

int main() {
  FUNC();
  Account x, y;
  std::thread t1([&] {
    for (int i = 0; i < 200; ++i)
      transfer(x, y, 1);
  });
  std::thread t2([&] {
    for (int i = 0; i < 200; ++i)
      transfer(y, x, 1);
  });
  t1.join();
  t2.join();
  return x.balance + y.balance == 200 ? 0 : 1;
}

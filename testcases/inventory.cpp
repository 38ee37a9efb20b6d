// EXPECT: crash (inventory.cpp:39)
// RAVEL-RUN: --runs 200 --schedule pct
//
// Atomicity violation: two correctly locked steps are not one atomic step.
//
// Every access to the stock level is under the inventory's mutex, so there
// is no data race. But placeOrder() asks "is one left?" in one critical
// section and takes it in another, and the answer can change in between:
//
//   T1: available() == 1               (lock, read, unlock)
//   T2: available() == 1               (lock, read, unlock)
//   T1: reserve(1): stock 1 -> 0
//   T2: reserve(1): stock 0 -> -1      <- assertion fails: sold twice
//
// A race detector that only looks for unprotected accesses is silent here;
// the bug shows as the assertion failing under an unlucky schedule. It is
// rare in a normal run because the second order is still validating its
// lines when the first one has long finished; a controlled schedule (PCT)
// that preempts T1 right after its check finds it.
//
// Fix (inventory_fixed.cpp): offer one operation, tryReserve(), that checks
// and takes the stock in a single critical section.
#include <cassert>
#include <cstdio>
#include <mutex>
#include <thread>

class Inventory {
public:
  explicit Inventory(int Units) : Units(Units) {}

  int available() {
    std::lock_guard<std::mutex> Guard(Mu);
    return Units;
  }

  void reserve(int Count) {
    std::lock_guard<std::mutex> Guard(Mu);
    assert(Units >= Count && "reserved more units than in stock");
    Units -= Count;
  }

private:
  std::mutex Mu;
  int Units;
};

static bool placeOrder(Inventory &Stock, int OrderLines) {
  int Validated = 0;
  for (int Line = 0; Line < OrderLines; ++Line)
    Validated += Line % 7 != 3;
  if (Validated == 0 || Stock.available() < 1)
    return false;
  Stock.reserve(1);
  return true;
}

int main() {
  Inventory LastConsole(1);
  bool WebOrder = false, StoreOrder = false;
  std::thread Web([&] { WebOrder = placeOrder(LastConsole, 1); });
  std::thread Store([&] { StoreOrder = placeOrder(LastConsole, 2000); });
  Web.join();
  Store.join();
  std::printf("web order %s, store order %s\n", WebOrder ? "placed" : "refused",
              StoreOrder ? "placed" : "refused");
  return 0;
}

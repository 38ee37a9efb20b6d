// EXPECT: none
// RAVEL-RUN: --runs 200 --schedule pct
//
// Fixed variant of inventory.cpp (atomicity violation).
//
// The check and the reservation are one operation, tryReserve(), done in a
// single critical section: no other order can take the last unit between
// "is one left?" and "take it". The interface no longer offers the
// check-then-act pair at all, which is the real fix: hide the concurrency
// behind an API whose operations are each atomic.
#include <cassert>
#include <cstdio>
#include <mutex>
#include <thread>

class Inventory {
public:
  explicit Inventory(int Units) : Units(Units) {}

  bool tryReserve(int Count) {
    std::lock_guard<std::mutex> Guard(Mu);
    if (Units < Count)
      return false;
    Units -= Count;
    assert(Units >= 0 && "reserved more units than in stock");
    return true;
  }

private:
  std::mutex Mu;
  int Units;
};

static bool placeOrder(Inventory &Stock, int OrderLines) {
  int Validated = 0;
  for (int Line = 0; Line < OrderLines; ++Line)
    Validated += Line % 7 != 3;
  return Validated != 0 && Stock.tryReserve(1);
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

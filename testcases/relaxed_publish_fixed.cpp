// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of relaxed_publish.cpp (relaxed-atomic publication).
//
// The flag is stored with release and loaded with acquire. A release store
// that is read by an acquire load synchronises-with it: everything the
// pricing thread wrote before the store (the snapshot) happens-before
// everything the checkout thread does after the load.
#include <atomic>
#include <cstdio>
#include <thread>

struct PriceSnapshot {
  long TotalCents;
  int Items;
};

static PriceSnapshot Latest;
static std::atomic<bool> Ready{false};

static void computePrices() {
  long Total = 0;
  for (int Item = 1; Item <= 20; ++Item)
    Total += Item * 25;
  Latest.TotalCents = Total;
  Ready.store(true, std::memory_order_release);
}

static void checkout(long *Charged) {
  while (!Ready.load(std::memory_order_acquire)) {
  }
  *Charged = Latest.TotalCents;
}

int main() {
  long Charged = 0;
  std::thread Pricing(computePrices);
  std::thread Checkout(checkout, &Charged);
  Pricing.join();
  Checkout.join();
  std::printf("charged %ld cents\n", Charged);
  return 0;
}

// EXPECT: data-race Latest.TotalCents (relaxed_publish.cpp:41, relaxed_publish.cpp:48)
// RAVEL-RUN: --schedule native --runs 5
//
// Publication through a relaxed atomic flag.
//
// The pricing thread computes a snapshot and then sets an atomic `Ready`
// flag; the checkout thread spins until the flag is set and reads the
// snapshot. The flag is atomic, so there is no race on the flag -- but both
// sides use memory_order_relaxed, which orders nothing else. Seeing
// Ready == true says nothing about TotalCents:
//
//   pricing:  Latest.TotalCents = 4999     (may become visible late)
//   pricing:  Ready.store(true, relaxed)
//   checkout: Ready.load(relaxed) == true
//   checkout: reads Latest.TotalCents       <- may still see 0
//
// Why it is rare: x86 keeps stores in order and this compiler does not
// reorder here, so the snapshot is always there on a developer laptop. On
// ARM or POWER the reader can see the flag first; to the C++ memory model
// the read of TotalCents is a data race either way.
//
// Fix (relaxed_publish_fixed.cpp): store the flag with
// memory_order_release and load it with memory_order_acquire; the write of
// the snapshot then happens-before the read that saw the flag.
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
  Ready.store(true, std::memory_order_relaxed);
}

static void checkout(long *Charged) {
  while (!Ready.load(std::memory_order_relaxed)) {
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

// EXPECT: data-race (orders_vector.cpp:37, orders_vector.cpp:37)
// RAVEL-RUN: --schedule native --runs 5
//
// A std::vector mutated from two threads.
//
// Two importers read order feeds and append to one shared std::vector.
// push_back is not an atomic operation: it reads the end pointer, constructs
// the element there, and advances the end pointer (reallocating when full).
// The standard library gives containers no internal locking; calling a
// non-const member on the same container from two threads is a data race:
//
//   T1: end = Orders._M_finish (slot 7)
//   T2: end = Orders._M_finish (slot 7)
//   T1: constructs order 1003 in slot 7, _M_finish = slot 8
//   T2: constructs order 2003 in slot 7, _M_finish = slot 8  <- 1003 is lost
//
// Without the reserve() below a reallocation in one thread frees the buffer
// the other is writing into: a heap corruption that crashes far away.
// Why it is rare: each push_back is a few nanoseconds; two of them must
// overlap.
//
// Fix (orders_vector_fixed.cpp): each importer collects its orders in a
// local vector and appends them to the shared one once, under a mutex.
#include <cstdio>
#include <thread>
#include <vector>

struct Order {
  int Id;
  long AmountCents;
};

static std::vector<Order> Orders;

static void importFeed(int FirstId, int Count) {
  for (int I = 0; I < Count; ++I)
    Orders.push_back(Order{FirstId + I, 1000 + 25 * I});
}

int main() {
  Orders.reserve(256);
  std::thread Shop(importFeed, 1000, 50);
  std::thread Marketplace(importFeed, 2000, 50);
  Shop.join();
  Marketplace.join();
  std::printf("imported %zu orders\n", Orders.size());
  return 0;
}

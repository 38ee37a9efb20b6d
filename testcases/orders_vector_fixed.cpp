// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of orders_vector.cpp (a std::vector mutated from two
// threads).
//
// Each importer fills a vector of its own -- no sharing, no locking, full
// speed -- and appends the batch to the shared vector once, holding the
// mutex that guards it. One lock per batch instead of one per element.
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

struct Order {
  int Id;
  long AmountCents;
};

static std::vector<Order> Orders;
static std::mutex OrdersMu;

static void importFeed(int FirstId, int Count) {
  std::vector<Order> Batch;
  for (int I = 0; I < Count; ++I)
    Batch.push_back(Order{FirstId + I, 1000 + 25 * I});
  std::lock_guard<std::mutex> Guard(OrdersMu);
  Orders.insert(Orders.end(), Batch.begin(), Batch.end());
}

int main() {
  std::thread Shop(importFeed, 1000, 50);
  std::thread Marketplace(importFeed, 2000, 50);
  Shop.join();
  Marketplace.join();
  std::printf("imported %zu orders\n", Orders.size());
  return 0;
}

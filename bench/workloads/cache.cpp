// PLANTED: data-race Hits (cache.cpp:30, cache.cpp:30)
//
// Workload: a read-mostly price cache behind a std::shared_mutex.
// Shape: 97% lookups under a shared (reader) lock, 3% refreshes under the
// exclusive lock; a miss fills the entry under the exclusive lock. Values are
// a pure function of the key, so every lookup returns the same price whatever
// the schedule and the printed checksum is deterministic.
//
// Usage: cache [LOOKUPS_PER_THREAD=6000000] [THREADS=2]
// Planted race (-DRAVEL_PLANT_RACE): a hit counter incremented under the
// *shared* lock, where several readers run at once (the PLANTED line above).
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <vector>

static long priceOf(long Sku) { return 100 + (Sku * 7919) % 10000; }

class PriceCache {
public:
  long lookup(long Sku) {
    {
      std::shared_lock<std::shared_mutex> Read(Mu);
      auto It = Prices.find(Sku);
      if (It != Prices.end()) {
#ifdef RAVEL_PLANT_RACE
        Hits++;
#endif
        return It->second;
      }
    }
    std::unique_lock<std::shared_mutex> Write(Mu);
    return Prices.emplace(Sku, priceOf(Sku)).first->second;
  }

  void refresh(long Sku) {
    std::unique_lock<std::shared_mutex> Write(Mu);
    Prices[Sku] = priceOf(Sku);
  }

#ifdef RAVEL_PLANT_RACE
  long Hits = 0;
#endif

private:
  std::shared_mutex Mu;
  std::unordered_map<long, long> Prices;
};

static void shop(PriceCache &Cache, int Shopper, long Lookups,
                 unsigned long *Checksum) {
  unsigned State = 2166136261u ^ static_cast<unsigned>(Shopper);
  unsigned long Sum = 0;
  for (long I = 0; I < Lookups; ++I) {
    State = State * 1664525u + 1013904223u;
    long Sku = (State >> 8) % 4096;
    if ((State >> 4) % 100 < 3)
      Cache.refresh(Sku);
    else
      Sum += static_cast<unsigned long>(Cache.lookup(Sku));
  }
  *Checksum = Sum;
}

int main(int argc, char **argv) {
  long Lookups = argc > 1 ? std::atol(argv[1]) : 6000000;
  int Threads = argc > 2 ? std::atoi(argv[2]) : 2;
  PriceCache Cache;
  std::vector<unsigned long> Sums(Threads);
  std::vector<std::thread> Shoppers;
  for (int T = 0; T < Threads; ++T)
    Shoppers.emplace_back(shop, std::ref(Cache), T, Lookups, &Sums[T]);
  for (std::thread &S : Shoppers)
    S.join();
  unsigned long Checksum = 0;
  for (unsigned long S : Sums)
    Checksum = Checksum * 31 + S;
  std::printf("cache lookups=%ld threads=%d checksum=%lu\n", Lookups, Threads,
              Checksum);
  return 0;
}

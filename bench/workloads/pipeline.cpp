// PLANTED: data-race ItemsParsed (pipeline.cpp:67, pipeline.cpp:76)
//
// Workload: a three-stage pipeline (parse -> price -> total) connected by two
// bounded queues, each a mutex and two condition variables.
// Shape: condvar-heavy; producers block when a queue is full, consumers when
// it is empty, so most operations are a lock, a wait or a notify. The
// checksum of the last stage is printed; it does not depend on the schedule.
//
// Usage: pipeline [ITEMS=500000] [CAPACITY=64]
// Planted race (-DRAVEL_PLANT_RACE): a progress gauge the first stage writes
// after each push and the second stage reads after each pop to compute its
// backlog, with no lock (the PLANTED lines above). The queue orders item i,
// not the gauge write that follows its push.
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

template <typename T> class BoundedQueue {
public:
  explicit BoundedQueue(size_t Capacity) : Capacity(Capacity) {}

  void push(T Item) {
    std::unique_lock<std::mutex> Lock(Mu);
    NotFull.wait(Lock, [this] { return Items.size() < Capacity; });
    Items.push_back(Item);
    NotEmpty.notify_one();
  }

  T pop() {
    std::unique_lock<std::mutex> Lock(Mu);
    NotEmpty.wait(Lock, [this] { return !Items.empty(); });
    T Item = Items.front();
    Items.pop_front();
    NotFull.notify_one();
    return Item;
  }

private:
  std::mutex Mu;
  std::condition_variable NotEmpty, NotFull;
  std::deque<T> Items;
  size_t Capacity;
};

struct LineItem {
  long Sku; // -1 ends the stream
  long Cents;
};

#ifdef RAVEL_PLANT_RACE
static long ItemsParsed = 0;
static long MaxBacklog = 0;
#endif

int main(int argc, char **argv) {
  long Items = argc > 1 ? std::atol(argv[1]) : 500000;
  size_t Capacity = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 64;
  BoundedQueue<LineItem> Parsed(Capacity), Priced(Capacity);

  std::thread Parse([&] {
    for (long I = 0; I < Items; ++I) {
      Parsed.push(LineItem{I % 9973, 0});
#ifdef RAVEL_PLANT_RACE
      ItemsParsed = I + 1;
#endif
    }
    Parsed.push(LineItem{-1, 0});
  });
  std::thread Price([&] {
    for (long Seen = 1;; ++Seen) {
      LineItem Item = Parsed.pop();
#ifdef RAVEL_PLANT_RACE
      long Backlog = ItemsParsed - Seen;
      if (Backlog > MaxBacklog)
        MaxBacklog = Backlog;
#endif
      if (Item.Sku >= 0)
        Item.Cents = 99 + (Item.Sku * 37) % 5000;
      Priced.push(Item);
      if (Item.Sku < 0)
        return;
    }
  });
  unsigned long Checksum = 0;
  long Count = 0;
  for (;;) {
    LineItem Item = Priced.pop();
    if (Item.Sku < 0)
      break;
    Checksum = Checksum * 1000003u + static_cast<unsigned long>(Item.Cents);
    ++Count;
  }
  Parse.join();
  Price.join();
  std::printf("pipeline items=%ld checksum=%lu\n", Count, Checksum);
  return 0;
}

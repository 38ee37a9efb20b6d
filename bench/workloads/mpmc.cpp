// PLANTED: data-race Consumed (mpmc.cpp:110, mpmc.cpp:110)
//
// Workload: a lock-free bounded multi-producer multi-consumer queue (Vyukov's
// array queue: one sequence number per cell, head and tail claimed with
// compare-exchange). Shape: atomics-heavy; every push and pop is a few
// acquire loads, a CAS and a release store, with no lock anywhere. Producers
// send the numbers 1..ITEMS; the printed sum and xor checksum do not depend
// on the schedule.
//
// Usage: mpmc [ITEMS=16000000] [PRODUCERS=2] [CONSUMERS=2]
// Planted race (-DRAVEL_PLANT_RACE): a plain counter of consumed items shared
// by the consumers (the PLANTED line above).
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

class MpmcQueue {
public:
  explicit MpmcQueue(size_t CapacityPow2)
      : Mask(CapacityPow2 - 1), Cells(new Cell[CapacityPow2]) {
    for (size_t I = 0; I < CapacityPow2; ++I)
      Cells[I].Sequence.store(I, std::memory_order_relaxed);
  }

  bool tryPush(long Value) {
    size_t Pos = Tail.load(std::memory_order_relaxed);
    for (;;) {
      Cell &C = Cells[Pos & Mask];
      size_t Seq = C.Sequence.load(std::memory_order_acquire);
      long Diff = static_cast<long>(Seq) - static_cast<long>(Pos);
      if (Diff == 0) {
        if (Tail.compare_exchange_weak(Pos, Pos + 1,
                                       std::memory_order_relaxed)) {
          C.Value = Value;
          C.Sequence.store(Pos + 1, std::memory_order_release);
          return true;
        }
      } else if (Diff < 0) {
        return false; // full
      } else {
        Pos = Tail.load(std::memory_order_relaxed);
      }
    }
  }

  bool tryPop(long &Value) {
    size_t Pos = Head.load(std::memory_order_relaxed);
    for (;;) {
      Cell &C = Cells[Pos & Mask];
      size_t Seq = C.Sequence.load(std::memory_order_acquire);
      long Diff = static_cast<long>(Seq) - static_cast<long>(Pos + 1);
      if (Diff == 0) {
        if (Head.compare_exchange_weak(Pos, Pos + 1,
                                       std::memory_order_relaxed)) {
          Value = C.Value;
          C.Sequence.store(Pos + Mask + 1, std::memory_order_release);
          return true;
        }
      } else if (Diff < 0) {
        return false; // empty
      } else {
        Pos = Head.load(std::memory_order_relaxed);
      }
    }
  }

private:
  struct Cell {
    std::atomic<size_t> Sequence;
    long Value;
  };
  const size_t Mask;
  std::unique_ptr<Cell[]> Cells;
  alignas(64) std::atomic<size_t> Tail{0};
  alignas(64) std::atomic<size_t> Head{0};
};

#ifdef RAVEL_PLANT_RACE
static long Consumed = 0;
#endif

int main(int argc, char **argv) {
  long Items = argc > 1 ? std::atol(argv[1]) : 16000000;
  int Producers = argc > 2 ? std::atoi(argv[2]) : 2;
  int Consumers = argc > 3 ? std::atoi(argv[3]) : 2;
  MpmcQueue Queue(1024);
  std::atomic<long> Remaining{Items};
  std::vector<unsigned long> Sums(Consumers), Xors(Consumers);
  std::vector<std::thread> Threads;
  for (int P = 0; P < Producers; ++P)
    Threads.emplace_back([&, P] {
      for (long V = 1 + P; V <= Items; V += Producers)
        while (!Queue.tryPush(V))
          std::this_thread::yield();
    });
  for (int C = 0; C < Consumers; ++C)
    Threads.emplace_back([&, C] {
      unsigned long Sum = 0, Xor = 0;
      while (Remaining.load(std::memory_order_relaxed) > 0) {
        long V;
        if (!Queue.tryPop(V)) {
          std::this_thread::yield();
          continue;
        }
        Remaining.fetch_sub(1, std::memory_order_relaxed);
#ifdef RAVEL_PLANT_RACE
        Consumed++;
#endif
        Sum += static_cast<unsigned long>(V);
        Xor ^= static_cast<unsigned long>(V) * 2654435761u;
      }
      Sums[C] = Sum;
      Xors[C] = Xor;
    });
  for (std::thread &T : Threads)
    T.join();
  unsigned long Sum = 0, Xor = 0;
  for (int C = 0; C < Consumers; ++C) {
    Sum += Sums[C];
    Xor ^= Xors[C];
  }
  std::printf("mpmc items=%ld sum=%lu xor=%lu\n", Items, Sum, Xor);
  return 0;
}

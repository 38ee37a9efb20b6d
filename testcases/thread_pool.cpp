// EXPECT: data-race Stats.BytesIn (thread_pool.cpp:100, thread_pool.cpp:100)
// RAVEL-RUN: --schedule native --runs 5
//
// A race inside a worker pool's tasks.
//
// The pool itself is correct: every worker has its own task queue, guarded
// by its own mutex and condition variable, and submit() hands tasks out
// round-robin. The tasks are the problem: each compresses one chunk and then
// adds the chunk's size to a shared statistics struct. Tasks run on
// different workers at the same time, and nothing orders one worker's tasks
// with the other's:
//
//   worker 0: task 0 loads Stats.BytesIn (0)
//   worker 1: task 1 loads Stats.BytesIn (0)
//   worker 0: stores 65536
//   worker 1: stores 65536       <- one chunk is not counted
//
// The pool's locks do not help: they order each task with its own worker's
// queue, not with the other worker. "It is inside the pool, so it is
// synchronised" is the misconception this example is about.
//
// Fix (thread_pool_fixed.cpp): make the statistic a std::atomic, or have
// each task return its size through a future (see report_totals_fixed.cpp).
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

class ThreadPool {
public:
  explicit ThreadPool(unsigned Count) {
    for (unsigned I = 0; I < Count; ++I)
      Workers.push_back(std::make_unique<Worker>());
    for (auto &W : Workers)
      W->Thread = std::thread([Self = W.get()] { Self->run(); });
  }

  ~ThreadPool() {
    for (auto &W : Workers) {
      {
        std::lock_guard<std::mutex> Guard(W->Mu);
        W->Stopping = true;
      }
      W->Wake.notify_one();
    }
    for (auto &W : Workers)
      W->Thread.join();
  }

  void submit(std::function<void()> Task) {
    Worker &W = *Workers[Next++ % Workers.size()];
    {
      std::lock_guard<std::mutex> Guard(W.Mu);
      W.Tasks.push_back(std::move(Task));
    }
    W.Wake.notify_one();
  }

private:
  struct Worker {
    std::mutex Mu;
    std::condition_variable Wake;
    std::deque<std::function<void()>> Tasks;
    bool Stopping = false;
    std::thread Thread;

    void run() {
      for (;;) {
        std::unique_lock<std::mutex> Lock(Mu);
        Wake.wait(Lock, [this] { return Stopping || !Tasks.empty(); });
        if (Tasks.empty())
          return;
        std::function<void()> Task = std::move(Tasks.front());
        Tasks.pop_front();
        Lock.unlock();
        Task();
      }
    }
  };

  std::vector<std::unique_ptr<Worker>> Workers;
  unsigned Next = 0;
};

struct CompressionStats {
  long BytesIn = 0;
};

static CompressionStats Stats;

static void compressChunk(int Chunk, long Size) {
  unsigned Hash = 2166136261u;
  for (long I = 0; I < Size; ++I)
    Hash = (Hash ^ static_cast<unsigned>(Chunk + I)) * 16777619u;
  if (Hash != 0)
    Stats.BytesIn += Size;
}

int main() {
  {
    ThreadPool Pool(2);
    for (int Chunk = 0; Chunk < 16; ++Chunk)
      Pool.submit([Chunk] { compressChunk(Chunk, 65536); });
  }
  std::printf("compressed %ld bytes\n", Stats.BytesIn);
  return 0;
}

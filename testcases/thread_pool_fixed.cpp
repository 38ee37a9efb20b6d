// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of thread_pool.cpp (a race inside a worker pool's tasks).
//
// The shared statistic is a std::atomic<long>: tasks on different workers
// add to it with an atomic read-modify-write, and main reads it after the
// pool's destructor joined every worker. The pool is unchanged: it was
// never the problem.
#include <atomic>
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
  std::atomic<long> BytesIn{0};
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
  std::printf("compressed %ld bytes\n", Stats.BytesIn.load());
  return 0;
}

// The task-stealing thread pool of libthread-pool-dev, its header
// instrumented (RAVEL_INSTRUMENT_DIRS), used correctly: every task writes its
// own slot, the results are read after the pool has joined its threads.
// EXPECT: none
// ENV: RAVEL_INSTRUMENT_DIRS=/usr/include/thread_pool
// RUNS: 5
#include <thread_pool/thread_pool.hpp>

#include <cstdio>
#include <vector>

int main() {
  std::vector<long> squares(64);
  std::mutex mu;
  long under_lock = 0;
  {
    thread_pool::ThreadPool pool(4);
    std::vector<std::future<void>> done;
    for (long i = 0; i < 64; ++i)
      done.push_back(pool.Submit([&squares, &mu, &under_lock, i] {
        squares[i] = i * i;
        std::lock_guard<std::mutex> g(mu);
        under_lock += i;
      }));
    for (auto &f : done)
      f.wait();
  }
  long sum = 0;
  for (long s : squares)
    sum += s;
  std::printf("%ld %ld\n", sum, under_lock);
  return sum == 85344 && under_lock == 2016 ? 0 : 3;
}

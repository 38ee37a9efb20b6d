// The same pool with a planted race: two tasks update one counter without a
// lock. The uncounted barrier makes both tasks run at once (so they run on
// two workers) without ordering them by happens-before.
// EXPECT: data-race planted (threadpool_race.cpp:21, threadpool_race.cpp:21)
// ENV: RAVEL_INSTRUMENT_DIRS=/usr/include/thread_pool
// RUNS: 5
#include "uncounted.h"

#include <thread_pool/thread_pool.hpp>

#include <vector>

int planted;
int gate;

int main() {
  {
    thread_pool::ThreadPool pool(2);
    auto task = [] {
      uncounted_barrier(&gate, 2);
      planted += 1;
    };
    std::vector<std::future<void>> done;
    done.push_back(pool.Submit(task));
    done.push_back(pool.Submit(task));
    for (auto &f : done)
      f.wait();
  }
  return planted == 2 ? 0 : 3;
}

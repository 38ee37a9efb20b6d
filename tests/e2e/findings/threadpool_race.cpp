// The same pool with a planted race: two tasks update one counter without a
// lock. An uncounted barrier makes both tasks run at once (so on two
// workers) without ordering them by happens-before. The pool has one queue
// per worker and a worker blocked on its own empty queue never steals, so
// both tasks can land behind one worker: the barrier then gives up and the
// round is tried again.
// EXPECT: data-race planted (threadpool_race.cpp:30, threadpool_race.cpp:30)
// ENV: RAVEL_INSTRUMENT_DIRS=/usr/include/thread_pool
// RUNS: 5
#include "uncounted.h"

#include <thread_pool/thread_pool.hpp>

#include <vector>

constexpr int Rounds = 50;
int planted;
int gate[Rounds];
int together[Rounds];

int main() {
  int expected = 0;
  {
    thread_pool::ThreadPool pool(2);
    for (int round = 0; round < Rounds; ++round) {
      auto task = [round] {
        if (!uncounted_barrier_for(&gate[round], 2, 20000000))
          return;
        uncounted_add(&together[round], 1);
        planted += 1;
      };
      std::vector<std::future<void>> done;
      done.push_back(pool.Submit(task));
      done.push_back(pool.Submit(task));
      for (auto &f : done)
        f.wait();
      int both = uncounted_load(&together[round]);
      expected += both;
      if (both == 2)
        break;
    }
  }
  return planted <= expected ? 0 : 3; // a lost update is the race itself
}

// The worker marks the connection ready under its mutex, unlocks, then
// notifies; main sees `ready` under the mutex (without waiting: the barrier,
// invisible to the detector, only makes it come late) and deletes the
// connection, condition variable included. Nothing orders the notify before
// the delete: notify while holding the lock, or let the owner outlive the
// notifier.
// EXPECT: data-race pthread_cond_destroy (<libc>:0, cond_delete_race.cpp:28)
// RUNS: 3
#include "uncounted.h"
#include <condition_variable>
#include <mutex>
#include <thread>

struct Connection {
  std::mutex m;
  std::condition_variable cv;
  bool ready = false;
};
static int gate;

int main() {
  auto *c = new Connection;
  std::thread worker([c] {
    {
      std::lock_guard<std::mutex> l(c->m);
      c->ready = true;
    }
    c->cv.notify_one();
    uncounted_barrier(&gate, 2);
  });
  uncounted_barrier(&gate, 2);
  {
    std::unique_lock<std::mutex> l(c->m);
    c->cv.wait(l, [c] { return c->ready; });
  }
  delete c;
  worker.join();
  return 0;
}

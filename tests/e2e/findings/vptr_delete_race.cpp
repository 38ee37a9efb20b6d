// One thread calls a virtual method while another deletes the object with
// nothing ordering the two: the destructors rewrite the vptr the call reads
// (ThreadSanitizer's "data race on vptr (ctor/dtor vs virtual call)"). The
// call is forced to come first, so the object is never used after it is
// freed, with a spin the detector does not see (no happens-before edge).
// Task's destructor is defaulted, Job's is written: one finding, at the
// call and at the delete, natively and under every PCT schedule.
// EXPECT: data-race obj (vptr) (vptr_delete_race.cpp:36, vptr_delete_race.cpp:42)
// RUNS: 5
// SEEDS: pct 1-5
#include "uncounted.h"

#include <sched.h>
#include <thread>

struct Task {
  virtual ~Task() = default;
  virtual int run() = 0;
};

struct Job : Task {
  ~Job() override { cleaned = 1; }
  int run() override { return 7; }
  int cleaned = 0;
};

Task *obj;
int called; // the uncounted hand-off

static void waitFor(int *flag) {
  while (!uncounted_load(flag))
    sched_yield();
}

void caller(int *result) {
  *result = obj->run();
  uncounted_add(&called, 1);
}

void deleter() {
  waitFor(&called);
  delete obj;
}

int main() {
  obj = new Job;
  int result = 0;
  std::thread a(caller, &result);
  std::thread b(deleter);
  a.join();
  b.join();
  return result == 7 ? 0 : 3;
}

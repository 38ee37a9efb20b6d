// A value handed over with std::promise / std::future and with
// std::packaged_task: libstdc++ synchronises them with inline atomics and
// futexes; the instrumenter's RAVEL_FUTURE marks make the edge visible, so
// the data written before set_value is not a race when read after get().
// The write after set_value is one.
// EXPECT: data-race cxx_future.cpp:@late:write cxx_future.cpp:@readlate:read
#include "ravel_test.h"

#include <future>
#include <thread>

static int data, task_data, late;
static int step;

#define FUTURE_SET(P)                                                          \
  __ravel_future(&(P), RAVEL_FUTURE_SET, RT_SITE(RAVEL_SITE_SYNC, #P))
// As the instrumenter rewrites `f.get()`: begin, the call, end.
#define FUTURE_GET(F)                                                          \
  ({                                                                           \
    const __ravel_site *S_ = RT_SITE(RAVEL_SITE_SYNC, #F);                     \
    __ravel_future(&(F), RAVEL_FUTURE_GET_BEGIN, S_);                          \
    auto R_ = (F).get();                                                       \
    __ravel_future(&(F), RAVEL_FUTURE_GET_END, S_);                            \
    R_;                                                                        \
  })

int main() {
  FUNC();
  std::promise<int> p;
  std::future<int> f = p.get_future();
  std::thread t([&] {
    FUNC();
    WR(data);
    data = 1;
    FUTURE_SET(p);
    p.set_value(1);
    step_wait(&step, 1);
    WR(late); // @late
    late = 1;
  });
  int v = FUTURE_GET(f);
  RD(data);
  v += data;
  RD(late); // @readlate
  v += late;
  step_set(&step, 1);
  t.join();

  std::packaged_task<int()> task([] {
    FUNC();
    WR(task_data);
    task_data = 2;
    return 2;
  });
  std::future<int> tf = task.get_future();
  std::thread runner([&] {
    // No FUTURE_SET needed: the result is released by call_once inside.
    task();
  });
  v += FUTURE_GET(tf);
  RD(task_data);
  v += task_data;
  runner.join();
  return v == 6 ? 0 : 1;
}

// The C++ standard library's threads and locks reach the runtime through
// libstdc++'s pthread calls: std::thread (create/join), std::mutex,
// std::shared_mutex, std::condition_variable, std::call_once and
// std::async(launch::async) + get() all order the accesses below; only the
// unguarded write at the end races.
// EXPECT: data-race cxx_stdlib.cpp:@racew:write cxx_stdlib.cpp:@racer:read
#include "ravel_test.h"

#include <condition_variable>
#include <future>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

static int guarded, shared_value, once_value, async_value, handoff, racy;
static bool ready;
static std::mutex m;
static std::shared_mutex sm;
static std::condition_variable cv;
static std::once_flag once;
static int step;

static void init_once() {
  WR(once_value);
  once_value = 7;
}

int main() {
  FUNC();
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([] {
      FUNC();
      {
        std::lock_guard<std::mutex> g(m);
        UPD(guarded);
        ++guarded;
      }
      {
        std::shared_lock<std::shared_mutex> r(sm);
        RD(shared_value);
        (void)shared_value;
      }
      std::call_once(once, init_once);
      RD(once_value);
      (void)once_value;
    });
  {
    std::unique_lock<std::shared_mutex> w(sm);
    WR(shared_value);
    shared_value = 1;
  }
  for (auto &t : threads)
    t.join();
  RD(guarded);

  auto f = std::async(std::launch::async, [] {
    FUNC();
    WR(async_value);
    async_value = 5;
    return 1;
  });
  f.get();
  RD(async_value);

  std::thread consumer([] {
    FUNC();
    std::unique_lock<std::mutex> l(m);
    cv.wait(l, [] { return ready; });
    RD(handoff);
    (void)handoff;
    RD(racy); // @racer
    (void)racy;
    step_set(&step, 1);
  });
  WR(handoff);
  handoff = 3;
  {
    std::lock_guard<std::mutex> g(m);
    ready = true;
  }
  cv.notify_one();
  step_wait(&step, 1);
  WR(racy); // @racew
  racy = 1;
  consumer.join();
  return guarded == 3 && async_value == 5 ? 0 : 1;
}

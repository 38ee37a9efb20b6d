// Sync and thread calls keep their code and name their site first.
// FLAGS: -std=c++17 -pthread
#include <condition_variable>
#include <future>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <thread>

std::mutex m1, m2;
std::shared_mutex rw;
std::condition_variable cv;
std::once_flag once;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
bool ready;

void sync() {
  std::lock_guard<std::mutex> g(m1);
  {
    std::unique_lock lk(m2);
    cv.wait(lk, [] { return ready; });
  }
  std::scoped_lock both(m1, m2);
  std::shared_lock r(rw);
  m1.unlock();
  m1.lock();
  std::call_once(once, [] {});
  pthread_mutex_lock(&pm);
  pthread_mutex_unlock(&pm);
  std::thread t([] {});
  t.join();
  auto f = std::async(std::launch::async, [] { return 1; });
  f.get();
  cv.notify_all();
}

// CHECK: {"cxx_sync.cpp", "sync", "g(m1)", 18, 31, 5, 0};
// CHECK: {"cxx_sync.cpp", "sync", "t([] {})", 30, 15, 6, 0};
// CHECK: {"cxx_sync.cpp", "sync", "t.join()", 31, 3, 6, 0};
// CHECK-LABEL: void sync() {
// CHECK-NEXT: std::lock_guard<std::mutex> g(((void)__ravel_next_site(&{{.*}}), m1));
// CHECK-NEXT: {
// CHECK-NEXT: std::unique_lock lk(((void)__ravel_next_site(&{{.*}}), m2));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), cv.wait(lk, [] {{{.*}} return __ravel_rd(ready, &{{.*}}); }));
// CHECK-NEXT: }
// CHECK-NEXT: std::scoped_lock both(((void)__ravel_next_site(&{{.*}}), m1), m2);
// CHECK-NEXT: std::shared_lock r(((void)__ravel_next_site(&{{.*}}), rw));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), m1.unlock());
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), m1.lock());
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), std::call_once(once, [] {{{.*}}}));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), pthread_mutex_lock(&pm));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), pthread_mutex_unlock(&pm));
// CHECK-NEXT: std::thread t(((void)__ravel_next_site(&{{.*}}), [] {{{.*}}}));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), t.join());
// CHECK-NEXT: auto f = ((void)__ravel_next_site(&{{.*}}), std::async(std::launch::async, [] {{{.*}} return 1; }));
// CHECK-NEXT: __ravel_fut(f, &{{.*}}).get();
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), cv.notify_all());
// CHECK: sync-site {{ *}}15

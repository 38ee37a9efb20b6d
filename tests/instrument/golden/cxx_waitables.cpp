// C++20 latch, barrier and semaphore calls are modelled at the call site:
// the object and arguments are hoisted, __ravel_sync releases before and
// acquires after; blocking calls with a try form poll it under a serialized
// schedule.
// FLAGS: -std=c++20 -pthread
#include <barrier>
#include <chrono>
#include <latch>
#include <semaphore>

std::latch done(2);
std::barrier<> phase(2);
std::counting_semaphore<4> slots(0);
std::binary_semaphore gate(0);
long n;

void latches(std::latch *lp) {
  done.count_down();
  done.count_down(n);
  done.wait();
  bool ok = done.try_wait();
  lp->arrive_and_wait();
  (void)ok;
}

void barriers() {
  phase.arrive_and_wait();
  auto token = phase.arrive();
  phase.wait(std::move(token));
  phase.arrive_and_drop();
}

bool semaphores() {
  slots.release(2);
  gate.release();
  gate.acquire();
  slots.try_acquire();
  return slots.try_acquire_for(std::chrono::milliseconds(5));
}

// CHECK: {"cxx_waitables.cpp", "latches", "done.count_down()", 18, 3, 5, 0};
// CHECK-LABEL: void latches(std::latch *lp) {
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(done); __ravel_sync(__rv_p, 1, &[[S1:[^)]*]]); __rv_p->count_down(); })
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(done); auto __rv_a0 = (__ravel_rd(n, &{{.*}})); __ravel_sync(__rv_p, 1, &{{.*}}); __rv_p->count_down(__rv_a0); })
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(done); if (__ravel_sync(__rv_p, 2, &[[S3:[^)]*]])) { while (!__rv_p->try_wait()) __ravel_sync(__rv_p, 4, &[[S3]]); } else __rv_p->wait(); __ravel_sync(__rv_p, 3, &[[S3]]); })
// CHECK-NEXT: bool ok = __extension__ ({ auto *__rv_p = __builtin_addressof(done); __ravel_sync(__rv_p, 2, &[[S4:[^)]*]]); auto __rv_r = __rv_p->try_wait(); if (__rv_r) { __ravel_sync(__rv_p, 3, &[[S4]]); } static_cast<decltype(__rv_r) &&>(__rv_r); });
// CHECK-NEXT: __extension__ ({ auto *__rv_p = (lp); __ravel_sync(__rv_p, 1, &[[S5:[^)]*]]); if (__ravel_sync(__rv_p, 2, &[[S5]])) { __rv_p->count_down(); while (!__rv_p->try_wait()) __ravel_sync(__rv_p, 4, &[[S5]]); } else __rv_p->arrive_and_wait(); __ravel_sync(__rv_p, 3, &[[S5]]); })

// CHECK-LABEL: void barriers() {
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(phase); __ravel_sync(__rv_p, 1, &[[B1:[^)]*]]); __rv_p->arrive_and_wait(); __ravel_sync(__rv_p, 3, &[[B1]]); })
// CHECK-NEXT: auto token = __extension__ ({ auto *__rv_p = __builtin_addressof(phase); __ravel_sync(__rv_p, 1, &{{.*}}); auto __rv_r = __rv_p->arrive(); static_cast<decltype(__rv_r) &&>(__rv_r); });
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(phase); auto &&__rv_a0 = (std::move(token)); __ravel_sync(__rv_p, 2, &[[B3:[^)]*]]); __rv_p->wait(static_cast<decltype(__rv_a0) &&>(__rv_a0)); __ravel_sync(__rv_p, 3, &[[B3]]); })
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(phase); __ravel_sync(__rv_p, 1, &{{.*}}); __rv_p->arrive_and_drop(); })

// CHECK-LABEL: bool semaphores() {
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(slots); __ravel_sync(__rv_p, 1, &{{.*}}); __rv_p->release((2)); })
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(gate); __ravel_sync(__rv_p, 1, &{{.*}}); __rv_p->release(); })
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(gate); if (__ravel_sync(__rv_p, 2, &[[A1:[^)]*]])) { while (!__rv_p->try_acquire()) __ravel_sync(__rv_p, 4, &[[A1]]); } else __rv_p->acquire(); __ravel_sync(__rv_p, 3, &[[A1]]); })
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(slots); __ravel_sync(__rv_p, 2, &[[A2:[^)]*]]); auto __rv_r = __rv_p->try_acquire(); if (__rv_r) { __ravel_sync(__rv_p, 3, &[[A2]]); } (void)__rv_r; });
// CHECK-NEXT: return __extension__ ({ auto *__rv_p = __builtin_addressof(slots); auto &&__rv_a0 = (std::chrono::milliseconds(5)); __ravel_sync(__rv_p, 2, &[[A3:[^)]*]]); auto __rv_r = __rv_p->try_acquire_for(static_cast<decltype(__rv_a0) &&>(__rv_a0)); if (__rv_r) { __ravel_sync(__rv_p, 3, &[[A3]]); } static_cast<decltype(__rv_r) &&>(__rv_r); });
// CHECK: sync-site {{ *}}14

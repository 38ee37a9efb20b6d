// std::atomic members, operators and conversions, atomic_flag, fences.
// FLAGS: -std=c++17
#include <atomic>

std::atomic<int> hits{0};
std::atomic<int *> head{nullptr};
std::atomic_flag busy = ATOMIC_FLAG_INIT;

struct Counter {
  std::atomic<long> n{0};
  long bump() { return n.fetch_add(1, std::memory_order_acq_rel) + 1; }
};

int atomics(Counter *c, int *node) {
  hits.store(3, std::memory_order_release);
  int seen = hits;
  ++hits;
  hits += seen;
  int expected = 4;
  bool swapped = hits.compare_exchange_weak(expected, 5);
  head.store(nullptr);
  head = node;
  while (busy.test_and_set(std::memory_order_acquire)) {
  }
  busy.clear(std::memory_order_release);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  return seen + swapped + (int)c->n.load() + (int)hits.is_lock_free();
}

// CHECK-LABEL: long bump() {
// CHECK-SAME: return __extension__ ({ auto *__rv_p = __builtin_addressof(n); int __rv_mo = (int)(std::memory_order_acq_rel); int __rv_fmo = __rv_mo; (void)__rv_fmo; __ravel_atomic_begin(__rv_p, sizeof *__rv_p, 3, __rv_mo, __rv_fmo, &[[S:__ravel_s_[0-9a-f]+]]); auto __rv_r = __rv_p->fetch_add((1), (std::memory_order_acq_rel)); __ravel_atomic_end(__rv_p, sizeof *__rv_p, 3, __rv_mo, __rv_fmo, 1, &[[S]]); __rv_r; }) + 1; }
// CHECK-LABEL: int atomics(Counter *c, int *node) {
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(hits); int __rv_mo = (int)(std::memory_order_release); {{.*}}, 2, {{.*}} __rv_p->store((3), (std::memory_order_release)); {{.*}} });
// The implicit conversion is a load.
// CHECK-NEXT: int seen = __extension__ ({ auto *__rv_p = __builtin_addressof(hits); int __rv_mo = 5; {{.*}}, 1, {{.*}} auto __rv_r = __rv_p->load(); {{.*}} __rv_r; });
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(hits); {{.*}}, 3, {{.*}} auto __rv_r = ++*__rv_p; {{.*}} (void)__rv_r; });
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(hits); auto __rv_a0 = (seen); {{.*}}, 3, {{.*}} auto __rv_r = *__rv_p += __rv_a0; {{.*}} (void)__rv_r; });
// CHECK-NEXT: int expected = 4;
// expected is a T& parameter: bound by reference; one order derives the other.
// CHECK-NEXT: bool swapped = __extension__ ({ auto *__rv_p = __builtin_addressof(hits); auto &&__rv_a0 = (expected); int __rv_mo = 5; int __rv_fmo = __ravel_fail_order(__rv_mo); {{.*}}, 4, {{.*}} auto __rv_r = __rv_p->compare_exchange_weak(static_cast<decltype(__rv_a0) &&>(__rv_a0), (5)); __ravel_atomic_end(__rv_p, sizeof *__rv_p, 4, __rv_mo, __rv_fmo, __rv_r, &{{.*}}); __rv_r; });
// CHECK-NEXT: __rv_p->store((nullptr))
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(head); auto __rv_a0 = (node); {{.*}} auto __rv_r = *__rv_p = __rv_a0; {{.*}} (void)__rv_r; });
// CHECK-NEXT: while (__extension__ ({ auto *__rv_p = __builtin_addressof(busy); int __rv_mo = (int)(std::memory_order_acquire); {{.*}}, 3, {{.*}} __rv_p->test_and_set((std::memory_order_acquire)); {{.*}} __rv_r; })) {
// CHECK: __rv_p->clear((std::memory_order_release));
// CHECK-NEXT: __extension__ ({ __ravel_fence((int)(std::memory_order_seq_cst), 0, &{{.*}}); std::atomic_thread_fence((std::memory_order_seq_cst)); });
// A member of a pointee; is_lock_free touches nothing.
// CHECK-NEXT: return seen + swapped + (int)__extension__ ({ auto *__rv_p = __builtin_addressof(c->n); {{.*}}__rv_p->load(){{.*}}) + (int)hits.is_lock_free();

// CHECK: atomic {{ *}}12

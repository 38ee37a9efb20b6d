// std::atomic_ref operations are keyed on the referenced object: the ref's
// address (or a copy of a temporary ref, whose address cannot be taken) is
// hoisted and __ravel_ref_target reads the referenced address out of it.
// FLAGS: -std=c++20
#include <atomic>

int flag;
long total;

void publish() {
  std::atomic_ref<int>(flag).store(1, std::memory_order_release);
}

int consume(std::atomic_ref<long> *p) {
  std::atomic_ref<int> r(flag);
  while (r.load(std::memory_order_acquire) == 0) {
  }
  ++r;
  r += 2;
  int seen = r;
  p->fetch_add(seen);
  std::atomic<int>{}.store(3);
  return seen;
}

// CHECK-LABEL: void publish() {
// A temporary ref is copied, not addressed.
// CHECK-NEXT: __extension__ ({ auto __rv_ref = (std::atomic_ref<int>(flag)); auto *__rv_p = __ravel_ref_target(__rv_ref); int __rv_mo = (int)(std::memory_order_release); {{.*}} __ravel_atomic_begin(__rv_p, sizeof *__rv_p, 2, {{.*}}); __rv_ref.store((1), (std::memory_order_release)); __ravel_atomic_end({{.*}}); });
// CHECK-LABEL: int consume(std::atomic_ref<long> *p) {
// CHECK-NEXT: std::atomic_ref<int> r(flag);
// CHECK-NEXT: while (__extension__ ({ auto *__rv_o = __builtin_addressof(r); auto *__rv_p = __ravel_ref_target(*__rv_o); int __rv_mo = (int)(std::memory_order_acquire); {{.*}}, 1, {{.*}} auto __rv_r = __rv_o->load((std::memory_order_acquire)); {{.*}} __rv_r; }) == 0) {
// CHECK-NEXT: }
// CHECK-NEXT: __extension__ ({ auto *__rv_o = __builtin_addressof(r); auto *__rv_p = __ravel_ref_target(*__rv_o); {{.*}}, 3, {{.*}} auto __rv_r = ++(*__rv_o); {{.*}} (void)__rv_r; });
// CHECK-NEXT: __extension__ ({ auto *__rv_o = __builtin_addressof(r); auto *__rv_p = __ravel_ref_target(*__rv_o); {{.*}} auto __rv_r = (*__rv_o) += (2); {{.*}} });
// CHECK-NEXT: int seen = __extension__ ({ auto *__rv_o = __builtin_addressof(r); auto *__rv_p = __ravel_ref_target(*__rv_o); {{.*}}, 1, {{.*}} auto __rv_r = __rv_o->load(); {{.*}} __rv_r; });
// Through a pointer to a ref.
// CHECK-NEXT: __extension__ ({ auto *__rv_o = (p); auto __rv_a0 = (seen); auto *__rv_p = __ravel_ref_target(*__rv_o); {{.*}} __rv_o->fetch_add(__rv_a0); {{.*}} });
// A temporary std::atomic is seen by nobody else: left alone.
// CHECK-NEXT: std::atomic<int>{}.store(3);

// CHECK: atomic {{ *}}6

// C11 <stdatomic.h>, __atomic_* and __sync_* builtins and fences: operands
// evaluated once into temporaries, the real operation between begin and end.
// FLAGS: -std=c11
#include <stdatomic.h>
#include <stdbool.h>

atomic_int hits;
int plain;
int *slot;

int next(void) { return 1; }

bool atomics(int *expected) {
  atomic_fetch_add_explicit(&hits, next(), memory_order_relaxed);
  int seen = atomic_load(&hits);
  __atomic_store_n(&plain, seen, __ATOMIC_RELEASE);
  __atomic_store_n(&slot, 0, __ATOMIC_RELAXED);
  bool ok = atomic_compare_exchange_strong_explicit(
      &hits, expected, 7, memory_order_acq_rel, memory_order_acquire);
  __sync_fetch_and_add(&plain, 2);
  atomic_thread_fence(memory_order_seq_cst);
  __sync_synchronize();
  return ok;
}

// Site texts are what the preprocessor made of the call.
// CHECK: {"c_atomics.c", "atomics", "__c11_atomic_fetch_add(&hits, next(), memory_order_relaxed)", 14, 3, 4, 0};
// CHECK: {"c_atomics.c", "atomics", "__c11_atomic_compare_exchange_strong( &hits, expected, 7, memory_order_acq_rel, memory_order_acquire)", 18, 14, 4, 0};
// CHECK-LABEL: _Bool atomics(int *expected) {
// The result of a discarded operation is cast away; next() runs once, first.
// CHECK-NEXT: __extension__ ({ __auto_type __rv_p = (&hits); __auto_type __rv_a1 = (next()); int __rv_mo = (int)(memory_order_relaxed); int __rv_fmo = __rv_mo; (void)__rv_fmo; __ravel_atomic_begin(__rv_p, sizeof *__rv_p, 3, __rv_mo, __rv_fmo, &[[S1:__ravel_s_[0-9a-f]+]]); __auto_type __rv_r = __c11_atomic_fetch_add(__rv_p, __rv_a1, (memory_order_relaxed)); __ravel_atomic_end(__rv_p, sizeof *__rv_p, 3, __rv_mo, __rv_fmo, 1, &[[S1]]); (void)__rv_r; });
// CHECK-NEXT: int seen = __extension__ ({ __auto_type __rv_p = (&hits); int __rv_mo = (int)(5); {{.*}} __ravel_atomic_begin(__rv_p, sizeof *__rv_p, 1, {{.*}} __rv_r = __c11_atomic_load(__rv_p, (5)); {{.*}} __rv_r; });
// CHECK-NEXT: __atomic_store_n(__rv_p, __rv_a1, (3))
// A null pointer constant stays in place: it must remain one.
// CHECK-NEXT: __ravel_atomic_begin(__rv_p, sizeof *__rv_p, 2, {{.*}} __atomic_store_n(__rv_p, (0), (0));
// Multi-line operand lists keep their newlines, so later lines keep their numbers.
// CHECK-NEXT: _Bool ok = __extension__ ({ __auto_type __rv_p = ({{$}}
// CHECK-NEXT: &hits); __auto_type __rv_a1 = (expected); int __rv_mo = (int)(memory_order_acq_rel); int __rv_fmo = (int)(memory_order_acquire); {{.*}}, 4, __rv_mo, __rv_fmo, {{.*}} __c11_atomic_compare_exchange_strong(__rv_p, __rv_a1, (7), (memory_order_acq_rel), (memory_order_acquire)); __ravel_atomic_end({{.*}}, __rv_r, &{{.*}}); __rv_r; });
// CHECK-NEXT: __extension__ ({ __auto_type __rv_p = (&plain); int __rv_mo = 5; {{.*}} 3, {{.*}} __sync_fetch_and_add(__rv_p, (2));
// CHECK-NEXT: __extension__ ({ __ravel_fence((int)(memory_order_seq_cst), 0, &{{.*}}); __c11_atomic_thread_fence((memory_order_seq_cst)); });
// CHECK-NEXT: __extension__ ({ __ravel_fence(5, 0, &{{.*}}); __sync_synchronize(); });
// CHECK: atomic {{ *}}8
// CHECK-NEXT: function-scope {{ *}}2

// Plain operators on C11 _Atomic objects are seq_cst atomic operations:
// loads, stores and updates go through __ravel_atomic_begin/end with the
// object's address evaluated once, then the operand, then the operation.
// FLAGS: -std=c11
#include <stdatomic.h>

atomic_int ready;
_Atomic(long) hits;
_Atomic int *slot;
_Atomic long double total;
int data;

int next(void) { return 2; }

int handoff(void) {
  data = 1;
  ready = 1;
  while (!ready) {
  }
  hits++;
  hits += next();
  *slot <<= 1;
  int seen = (ready = 3);
  total += 1.0L;
  return seen + (int)--hits;
}

// CHECK: {"c_atomic_qualified.c", "handoff", "ready", 17, 3, 4, 0};
// CHECK-LABEL: int handoff(void) {
// CHECK-NEXT: __ravel_write
// The store: address, then the value converted to the object's value type.
// CHECK-NEXT: __extension__ ({ __auto_type __rv_p = &(ready); __typeof__(__c11_atomic_load(__rv_p, 5)) __rv_v = (1); __ravel_atomic_begin(__rv_p, sizeof *__rv_p, 2, 5, 5, &[[S:__ravel_s_[0-9a-f]+]]); __c11_atomic_store(__rv_p, __rv_v, 5); __ravel_atomic_end(__rv_p, sizeof *__rv_p, 2, 5, 5, 1, &[[S]]); (void)__rv_v; });
// The load in the condition.
// CHECK-NEXT: while (!__extension__ ({ __auto_type __rv_p = &(ready); __ravel_atomic_begin(__rv_p, sizeof *__rv_p, 1, 5, 5, &{{.*}}); __auto_type __rv_r = __c11_atomic_load(__rv_p, 5); __ravel_atomic_end(__rv_p, sizeof *__rv_p, 1, 5, 5, 1, &{{.*}}); __rv_r; })) {
// CHECK-NEXT: }
// Updates: a compare-exchange loop between begin and end; postfix yields the old value.
// CHECK-NEXT: __extension__ ({ __auto_type __rv_p = &(hits); __typeof__(__c11_atomic_load(__rv_p, 5)) __rv_o, __rv_n; __ravel_atomic_begin(__rv_p, sizeof *__rv_p, 3, 5, 5, &{{.*}}); __rv_o = __c11_atomic_load(__rv_p, 0); do __rv_n = __rv_o + 1; while (!__c11_atomic_compare_exchange_weak(__rv_p, &__rv_o, __rv_n, 5, 0)); __ravel_atomic_end(__rv_p, sizeof *__rv_p, 3, 5, 5, 1, &{{.*}}); (void)__rv_o; });
// next() runs once, after the address.
// CHECK-NEXT: __extension__ ({ __auto_type __rv_p = &(hits); __auto_type __rv_a = (next()); {{.*}} do __rv_n = __rv_o + __rv_a; while {{.*}}; (void)__rv_n; });
// The pointer read inside the object's lvalue is instrumented as usual.
// CHECK-NEXT: __extension__ ({ __auto_type __rv_p = &(*(*__extension__ ({ __auto_type __rv_p = &(slot); {{.*}}__ravel_read{{.*}} }))); __auto_type __rv_a = (1); {{.*}} do __rv_n = __rv_o << __rv_a; {{.*}} (void)__rv_n; });
// The value of an assignment is the stored value.
// CHECK-NEXT: int seen = (__extension__ ({ __auto_type __rv_p = &(ready); {{.*}} __rv_v; }));
// long double has padding: no compare-exchange loop, left as it is.
// CHECK-NEXT: {{^ *}}total += 1.0L;
// CHECK-NEXT: return seen + (int)__extension__ ({ __auto_type __rv_p = &(hits); {{.*}} do __rv_n = __rv_o - 1; {{.*}} __rv_n; });

// CHECK: instrumented-read {{ *}}1
// CHECK-NEXT: instrumented-write {{ *}}1
// CHECK-NEXT: atomic {{ *}}7
// CHECK: skipped-atomic-qualified {{ *}}1

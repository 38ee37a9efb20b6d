// The same header with its directory named: its plain accesses and function
// scopes are rewritten too.
// FLAGS: -std=c++17
// RAVEL-ARGS: --instrument-dir /nonexistent --instrument-dir %S/../headers
#include "../headers/queue.h"

int main() {
  Queue q;
  q.push(1);
  return q.slots[0];
}

// CHECK: {"{{.*}}/tests/instrument/headers/queue.h", "Queue::push", "Queue::push", 7, 8, 7, 0};
// CHECK-LABEL: void push(int v) {
// CHECK-SAME: __ravel_func_enter(
// CHECK-NEXT: __ravel_wr(slots[__extension__ ({ auto *__rv_p = __builtin_addressof(size); {{.*}} })], &{{.*}}) = v;

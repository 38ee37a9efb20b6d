// Scope by presumed file: the root gets everything; a non-system header
// outside it gets its atomics only (see scope_instrument_dir.cpp).
// FLAGS: -std=c++17
#include "../headers/queue.h"

int main() {
  Queue q;
  q.push(1);
  return q.slots[0];
}

// CHECK-LABEL: void push(int v) {
// CHECK-NEXT: slots[__extension__ ({ auto *__rv_p = __builtin_addressof(size); {{.*}}__rv_p->load((std::memory_order_relaxed)){{.*}} })] = v;
// CHECK-NEXT: __extension__ ({ auto *__rv_p = __builtin_addressof(size); {{.*}}__rv_p->fetch_add((1), (std::memory_order_release)){{.*}} });
// CHECK-LABEL: int main() {
// CHECK: atomic {{ *}}2

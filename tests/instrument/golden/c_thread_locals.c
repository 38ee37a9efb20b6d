// Thread-locals are private to their thread only while their address stays
// there: a thread-local whose address is taken, bound or decays is an
// ordinary shared object (another thread may reach it through the address).
// A thread-local with external linkage may escape in another TU.
// FLAGS: -std=c11

static _Thread_local int private_count;
static _Thread_local int published;
static _Thread_local int by_pointer;
static _Thread_local int table[4];
static _Thread_local int decays[4];
_Thread_local int external;

int *shared_ptr;
void take(int *p);

int work(void) {
  static _Thread_local int calls; // function scope: every use is here
  calls++;
  private_count += table[1];
  shared_ptr = &published;
  published++;
  take(&by_pointer);
  by_pointer = 2;
  int *d = decays;
  decays[0] = 1;
  external = 3;
  return private_count + calls + *d;
}

// CHECK-LABEL: int work(void) {
// CHECK-NOT: &(private_count)
// CHECK-NOT: &(calls)
// CHECK-NOT: &(table
// CHECK-NEXT: static _Thread_local int calls;
// CHECK-NEXT: {{^ *}}calls++;
// CHECK-NEXT: {{^ *}}private_count += table[1];
// CHECK-NEXT: = &published;
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(published); __ravel_update(
// CHECK-NEXT: take(&by_pointer);
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(by_pointer); (sizeof *__rv_p <= 16 ? __ravel_write
// CHECK-NEXT: int *d = decays;
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(decays[0]); (sizeof *__rv_p <= 16 ? __ravel_write
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(external); (sizeof *__rv_p <= 16 ? __ravel_write
// CHECK-NEXT: return private_count + calls + (*__extension__ ({ __auto_type __rv_p = &(*d);

// CHECK: instrumented-read {{ *}}1
// CHECK-NEXT: instrumented-write {{ *}}4
// CHECK-NEXT: instrumented-update {{ *}}1
// CHECK-NEXT: function-scope {{ *}}1
// CHECK-NEXT: pruned-local {{ *}}1
// CHECK-NEXT: pruned-thread-local {{ *}}5

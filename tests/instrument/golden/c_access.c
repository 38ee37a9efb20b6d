// Plain reads, writes and updates in C; what is pruned and what is skipped.
// FLAGS: -std=c11
#include <stddef.h>

struct Account {
  int balance;
  unsigned flags : 3;
};

int counter;
static _Thread_local int per_thread; // private: its address never escapes
const int limit = 10;
_Atomic int implicit_atomic;
int initial = sizeof(counter); // file scope: nothing to rewrite

void escape(int *p);

int deposit(struct Account *acct, int amount) {
  int local = amount;
  int escaped = 0;
  escape(&escaped);
  local += 1;
  escaped += local;
  acct->balance += local;
  counter++;
  per_thread = counter + limit;
  acct->flags = 1;
  implicit_atomic = 2;
  size_t n = sizeof(acct->balance) + sizeof(counter + 1);
  __asm__ volatile("" : : "r"(counter));
  return (int)n + acct->balance;
}

// The site records come first, one per site, relative to the root.
// CHECK: const __ravel_site [[FN:__ravel_s_[0-9a-f]+]] {{.*}} = {"c_access.c", "deposit", "deposit", 18, 5, 7, 0};
// CHECK: const __ravel_site [[ESC:__ravel_s_[0-9a-f]+]] {{.*}} = {"c_access.c", "deposit", "escaped", 23, 3, 3, 0};
// CHECK: const __ravel_site [[BAL:__ravel_s_[0-9a-f]+]] {{.*}} = {"c_access.c", "deposit", "acct->balance", 24, 3, 3, 0};
// CHECK: {"c_access.c", "deposit", "acct->flags", 27, 3, 3, 0};
// CHECK: __ravel_register_tu(&__ravel_this_tu)

// CHECK-LABEL: int deposit(struct Account *acct, int amount) {
// CHECK-SAME: char __ravel_fn = __ravel_func_enter(&[[FN]]);
// CHECK-NEXT: int local = amount;
// CHECK-NEXT: int escaped = 0;
// CHECK-NEXT: escape(&escaped);
// CHECK-NEXT: {{^ *}}local += 1;
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(escaped); __ravel_update(__rv_p, sizeof *__rv_p, &[[ESC]]); __rv_p; })) += local;
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(acct->balance); __ravel_update(__rv_p, sizeof *__rv_p, &[[BAL]]); __rv_p; })) += local;
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(counter); __ravel_update(
// The thread-local store and the const read are pruned; the read of counter is not.
// CHECK-NEXT: {{^ *}}per_thread = (*__extension__ ({ __auto_type __rv_p = &(counter); (sizeof *__rv_p <= 16 ? __ravel_read : __ravel_read_range)({{.*}} + limit;
// A bit-field store rewrites its memory location (the byte of flags): the
// base is wrapped, evaluated once.
// CHECK-NEXT: {{^ *}}(__extension__ ({ __auto_type __rv_b = (acct); __ravel_update((const volatile char *)__rv_b + 4, 1, &[[FLG:__ravel_s_[0-9a-f]+]]); __rv_b; }))->flags = 1;
// A C11 _Atomic object: a seq_cst atomic store (c_atomic_qualified.c).
// CHECK-NEXT: __extension__ ({ __auto_type __rv_p = &(implicit_atomic); {{.*}} __c11_atomic_store(__rv_p, __rv_v, 5); {{.*}} });
// CHECK-NEXT: size_t n = sizeof(acct->balance) + sizeof(counter + 1);
// CHECK-NEXT: __asm__ volatile("" : : "r"(counter));
// CHECK-NEXT: return (int)n + (*__extension__ ({ __auto_type __rv_p = &(acct->balance); (sizeof *__rv_p <= 16 ? __ravel_read : __ravel_read_range)

// CHECK: instrumented-read {{ *}}2
// CHECK-NEXT: instrumented-write {{ *}}1
// CHECK-NEXT: instrumented-update {{ *}}3
// CHECK-NEXT: atomic {{ *}}1
// CHECK-NEXT: function-scope {{ *}}1
// CHECK-NEXT: pruned-local {{ *}}9
// CHECK-NEXT: pruned-thread-local {{ *}}1
// CHECK-NEXT: pruned-const {{ *}}1
// CHECK-NEXT: skipped-unevaluated {{ *}}1
// CHECK-NEXT: skipped-asm {{ *}}1
// CHECK-NEXT: accesses: 6 instrumented, 11 pruned (57.9%), 2 skipped

// Function scopes and their names; condition variables; a source that
// includes ravel.h itself; instantiations that disagree.
// FLAGS: -std=c++20 -I%S/../../../runtime/include
#include "ravel/ravel.h"

#include <coroutine>
#include <system_error>

std::error_code make();
int g;
long wide;

struct Account {
  int balance;
  Account() : balance(g) {}
  ~Account() { g = balance; }
  void deposit(int n);
};
void Account::deposit(int n) { balance += n; }

template <class T> T &&pass(T &&v) { return static_cast<T &&>(v); }
template <class T> int read_it(T v) { return (int)v; }

__attribute__((naked)) void bare() { __asm__("ret"); }

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
Task coro() { co_return; }

int conditions() {
  if (std::error_code ec = make())
    return 1;
  if (int &r = g)
    return r;
  auto l = [] { return g; };
  return l() + read_it(g) + read_it<long &>(wide);
}

// CHECK: {"cxx_functions.cpp", "Account::Account", "Account::Account", 15, 3, 7, 0};
// CHECK: {"cxx_functions.cpp", "Account::~Account", "Account::~Account", 16, 3, 7, 0};
// CHECK: {"cxx_functions.cpp", "Account::deposit", "Account::deposit", 19, 15, 7, 0};
// CHECK: {"cxx_functions.cpp", "conditions()::<lambda at cxx_functions.cpp:42:12>", "conditions()::<lambda at cxx_functions.cpp:42:12>", 42, 12, 7, 0};
// CHECK-LABEL: Account() : balance(__ravel_rd(g, &{{.*}})) {{{.*}}__ravel_func_enter(
// CHECK-NEXT: ~Account() {{{.*}}__ravel_func_enter(&{{.*}}); __ravel_wr(g, &{{.*}}) = __ravel_rd(balance, &{{.*}}); }
// The instantiations of read_it read v (a private copy) or through a
// reference (shared): they disagree, so nothing is rewritten there.
// CHECK-LABEL: template <class T> int read_it(T v) {
// CHECK-SAME: return (int)v; }
// CHECK: __attribute__((naked)) void bare() { __asm__("ret"); }
// CHECK-LABEL: Task coro() { co_return; }
// CHECK-LABEL: int conditions() {
// CHECK-NEXT: if (std::error_code ec = make())
// CHECK-NEXT: return 1;
// CHECK-NEXT: if (int &r = g)
// CHECK-NEXT: return __ravel_rd(r, &{{.*}});
// CHECK: skipped-template-mismatch {{ *}}1
// CHECK-NEXT: skipped-function {{ *}}2

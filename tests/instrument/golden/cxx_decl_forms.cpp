// Every declaration form: explicitly defaulted and deleted special members
// (in the class and out of line) are left exactly as written; constructors
// with member initialisers, function-try-blocks, coroutines, lambdas,
// consteval/constexpr functions. The rewritten output must compile.
// FLAGS: -std=c++20
#include <coroutine>

int shared;

struct A {
  A() = default;
  ~A() = default;
  A(const A &) = default;
  A &operator=(const A &) = default;
  A(int) = delete;
  int v = 0;
};

struct B {
  B();
  ~B();
  B(const B &);
  int v;
};
B::B() = default;
B::~B() = default;
B::B(const B &) = default;

struct C {
  C(int x) : v(x + shared), w(shared) { shared = v; }
  int v, w;
};

int tryBlock(int x) try {
  shared = x;
  return shared;
} catch (...) {
  shared = 0;
  return -1;
}

struct D {
  D() try : v(shared) { shared = 1; } catch (...) {}
  int v;
};

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Task coro() {
  shared = 2;
  co_return;
}

int lambdas() {
  auto f = [] { return shared; };
  auto g = [&](int y) { shared = y; };
  g(1);
  return f();
}

consteval int twice(int x) { return x * 2; }
constexpr int thrice(int x) { return x * 3; }

int constant() {
  shared = twice(3);
  return thrice(shared);
}

int main() {
  A a;
  A a2(a);
  a = a2;
  B b;
  C c(1);
  D d;
  coro();
  return tryBlock(c.v) + lambdas() + constant();
}

// CHECK-LABEL: struct A {
// CHECK-NEXT: {{^  }}A() = default;{{$}}
// CHECK-NEXT: {{^  }}~A() = default;{{$}}
// CHECK-NEXT: {{^  }}A(const A &) = default;{{$}}
// CHECK-NEXT: {{^  }}A &operator=(const A &) = default;{{$}}
// CHECK-NEXT: {{^  }}A(int) = delete;{{$}}
// CHECK-NEXT: {{^  }}int v = 0;{{$}}
// CHECK-LABEL: struct B {
// CHECK: {{^}}B::B() = default;{{$}}
// CHECK-NEXT: {{^}}B::~B() = default;{{$}}
// CHECK-NEXT: {{^}}B::B(const B &) = default;{{$}}
// Member initialisers are rewritten in place; the hook opens the body.
// CHECK: C(int x) : v(x + __ravel_rd(shared, &{{.*}})), w(__ravel_rd(shared, &{{.*}})) {__attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_fn = __ravel_func_enter(&{{.*}}); __ravel_wr(shared, &{{.*}}) = __ravel_rd(v, &{{.*}}); }
// A function-try-block has no body to open: accesses only (skipped-function).
// CHECK-LABEL: int tryBlock(int x) try {
// CHECK-NEXT: {{^  }}__ravel_wr(shared, &{{.*}}) = x;
// CHECK-NEXT: {{^  }}return __ravel_rd(shared, &{{.*}});
// CHECK-NEXT: } catch (...) {
// CHECK-NEXT: {{^  }}__ravel_wr(shared, &{{.*}}) = 0;
// CHECK: D() try : v(__ravel_rd(shared, &{{.*}})) { __ravel_wr(shared, &{{.*}}) = 1; } catch (...) {}
// A coroutine's body: accesses only.
// CHECK-LABEL: Task coro() {
// CHECK-NEXT: {{^  }}__ravel_wr(shared, &{{.*}}) = 2;
// CHECK-NEXT: {{^  }}co_return;
// CHECK: auto f = [] {__attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_fn = __ravel_func_enter(&{{.*}}); return __ravel_rd(shared, &{{.*}}); };
// CHECK-NEXT: auto g = [&](int y) {__attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_fn = __ravel_func_enter(&{{.*}}); __ravel_wr(shared, &{{.*}}) = y; };
// consteval and constexpr bodies are left alone (skipped-constexpr).
// CHECK: {{^}}consteval int twice(int x) { return x * 2; }{{$}}
// CHECK-NEXT: {{^}}constexpr int thrice(int x) { return x * 3; }{{$}}
// CHECK: __ravel_wr(shared, &{{.*}}) = twice(3);
// CHECK-NEXT: return thrice(__ravel_rd(shared, &{{.*}}));
// CHECK: instrumented-read {{ *}}7
// CHECK-NEXT: instrumented-write {{ *}}7
// CHECK-NEXT: function-scope {{ *}}11
// CHECK: skipped-constexpr {{ *}}2
// CHECK-NEXT: skipped-function {{ *}}3

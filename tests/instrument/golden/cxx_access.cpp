// C++ plain accesses: members through this, references, lambdas, structured
// bindings, range-for, templates, and the contexts that are never rewritten.
// FLAGS: -std=c++20
#include <utility>

int total;
int seed = total + 1; // file scope: skipped
static thread_local int tls; // private: its address never escapes

struct __attribute__((packed)) Packed {
  char c;
  int i;
};

struct Account {
  int balance = total; // default member initialiser: skipped
  void deposit(int n, int fee = total) { balance += n - fee; }
};

template <class T> struct Box {
  T value;
  T get() const { return value; }
};

constexpr int twice(int x) { return x * 2; }
decltype(auto) ref_total() { return total; }

int use(Account &a, Packed &p, std::pair<int, int> &pr) {
  int local = 1;
  auto add = [&local](int n) { local += n; };
  auto copy = [local] { return local + total; };
  add(2);
  auto [first, second] = pr;
  auto &[rf, rs] = pr;
  int sum = first + rf;
  int arr[3] = {1, 2, 3};
  for (int x : arr)
    sum += x;
  for (int &y : arr)
    y = sum;
  Box<int> bi{1};
  Box<long> bl{2};
  if constexpr (sizeof(int) == 4)
    tls = sum;
  a.deposit(3);
  return bi.get() + (int)bl.get() + p.i + copy() + twice(local) + ref_total() +
         second + rs;
}

// CHECK-LABEL: void deposit(int n, int fee = total) {
// CHECK-SAME: __ravel_upd(balance, &{{.*}}) += n - fee; }
// CHECK-LABEL: T get() const {
// CHECK-SAME: return __ravel_rd(value, &{{.*}}); }
// CHECK-LABEL: constexpr int twice(int x) { return x * 2; }
// CHECK-NEXT: decltype(auto) ref_total() {
// CHECK-SAME: return total; }
// CHECK-LABEL: int use(Account &a, Packed &p, std::pair<int, int> &pr) {
// CHECK-NEXT: int local = 1;
// Captured by reference: no longer private.
// CHECK-NEXT: auto add = [&local](int n) {{{.*}}__ravel_func_enter(&{{.*}}); __ravel_upd(local, &{{.*}}) += n; };
// The copy in the closure is read through the capture; the capture list
// itself is never rewritten.
// CHECK-NEXT: auto copy = [local] {{{.*}}__ravel_func_enter(&{{.*}}); return __ravel_rd(local, &{{.*}}) + __ravel_rd(total, &{{.*}}); };
// CHECK-NEXT: add(2);
// CHECK-NEXT: auto [first, second] = pr;
// CHECK-NEXT: auto &[rf, rs] = pr;
// Tuple-like bindings are references: instrumented.
// CHECK-NEXT: int sum = __ravel_rd(first, &{{.*}}) + __ravel_rd(rf, &{{.*}});
// CHECK-NEXT: int arr[3] = {1, 2, 3};
// CHECK-NEXT: for (int x : arr)
// CHECK-NEXT: sum += x;
// CHECK-NEXT: for (int &y : arr)
// CHECK-NEXT: __ravel_wr(y, &{{.*}}) = sum;
// CHECK: if constexpr (sizeof(int) == 4)
// CHECK-NEXT: tls = sum;
// CHECK-NEXT: a.deposit(3);
// A packed member: the base is handed over and the bytes computed from it
// (no reference to the misaligned int).
// CHECK-NEXT: return bi.get() + (int)bl.get() + __ravel_at(p, 1, 4, 1, &{{.*}}).i + copy() + twice(__ravel_rd(local, &{{.*}})) + ref_total() +
// CHECK-NEXT: __ravel_rd(second, &{{.*}}) + __ravel_rd(rs, &{{.*}});

// CHECK: instrumented-read {{ *}}9
// CHECK-NEXT: instrumented-write {{ *}}1
// CHECK-NEXT: instrumented-update {{ *}}2
// CHECK-NEXT: function-scope {{ *}}6
// CHECK-NEXT: pruned-local {{ *}}8
// CHECK-NEXT: pruned-thread-local {{ *}}1
// CHECK-NEXT: skipped-constexpr {{ *}}1
// CHECK-NEXT: skipped-file-scope {{ *}}3
// CHECK-NEXT: skipped-decltype-auto {{ *}}1

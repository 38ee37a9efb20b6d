// C++ thread-locals: private while no reference is bound to them, no
// pointer taken, not passed by reference, not captured by reference (an
// init-capture binds a reference), not used as `this` of a user member.
// FLAGS: -std=c++17

struct Counter {
  int n;
  void bump() { n++; }
};

static thread_local int mine;
static thread_local int bound;
static thread_local int by_ref;
static thread_local int captured;
static thread_local Counter counter;
static thread_local Counter plain;

void take(int &r);

int work() {
  thread_local int calls = 0; // function scope: every use is here
  calls++;
  mine += 2;
  int &r = bound;
  bound = 1;
  take(by_ref);
  by_ref++;
  auto add = [&c = captured] { c++; };
  captured = 5;
  counter.bump();
  counter.n = 1;
  plain.n = 2;
  add();
  return mine + calls + r;
}

// CHECK-LABEL: int work() {
// CHECK-NOT: __ravel_{{rd|wr|upd}}(mine
// CHECK-NOT: __ravel_{{rd|wr|upd}}(calls
// CHECK-NEXT: thread_local int calls = 0;
// CHECK-NEXT: {{^ *}}calls++;
// CHECK-NEXT: {{^ *}}mine += 2;
// CHECK-NEXT: int &r = bound;
// CHECK-NEXT: __ravel_wr(bound, &{{.*}}) = 1;
// CHECK-NEXT: take(by_ref);
// CHECK-NEXT: __ravel_upd(by_ref, &{{.*}})++;
// CHECK-NEXT: auto add = [&c = captured] {
// CHECK-NEXT: __ravel_wr(captured, &{{.*}}) = 5;
// CHECK-NEXT: counter.bump();
// CHECK-NEXT: __ravel_wr(counter.n, &{{.*}}) = 1;
// CHECK-NEXT: {{^ *}}plain.n = 2;
// CHECK-NEXT: add();
// CHECK-NEXT: return mine + calls + __ravel_rd(r, &{{.*}});

// CHECK: instrumented-read {{ *}}1
// CHECK-NEXT: instrumented-write {{ *}}3
// CHECK-NEXT: instrumented-update {{ *}}3
// CHECK-NEXT: function-scope {{ *}}3
// CHECK-NEXT: pruned-thread-local {{ *}}5

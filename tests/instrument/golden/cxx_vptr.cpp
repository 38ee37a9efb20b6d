// The vptr of dynamic objects (Itanium ABI, offset 0): a virtual call that
// is not devirtualised reads it; `delete`, `p->~T()` and constructor bodies
// write it. Where its place is not known statically (a virtual
// base on the way, delete[]) nothing is emitted: skipped-vptr.
// FLAGS: -std=c++17

struct Task {
  virtual ~Task() = default;
  virtual int run() = 0;
  int twice() { return run() * 2; }
};

struct Job : Task {
  Job() : n(1) { n = 2; }
  ~Job() override { n = 0; }
  int run() override { return n; }
  int n;
};

struct Final final : Task {
  int run() override { return 3; }
};

struct Pad {
  long long x;
};
struct Second : Pad, Task {
  int run() override { return 4; }
};

struct Shared : virtual Task {};

int use(Task *t, Task &r, Job *j, Final *f, Second *s, Shared *v, Job *jobs,
        Task **all) {
  int sum = t->run() + r.run();
  sum += t->Task::run(); // qualified: a direct call
  sum += f->run();       // final class: a direct call
  Job local;
  sum += local.run(); // known dynamic type: a direct call
  Task *base = s;
  sum += base->run() + s->twice() + v->run();
  r.~Task();
  delete t;
  delete[] jobs;
  delete[] all; // pointers: no destructor
  return sum + j->run();
}

// `run()` on the implicit this reads its vptr.
// CHECK-LABEL: int twice() {
// CHECK-SAME: return __ravel_at_p(this, 0, 8, 1, &{{.*}})->run() * 2; }
// A constructor body writes it first thing; a destructor body does not
// (`delete` and `p->~T()` are modelled where they are written).
// CHECK-LABEL: Job() : n(1) {
// CHECK-SAME: __ravel_func_enter(&{{.*}}); __ravel_write(this, 8, &{{.*}});  __ravel_wr(n, &{{.*}}) = 2; }
// CHECK-NEXT: ~Job() override {
// CHECK-SAME: __ravel_func_enter(&{{.*}});  __ravel_wr(n, &{{.*}}) = 0; }
// CHECK-LABEL: int use(
// CHECK-NEXT: Task **all) {
// CHECK-NEXT: int sum = __ravel_at_p(t, 0, 8, 1, &{{.*}})->run() + __ravel_at(r, 0, 8, 1, &{{.*}}).run();
// CHECK-NEXT: sum += t->Task::run();
// CHECK-NEXT: sum += f->run();
// CHECK-NEXT: Job local;
// CHECK-NEXT: sum += local.run();
// CHECK-NEXT: Task *base = s;
// CHECK-NEXT: sum += __ravel_at_p(base, 0, 8, 1, &{{.*}})->run() + s->twice() + v->run();
// CHECK-NEXT: __ravel_at(r, 0, 8, 2, &{{.*}}).~Task();
// CHECK-NEXT: delete __ravel_at_p(t, 0, 8, 2, &{{.*}});
// CHECK-NEXT: delete[] jobs;
// CHECK-NEXT: delete[] all;
// CHECK-NEXT: return sum + __ravel_at_p(j, 0, 8, 1, &{{.*}})->run();

// CHECK: instrumented-vptr {{ *}}8
// CHECK: skipped-vptr {{ *}}2

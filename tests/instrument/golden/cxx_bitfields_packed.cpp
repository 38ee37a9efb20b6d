// Bit-fields and packed members in C++: the base object (or pointer) goes
// through __ravel_at / __ravel_at_p, which report bytes computed from its
// address and hand it back; an implicit `this` is written out;
// derived-to-base steps add the base's offset.
// FLAGS: -std=c++17
#include <memory>

struct Bits {
  int id;
  unsigned a : 1;
  unsigned b : 1;
  void set() { a = 1; }
};

struct Derived : Bits {
  int more;
  void flip() { b = !b; }
};

struct Pad {
  long long x;
};
struct Multi : Pad, Bits {};

struct __attribute__((packed)) Wire {
  char tag;
  int length;
};

template <class T> struct Holder {
  T value;
  unsigned ready : 1;
  void mark() { ready = 1; }
};

int use(Derived &d, Multi *m, Wire &w, std::unique_ptr<Bits> &up) {
  d.a = 1;
  m->b = 1;
  w.length += 2;
  up->a = 1;
  Holder<int> hi{};
  hi.mark();
  Holder<char> hc{};
  hc.mark();
  return w.length + d.b;
}

// CHECK-LABEL: void set() {
// CHECK-SAME: __ravel_at_p(this, 4, 1, 3, &{{.*}})->a = 1; }
// CHECK-LABEL: void flip() {
// CHECK-SAME: __ravel_at_p(this, 4, 1, 3, &{{.*}})->b = !__ravel_at_p(this, 4, 1, 1, &{{.*}})->b; }
// The two instantiations put `ready` at different offsets: left alone.
// CHECK-LABEL: void mark() {
// CHECK-SAME: ready = 1; }
// CHECK-LABEL: int use(Derived &d, Multi *m, Wire &w, std::unique_ptr<Bits> &up) {
// CHECK-NEXT: __ravel_at(d, 4, 1, 3, &{{.*}}).a = 1;
// Bits sits after Pad in Multi.
// CHECK-NEXT: __ravel_at_p(m, 12, 1, 3, &{{.*}})->b = 1;
// CHECK-NEXT: __ravel_at(w, 1, 4, 3, &{{.*}}).length += 2;
// Through an overloaded `->`: the library call is modelled, the bit-field skipped.
// CHECK-NEXT: __ravel_libr(up, &{{.*}})->a = 1;
// CHECK: return __ravel_at(w, 1, 4, 1, &{{.*}}).length + __ravel_at(d, 4, 1, 1, &{{.*}}).b;

// CHECK: skipped-bitfield {{ *}}1
// CHECK: skipped-template-mismatch {{ *}}1

// Bit-fields and packed members in C: the base is wrapped and evaluated
// once; the bytes are computed from it as a char pointer (no misaligned
// typed pointer, no -Waddress-of-packed-member). A bit-field store updates
// its whole memory location, the run of adjacent non-zero-width bit-fields.
// FLAGS: -std=c11

struct Flags {
  int id;
  unsigned a : 1;
  unsigned b : 7;
  unsigned c : 12; // a, b and c: bytes 4..6
  unsigned : 0;
  unsigned d : 3; // byte 8 alone
  long long wide[3];
  unsigned long long e : 60;
};

struct __attribute__((packed)) Wire {
  char tag;
  int length;
  struct Flags flags;
};

struct Flags g;
struct Wire w;

struct Flags *next(void);
struct Flags make(void);

int use(struct Flags *p, struct Wire *pw) {
  g.a = 1;
  p->c += 2;
  next()->d = 1;
  w.length = g.b;
  pw->length++;
  pw->flags.id = 3;
  p->e = 5;
  register struct Flags r = {0};
  r.a = 1;
  return make().b + r.a;
}

// CHECK-LABEL: int use(struct Flags *p, struct Wire *pw) {
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_b = &(g); __ravel_update((const volatile char *)__rv_b + 4, 3, &{{.*}}); __rv_b; })).a = 1;
// CHECK-NEXT: (__extension__ ({ __auto_type __rv_b = (p); __ravel_update((const volatile char *)__rv_b + 4, 3, &{{.*}}); __rv_b; }))->c += 2;
// The base is a call: evaluated once, inside the wrap.
// CHECK-NEXT: (__extension__ ({ __auto_type __rv_b = (next()); __ravel_update((const volatile char *)__rv_b + 8, 1, &{{.*}}); __rv_b; }))->d = 1;
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_b = &(w); __ravel_write((const volatile char *)__rv_b + 1, 4, &{{.*}}); __rv_b; })).length = (*__extension__ ({ __auto_type __rv_b = &(g); __ravel_read((const volatile char *)__rv_b + 4, 3, &{{.*}}); __rv_b; })).b;
// CHECK-NEXT: (__extension__ ({ __auto_type __rv_b = (pw); __ravel_update((const volatile char *)__rv_b + 1, 4, &{{.*}}); __rv_b; }))->length++;
// CHECK-NEXT: (__extension__ ({ __auto_type __rv_b = (pw); __ravel_write((const volatile char *)__rv_b + 5, 4, &{{.*}}); __rv_b; }))->flags.id = 3;
// CHECK-NEXT: (__extension__ ({ __auto_type __rv_b = (p); __ravel_update((const volatile char *)__rv_b + 40, 8, &{{.*}}); __rv_b; }))->e = 5;
// A register object has no address; a returned struct is not an lvalue
// (and is no one else's).
// CHECK-NEXT: register struct Flags r = {0};
// CHECK-NEXT: {{^ *}}r.a = 1;
// CHECK-NEXT: return make().b + r.a;

// CHECK: instrumented-read {{ *}}1
// CHECK-NEXT: instrumented-write {{ *}}5
// CHECK-NEXT: instrumented-update {{ *}}2

// Accesses left untouched because an edit would not be provably safe, each
// counted: vector elements have no address, and a VLA-typed lvalue cannot be
// copied into an `__auto_type` temporary without re-evaluating its bound
// (here the read of *grid, whose type is `int (*)[n]`).
// FLAGS: -std=gnu11
typedef int v4si __attribute__((vector_size(16)));
typedef float f4 __attribute__((ext_vector_type(4)));

v4si lanes;
f4 colour;
int rows;

int skips(int n, int (**grid)[n]) {
  lanes[1] = 3;
  colour.x = 1.0f;
  int (*row)[n] = *grid;
  return lanes[2] + (int)colour.y + (*row)[0] + rows;
}

// CHECK-LABEL: int skips(int n, int (**grid)[n]) {
// CHECK-NEXT: {{^ *}}lanes[1] = 3;
// CHECK-NEXT: {{^ *}}colour.x = 1.0f;
// CHECK-NEXT: int (*row)[n] = *grid;
// The vector reads stay; the element of the VLA is a plain int.
// CHECK-NEXT: return lanes[2] + (int)colour.y + (*__extension__ ({ __auto_type __rv_p = &((*row)[0]); {{.*}} + (*__extension__ ({ __auto_type __rv_p = &(rows);

// CHECK: skipped-vector-element {{ *}}4
// CHECK-NEXT: skipped-variably-modified {{ *}}1

// K&R (identifier-list) function definitions: the hook goes after the
// parameter declarations, at the body's `{`.
// FLAGS: -std=gnu11 -Wno-deprecated-non-prototype
int shared;

int add(a, b)
int a;
int *b;
{
  shared = a;
  return *b + shared;
}

void store(p, n)
     int *p;
     long n;
{
  *p = (int)n;
}

static int count(void) { return shared; }

// CHECK-LABEL: int add(a, b)
// CHECK-NEXT: {{^}}int a;{{$}}
// CHECK-NEXT: {{^}}int *b;{{$}}
// CHECK-NEXT: {{^}}{__attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_fn = __ravel_func_enter(&{{.*}});
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(shared); (sizeof *__rv_p <= 16 ? __ravel_write : __ravel_write_range)(__rv_p, sizeof *__rv_p, &{{.*}}); __rv_p; })) = a;
// CHECK-NEXT: return (*__extension__ ({ __auto_type __rv_p = &(*b);
// CHECK-LABEL: void store(p, n)
// CHECK-NEXT: {{^     }}int *p;{{$}}
// CHECK-NEXT: {{^     }}long n;{{$}}
// CHECK-NEXT: {{^}}{__attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_fn = __ravel_func_enter(&{{.*}});
// CHECK-NEXT: (*__extension__ ({ __auto_type __rv_p = &(*p);
// CHECK: instrumented-read {{ *}}3
// CHECK-NEXT: instrumented-write {{ *}}2
// CHECK-NEXT: function-scope {{ *}}3
// CHECK-NEXT: pruned-local {{ *}}4

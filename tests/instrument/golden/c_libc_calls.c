// libc memory and string calls get their own sites and are checked by the
// runtime before the call, so a call the compiler expands inline is still
// seen; each argument is evaluated once and the callee keeps its spelling
// (a fortified call stays fortified).
// FLAGS: -std=gnu11 -O2 -D_FORTIFY_SOURCE=2
#include <string.h>
#include <strings.h>

void *__memset_chk(void *dst, int c, size_t n, size_t dstlen);

char shared[64];
char *cursor;
int next(void) { return 4; }

int copy(const char *src) {
  memcpy(shared, src, next());
  void *end = memmove(shared + 1, shared, 8);
  memset(shared, 0, sizeof shared);
  bzero(cursor++, 2);
  strcpy(shared, src);
  strncpy(shared, src, 8);
  strcat(shared, "!");
  __builtin_memcpy(shared, src, 4);
  __builtin___memcpy_chk(shared, src, 4, __builtin_object_size(shared, 0));
  __memset_chk(shared, 1, 4, sizeof shared);
  int n = (int)strlen(src) + strcmp(shared, src) + (int)strlen("abc");
  return n + (end != 0);
}

// One site per pointer argument, named by its text, at the call.
// CHECK: {"c_libc_calls.c", "copy", "shared", 16, 3, 8, 0};
// CHECK: {"c_libc_calls.c", "copy", "src", 16, 3, 8, 0};
// CHECK-LABEL: int copy(const char *src) {
// next() runs once, before the check; the address of the array is a
// constant, copied rather than hoisted.
// CHECK-NEXT: __extension__ ({ __auto_type __rv_a1 = (src); __auto_type __rv_a2 = (next()); __ravel_libc_begin(1, (shared), __rv_a1, __rv_a2, &{{__ravel_s_[0-9a-f]+}}, &{{__ravel_s_[0-9a-f]+}}); __auto_type __rv_r = memcpy((shared), __rv_a1, __rv_a2); __ravel_libc_end(); (void)__rv_r; });
// CHECK-NEXT: void *end = __extension__ ({ __ravel_libc_begin(1, (shared + 1), (shared), (8), {{.*}}); __auto_type __rv_r = memmove((shared + 1), (shared), (8)); __ravel_libc_end(); __rv_r; });
// CHECK-NEXT: __extension__ ({ __ravel_libc_begin(2, (shared), 0, (sizeof shared), &{{.*}}, 0); __auto_type __rv_r = memset((shared), (0), (sizeof shared)); __ravel_libc_end(); (void)__rv_r; });
// The pointer read and written by cursor++ is instrumented inside the argument.
// CHECK-NEXT: __extension__ ({ __auto_type __rv_a0 = ((*__extension__ ({ __auto_type __rv_p = &(cursor); __ravel_update{{.*}}++); __ravel_libc_begin(2, __rv_a0, 0, (2), &{{.*}}, 0); bzero(__rv_a0, (2)); __ravel_libc_end(); });
// CHECK-NEXT: __extension__ ({ __auto_type __rv_a1 = (src); __ravel_libc_begin(4, (shared), __rv_a1, 0, {{.*}}); __auto_type __rv_r = strcpy((shared), __rv_a1);
// CHECK-NEXT: __ravel_libc_begin(5, (shared), __rv_a1, (8),
// CHECK-NEXT: __ravel_libc_begin(6, (shared), ("!"), 0,
// CHECK-NEXT: __ravel_libc_begin(1, (shared), __rv_a1, (4), {{.*}} __builtin_memcpy((shared), __rv_a1, (4));
// The _FORTIFY_SOURCE forms keep their object-size argument.
// CHECK-NEXT: __auto_type __rv_a3 = (__builtin_object_size(shared, 0)); __ravel_libc_begin(1, (shared), __rv_a1, (4), {{.*}} __builtin___memcpy_chk((shared), __rv_a1, (4), __rv_a3);
// CHECK-NEXT: __ravel_libc_begin(2, (shared), 0, (4), {{.*}} __memset_chk((shared), (1), (4), (sizeof shared));
// strlen of a literal folds to a constant: nothing to check.
// CHECK-NEXT: int n = (int)__extension__ ({ __auto_type __rv_a0 = (src); __ravel_libc_begin(8, __rv_a0, 0, 0, &{{.*}}, 0); __auto_type __rv_r = strlen(__rv_a0); __ravel_libc_end(); __rv_r; }) + __extension__ ({ {{.*}} __ravel_libc_begin(9, {{.*}} strcmp((shared), __rv_a1); {{.*}} }) + (int)strlen("abc");

// CHECK: library-call {{ *}}12
// CHECK: pruned-const {{ *}}1

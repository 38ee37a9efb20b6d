// A function marked for ThreadSanitizer not to check (no_sanitize("thread")
// or the older no_sanitize_thread) keeps its plain accesses as written, as
// ThreadSanitizer does, each counted; its lock calls, its atomics and its
// entry are still rewritten, and so is every other function, a nested one
// included.
// FLAGS: -std=gnu11 -pthread
#include <pthread.h>

int counter, flag, other;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

__attribute__((no_sanitize("thread"))) void unchecked(void) {
  counter = 1;
  pthread_mutex_lock(&mu);
  __atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&mu);
}

__attribute__((no_sanitize_thread)) int unchecked_old(void) {
  return counter + flag;
}

__attribute__((no_sanitize("address"))) void other_sanitizer(void) {
  other = 2;
}

void checked(void) { counter = 3; }

// CHECK-LABEL: void unchecked(void) {__attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_fn = __ravel_func_enter(
// CHECK-NEXT: {{^ *}}counter = 1;
// CHECK-NEXT: __ravel_next_site(
// CHECK-NEXT: __ravel_atomic_begin(
// CHECK: int unchecked_old(void) {__attribute__((cleanup(__ravel_func_exit_cleanup)))
// CHECK-NEXT: {{^ *}}return counter + flag;
// CHECK: void other_sanitizer(void) {
// CHECK-NEXT: __ravel_write
// CHECK: void checked(void) {{{.*}}__ravel_write

// CHECK: skipped-no-sanitize {{ *}}3

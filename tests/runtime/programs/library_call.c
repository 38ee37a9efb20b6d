// A modelled library call (the instrumenter's __ravel_library_call for a
// standard library member function) is a ranged access to the whole
// object; two unsynchronised push_back calls race, and the report names
// the object, not the call.
// EXPECT: data-race library_call.c:@push1:write library_call.c:@push2:write
// STDERR: data race on orders: write by thread
#include "ravel_test.h"
#include <pthread.h>

struct vec {
  int *data;
  long size, capacity;
};
static struct vec orders;
static int step;

#define PUSH_BACK(V, Text)                                                     \
  __ravel_library_call(&(V), sizeof(V), 1, RT_SITE(RAVEL_SITE_CALL, Text))

static void *worker(void *arg) {
  FUNC();
  step_wait(&step, 1);
  PUSH_BACK(orders, "orders.push_back(Order{2})"); // @push2
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  PUSH_BACK(orders, "orders.push_back(Order{1})"); // @push1
  step_set(&step, 1);
  AT(pthread_join(t, 0));
  return 0;
}

// C11 <threads.h> calls keep their code and name their site first, like
// their pthread forms: the runtime's C11 interceptors then report the
// user's line. Thread calls are thread sites, the others sync sites;
// mtx_init, cnd_init/cnd_destroy, thrd_exit, thrd_sleep and thrd_yield
// name no site, as their pthread forms do not.
// FLAGS: -std=c11 -pthread
#include <threads.h>

mtx_t m;
cnd_t cv;
once_flag once = ONCE_FLAG_INIT;
int ready;

static void init(void) {}
static int body(void *arg) { return arg != 0; }

int run(void) {
  thrd_t t;
  int res;
  mtx_init(&m, mtx_timed);
  thrd_create(&t, body, 0);
  call_once(&once, init);
  mtx_lock(&m);
  while (!ready)
    cnd_wait(&cv, &m);
  mtx_unlock(&m);
  struct timespec ts = {0, 0};
  if (mtx_trylock(&m) == thrd_success)
    mtx_unlock(&m);
  if (mtx_timedlock(&m, &ts) == thrd_success)
    cnd_timedwait(&cv, &m, &ts);
  cnd_signal(&cv);
  cnd_broadcast(&cv);
  mtx_destroy(&m);
  thrd_join(t, &res);
  thrd_detach(t);
  return res;
}

// CHECK: {"c_threads.c", "run", "thrd_create(&t, body, 0)", 21, 3, 6, 0};
// CHECK: {"c_threads.c", "run", "call_once(&once, init)", 22, 3, 5, 0};
// CHECK: {"c_threads.c", "run", "mtx_lock(&m)", 23, 3, 5, 0};
// CHECK: {"c_threads.c", "run", "cnd_wait(&cv, &m)", 25, 5, 5, 0};
// CHECK: {"c_threads.c", "run", "mtx_destroy(&m)", 34, 3, 5, 0};
// CHECK: {"c_threads.c", "run", "thrd_join(t, &res)", 35, 3, 6, 0};
// CHECK-LABEL: int run(void) {
// CHECK-NEXT: thrd_t t;
// CHECK-NEXT: int res;
// CHECK-NEXT: {{^}}  mtx_init(&m, mtx_timed);
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), thrd_create(&t, body, 0));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), call_once(&once, init));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), mtx_lock(&m));
// CHECK-NEXT: while (!{{.*}}__ravel_read{{.*}}
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), cnd_wait(&cv, &m));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), mtx_unlock(&m));
// CHECK-NEXT: struct timespec ts = {0, 0};
// CHECK-NEXT: if (((void)__ravel_next_site(&{{.*}}), mtx_trylock(&m)) == thrd_success)
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), mtx_unlock(&m));
// CHECK-NEXT: if (((void)__ravel_next_site(&{{.*}}), mtx_timedlock(&m, &ts)) == thrd_success)
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), cnd_timedwait(&cv, &m, &ts));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), cnd_signal(&cv));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), cnd_broadcast(&cv));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), mtx_destroy(&m));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), thrd_join({{.*}}&(t){{.*}}, &res));
// CHECK-NEXT: ((void)__ravel_next_site(&{{.*}}), thrd_detach({{.*}}&(t){{.*}}));
// CHECK: sync-site {{ *}}14

/* Helpers for runtime test programs: they call the C ABI directly, as
 * instrumented code would, and order threads with barriers the detector
 * does not see (plain __atomic spins, no hooks), never with sleeps. */
#ifndef RAVEL_TEST_H
#define RAVEL_TEST_H

#include <ravel/ravel.h>
#include <sched.h>

#define RT_SITE(Kind, Text)                                                    \
  ({                                                                           \
    static const __ravel_site S_ = {__FILE__, __func__, Text, __LINE__,        \
                                    1,        Kind,     0};                    \
    &S_;                                                                       \
  })
#define RD(X) __ravel_read(&(X), sizeof(X), RT_SITE(RAVEL_SITE_READ, #X))
#define WR(X) __ravel_write(&(X), sizeof(X), RT_SITE(RAVEL_SITE_WRITE, #X))
#define UPD(X) __ravel_update(&(X), sizeof(X), RT_SITE(RAVEL_SITE_UPDATE, #X))
/* Names the source site of an intercepted call, as the instrumenter does. */
#define AT(Call) (__ravel_next_site(RT_SITE(RAVEL_SITE_SYNC, #Call)), (Call))
/* Lock calls whose site text is the lock expression, e.g. "a". */
#define LOCK(M)                                                                \
  (__ravel_next_site(RT_SITE(RAVEL_SITE_SYNC, #M)), pthread_mutex_lock(&(M)))
#define UNLOCK(M)                                                              \
  (__ravel_next_site(RT_SITE(RAVEL_SITE_SYNC, #M)), pthread_mutex_unlock(&(M)))
#define FUNC()                                                                 \
  __attribute__((cleanup(__ravel_func_exit_cleanup))) char ravel_f_ =          \
      __ravel_func_enter(RT_SITE(RAVEL_SITE_FUNC, ""))

/* Uncounted step barrier: the runtime never sees these. */
static inline void step_set(volatile int *Step, int V) {
  __atomic_store_n(Step, V, __ATOMIC_RELEASE);
}
static inline void step_wait(volatile int *Step, int V) {
  while (__atomic_load_n(Step, __ATOMIC_ACQUIRE) < V)
    sched_yield();
}

#endif

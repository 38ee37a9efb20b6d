// -Wthread-safety in C: lock functions with capability attributes called on
// expressions the rewrite would otherwise wrap (`g_state->mu`); builds with
// -Werror plain and with ravel-cc (run-warnings.py --werror).
#include <pthread.h>
struct __attribute__((capability("mutex"))) mutex { pthread_mutex_t m; };
void mutex_lock(struct mutex *m) __attribute__((acquire_capability(m)));
void mutex_unlock(struct mutex *m) __attribute__((release_capability(m)));
void mutex_lock(struct mutex *m) __attribute__((no_thread_safety_analysis)) { pthread_mutex_lock(&m->m); }
void mutex_unlock(struct mutex *m) __attribute__((no_thread_safety_analysis)) { pthread_mutex_unlock(&m->m); }
struct state { struct mutex *mu; int count; };
struct state *g_state;
struct mutex g_mu;
int g_total __attribute__((guarded_by(g_mu)));
void bump(struct state *s) {
  mutex_lock(s->mu);
  s->count++;
  mutex_unlock(s->mu);
}
void bump_global(void) {
  mutex_lock(g_state->mu);
  g_state->count++;
  mutex_unlock(g_state->mu);
  mutex_lock(&g_mu);
  g_total = g_total + 1;
  mutex_unlock(&g_mu);
}

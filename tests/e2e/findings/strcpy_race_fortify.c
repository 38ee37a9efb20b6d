// A name written by one thread while another reads it, through strcpy and
// strlen, built with -O2 -D_FORTIFY_SOURCE=2: glibc's headers turn strcpy
// into __builtin___strcpy_chk (a call to __strcpy_chk or inline code, which
// no interceptor sees) and strlen is expanded inline. The instrumenter
// checks both calls at their own sites.
// EXPECT: data-race name (strcpy_race_fortify.c:17, strcpy_race_fortify.c:23)
// FLAGS: -O2 -D_FORTIFY_SOURCE=2
// RUNS: 5
#include <pthread.h>
#include <string.h>

static char name[32];
static unsigned long seen;

static void *rename_worker(void *arg) {
  (void)arg;
  strcpy(name, "worker-1");
  return 0;
}

static void *reader(void *arg) {
  (void)arg;
  seen = strlen(name);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, rename_worker, 0);
  pthread_create(&b, 0, reader, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return seen > 8 ? 3 : 0;
}

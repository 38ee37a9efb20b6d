/* Cost of one instrumented access. Built three ways by run.py:
 *   plain  : the loop as written;
 *   tsan   : clang-19 -fsanitize=thread (TSan instruments the same loop);
 *   ravel  : -DRAVEL: each access first calls the hook the instrumenter
 *            emits (__ravel_write/__ravel_read with a static site), linked
 *            with libravel_rt in native mode.
 * Workloads: hot (one address per thread, again and again) and cold (a
 * 64 MiB array per thread walked with a 4 KiB + 8 stride, so every access
 * misses in cache and in the shadow), 1 or 2 threads.
 * Prints: <ns per access> for the timed loop only (start-up excluded). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef RAVEL
#include <ravel/ravel.h>
static const __ravel_site WriteSite = {"access_bench.c", "work", "p[i]", 1, 1,
                                       RAVEL_SITE_WRITE, 0};
static const __ravel_site ReadSite = {"access_bench.c", "work", "p[i]", 1, 1,
                                      RAVEL_SITE_READ,  0};
#define WRITE(P) __ravel_write((P), sizeof *(P), &WriteSite)
#define READ(P) __ravel_read((P), sizeof *(P), &ReadSite)
#else
#define WRITE(P) ((void)0)
#define READ(P) ((void)0)
#endif

enum { ColdBytes = 64 << 20 };
static long Iterations;
static int Cold;

static void *work(void *arg) {
  (void)arg;
  uint64_t *mem = Cold ? malloc(ColdBytes) : malloc(64);
  if (Cold)
    memset(mem, 0, ColdBytes);
  else
    mem[0] = 0;
  size_t words = Cold ? ColdBytes / 8 : 1, stride = 4096 / 8 + 1, at = 0;
  uint64_t sum = 0;
  for (long i = 0; i < Iterations; ++i) {
    volatile uint64_t *p = &mem[at];
    READ(p);
    sum += *p;
    WRITE(p);
    *p = sum;
    if (Cold) {
      at += stride;
      if (at >= words)
        at -= words;
    }
  }
  free(mem);
  return (void *)(uintptr_t)sum;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s hot|cold THREADS ITERATIONS\n", argv[0]);
    return 2;
  }
  Cold = !strcmp(argv[1], "cold");
  int threads = atoi(argv[2]);
  Iterations = atol(argv[3]);
  struct timespec a, b;
  pthread_t t[16];
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < threads; ++i)
    pthread_create(&t[i], 0, work, 0);
  for (int i = 0; i < threads; ++i)
    pthread_join(t[i], 0);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
  /* two accesses (read + write) per iteration per thread */
  printf("%.3f\n", ns / (2.0 * Iterations));
  return 0;
}

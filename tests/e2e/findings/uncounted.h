// A two-party spin barrier the detector does not see (inline asm is never
// instrumented), to force an order between threads without creating a
// happens-before edge. x86-64 only.
#ifndef RAVEL_E2E_UNCOUNTED_H
#define RAVEL_E2E_UNCOUNTED_H

static inline int uncounted_add(int *p, int v) {
  __asm__ volatile("lock xaddl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
  return v;
}

static inline int uncounted_load(int *p) {
  int v;
  __asm__ volatile("movl %1, %0" : "=r"(v) : "m"(*p) : "memory");
  return v;
}

/// Returns once \p parties threads have arrived at \p gate.
static inline void uncounted_barrier(int *gate, int parties) {
  uncounted_add(gate, 1);
  while (uncounted_load(gate) < parties)
    __asm__ volatile("pause" ::: "memory");
}

/// Like uncounted_barrier, but gives up after about \p spins pauses;
/// returns whether all parties arrived.
static inline int uncounted_barrier_for(int *gate, int parties, long spins) {
  uncounted_add(gate, 1);
  while (uncounted_load(gate) < parties)
    if (spins-- <= 0)
      return 0;
    else
      __asm__ volatile("pause" ::: "memory");
  return 1;
}

#endif

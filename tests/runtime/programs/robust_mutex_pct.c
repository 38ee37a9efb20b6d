// robust_mutex.c under schedule=pct: the dead owner's robust mutexes are
// released for the scheduler too (no deadlock, no hang).
// OPTIONS: schedule=pct seed=7
// EXPECT: none
#include "robust_mutex.c"

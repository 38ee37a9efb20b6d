// robust_mutex.c under schedule=random: the dead owner's robust mutexes are
// released for the scheduler too (no deadlock, no hang).
// OPTIONS: schedule=random seed=7
// EXPECT: none
#include "robust_mutex.c"

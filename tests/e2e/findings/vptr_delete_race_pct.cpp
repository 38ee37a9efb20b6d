// vptr_delete_race.cpp under the controlled PCT scheduler: every
// interleaving the scheduler picks has the call and the delete unordered.
// EXPECT: data-race obj (vptr) (vptr_delete_race.cpp:35, vptr_delete_race.cpp:41)
// OPTIONS: schedule=pct
// RUNS: 5
#include "vptr_delete_race.cpp"

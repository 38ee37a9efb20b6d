// vptr_delete_clean.cpp under the controlled PCT scheduler.
// EXPECT: none
// OPTIONS: schedule=pct
// RUNS: 5
#include "vptr_delete_clean.cpp"

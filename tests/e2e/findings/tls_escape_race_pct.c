// tls_escape_race.c under the controlled PCT scheduler: the owner's loop
// over its escaped thread-local is instrumented, so each update is a
// scheduling point and every run completes.
// EXPECT: data-race tls_counter (tls_escape_race.c:29, tls_escape_race.c:38)
// OPTIONS: schedule=pct
// RUNS: 5
#include "tls_escape_race.c"

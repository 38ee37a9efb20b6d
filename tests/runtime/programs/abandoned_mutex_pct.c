// abandoned_mutex.c under schedule=pct (its lines 42 and 61 are the race).
// OPTIONS: schedule=pct seed=5
// EXPECT: data-race abandoned_mutex.c:42:write abandoned_mutex.c:61:write
// HELD: abandoned_mutex.c:61:write other
#include "abandoned_mutex.c"

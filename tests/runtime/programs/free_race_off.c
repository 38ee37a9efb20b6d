// free_race.c with free_races=0: the free check is off, nothing reported.
// OPTIONS: free_races=0
// EXPECT: none
#include "free_race.c"

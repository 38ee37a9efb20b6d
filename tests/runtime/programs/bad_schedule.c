// A controlled schedule is not available in this runtime yet: a clear
// error, never a silent native run.
// EXPECT: none
// OPTIONS: schedule=pct seed=3
// EXIT: 2
// STDERR: schedule=pct is not implemented yet
int main(void) { return 7; }

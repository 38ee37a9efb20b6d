// schedule=replay with a schedule file that does not exist is a clear
// error before main, never a silent run.
// EXPECT: none
// OPTIONS: schedule=replay replay=/nonexistent/ravel.sched
// EXIT: 2
// STDERR: ravel:
int main(void) { return 7; }

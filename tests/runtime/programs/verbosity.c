// verbosity=2 prints the start-up line and the end-of-run summary.
// EXPECT: none
// OPTIONS: verbosity=2
// STDERR: ravel: runtime ready: schedule=native
// STDERR: ravel: run finished: 0 finding(s)
int main(void) { return 0; }

// record= into a folder that does not exist stops the program before main:
// the schedule would otherwise be lost silently at exit.
// EXPECT: none
// OPTIONS: record=/nonexistent-ravel-folder/run.sched
// EXIT: 2
// STDERR: record=/nonexistent-ravel-folder/run.sched: its folder does not exist or cannot be written
int main(void) { return 7; }

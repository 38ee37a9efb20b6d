// An unknown RAVEL_OPTIONS key stops the program before main, naming the
// key and the valid keys.
// EXPECT: none
// OPTIONS: colour=red
// EXIT: 2
// STDERR: unknown option 'colour'; valid keys: schedule seed
int main(void) { return 7; }

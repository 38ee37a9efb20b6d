/* An uninstrumented library that calls back into the program through two
   of its own functions (built with plain clang, not ravel-cc). */
volatile int lib_calls;

void lib_step(void (*cb)(void)) {
  cb();
  ++lib_calls; /* no tail call: lib_step stays on the stack */
}

void lib_run(void (*cb)(void)) {
  lib_step(cb);
  ++lib_calls;
}

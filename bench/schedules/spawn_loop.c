/*===- bench/schedules/spawn_loop.c - runs/s of a plain spawn loop --------===
 *
 * spawn_loop N PROGRAM ARGS...: starts PROGRAM N times, one after the other,
 * with posix_spawn (stdin, stdout and stderr on /dev/null) and waitpid, and
 * prints the rate as "RUNS_PER_SECOND\n". The baseline of bench/schedules/
 * run.py's many-short-runs table: what starting a process costs, without
 * the interpreter overhead of a Python loop.
 *===----------------------------------------------------------------------===*/
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: spawn_loop N PROGRAM ARGS...\n");
    return 2;
  }
  long N = atol(argv[1]);
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, 2, "/dev/null", O_WRONLY, 0);
  struct timespec A, B;
  clock_gettime(CLOCK_MONOTONIC, &A);
  for (long I = 0; I < N; ++I) {
    pid_t Pid;
    if (posix_spawn(&Pid, argv[2], &Actions, NULL, argv + 2, environ) != 0) {
      perror(argv[2]);
      return 2;
    }
    int Status;
    waitpid(Pid, &Status, 0);
  }
  clock_gettime(CLOCK_MONOTONIC, &B);
  double S =
      (double)(B.tv_sec - A.tv_sec) + (double)(B.tv_nsec - A.tv_nsec) / 1e9;
  printf("%.1f\n", (double)N / S);
  return 0;
}

// A helper of run-fork-server.py: a program built with ravel-cc that tells
// how its run was started. `probe LOG MODE` appends one line to LOG:
//
//   pid=P parent=NAME pgid=G fds=N pfds=M opts=<its RAVEL_OPTIONS>
//
// NAME is the file name of the parent's executable (the probe itself when
// the run was forked by its fork server, ravel when it was spawned), N the
// number of open descriptors above 2 other than LOG's (a run must not
// inherit the fork server's pipes), M the number of the parent's open
// descriptors (a fork server must not leak any from run to run). MODE:
//   ok           exit 0
//   kill-server  the first forked run (LOG.killed does not exist yet) kills
//                its fork server with SIGKILL, then exits 0
//   hang         forks a child (logged as child=PID) and both sleep until
//                killed: the time-out must kill the run's process group
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int countFds(const char *Dir, int Skip) {
  int N = 0;
  DIR *D = opendir(Dir);
  for (struct dirent *E; D && (E = readdir(D));) {
    int Fd = atoi(E->d_name);
    if (E->d_name[0] != '.' && Fd > 2 && Fd != Skip && Fd != dirfd(D))
      ++N;
  }
  if (D)
    closedir(D);
  return N;
}

static void exeName(pid_t Pid, char *Out, size_t Len) {
  char Path[64], Buf[4096];
  snprintf(Path, sizeof(Path), "/proc/%d/exe", (int)Pid);
  ssize_t N = readlink(Path, Buf, sizeof(Buf) - 1);
  Buf[N > 0 ? N : 0] = 0;
  snprintf(Out, Len, "%s", N > 0 ? basename(Buf) : "?");
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 3;
  int Log = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0600);
  int Fds = countFds("/proc/self/fd", Log);
  char ParentFds[64];
  snprintf(ParentFds, sizeof(ParentFds), "/proc/%d/fd", (int)getppid());
  int PFds = countFds(ParentFds, -1);
  char Parent[256], Self[256];
  exeName(getppid(), Parent, sizeof(Parent));
  exeName(getpid(), Self, sizeof(Self));
  const char *Opts = getenv("RAVEL_OPTIONS");
  dprintf(Log, "pid=%d parent=%s pgid=%d fds=%d pfds=%d opts=%s\n",
          (int)getpid(), Parent, (int)getpgid(0), Fds, PFds, Opts ? Opts : "");
  if (!strcmp(argv[2], "kill-server") && !strcmp(Parent, Self)) {
    char Marker[4096];
    snprintf(Marker, sizeof(Marker), "%s.killed", argv[1]);
    int M = open(Marker, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (M >= 0)
      kill(getppid(), SIGKILL);
  }
  if (!strcmp(argv[2], "hang")) {
    pid_t Child = fork();
    if (Child == 0)
      for (;;)
        pause();
    dprintf(Log, "child=%d\n", (int)Child);
    for (;;)
      pause();
  }
  return 0;
}

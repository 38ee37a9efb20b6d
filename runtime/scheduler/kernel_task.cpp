//===- runtime/scheduler/kernel_task.cpp - a thread, as the kernel sees it -===//
#include "kernel_task.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace ravel::rt::sched {

namespace {
/// Reads /proc/self/task/TID/<Leaf> of thread Tid (a kernel id) into Buf
/// (NUL-terminated); returns the bytes read, -1 when it cannot.
long readTaskFile(int32_t Tid, const char *Leaf, char *Buf, size_t Len) {
  if (Tid <= 0)
    return -1;
  char Path[64] = "/proc/self/task/";
  size_t N = 16;
  char Tmp[12];
  int K = 0;
  for (uint32_t V = (uint32_t)Tid; V; V /= 10)
    Tmp[K++] = (char)('0' + V % 10);
  while (K)
    Path[N++] = Tmp[--K];
  Path[N++] = '/';
  for (const char *L = Leaf; *L && N + 1 < sizeof(Path); ++L)
    Path[N++] = *L;
  Path[N] = '\0';
  int Fd = (int)syscall(SYS_openat, AT_FDCWD, Path, O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return -1;
  long R = syscall(SYS_read, Fd, Buf, Len - 1);
  syscall(SYS_close, Fd);
  if (R < 0)
    return -1;
  Buf[R] = '\0';
  return R;
}
} // namespace

long blockedSyscall(int32_t Tid) {
  char Buf[64];
  long R = readTaskFile(Tid, "syscall", Buf, sizeof(Buf));
  if (R <= 0 || Buf[0] < '0' || Buf[0] > '9')
    return -1; // "running", or "-1 ..." (not in a system call)
  long Nr = 0;
  for (long I = 0; I < R && Buf[I] >= '0' && Buf[I] <= '9'; ++I)
    Nr = Nr * 10 + (Buf[I] - '0');
  return Nr;
}

char threadRunState(int32_t Tid) {
  char Buf[512];
  long R = readTaskFile(Tid, "stat", Buf, sizeof(Buf));
  if (R <= 0)
    return 0;
  // "pid (comm) S ...": the name may hold ')', so take the last one.
  long Close = -1;
  for (long I = 0; I < R; ++I)
    if (Buf[I] == ')')
      Close = I;
  return Close >= 0 && Close + 2 < R ? Buf[Close + 2] : 0;
}

// The clock id is the kernel's per-thread CPU clock of Tid, as
// pthread_getcpuclockid makes it.
int64_t threadCpuNs(int32_t Tid) {
  if (Tid <= 0)
    return -1;
  clockid_t Clock = (clockid_t)((~(uint32_t)Tid) << 3) | 6;
  struct timespec Ts;
  if (syscall(SYS_clock_gettime, Clock, &Ts) != 0)
    return -1;
  return (int64_t)Ts.tv_sec * 1000000000LL + Ts.tv_nsec;
}

} // namespace ravel::rt::sched

//===- runtime/base.cpp - raw syscalls, internal allocator, text ----------===//
#include "base.h"
#include "fork_guard.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ravel::rt {

void *rawMmap(size_t Size, bool NoReserve) {
  int Flags = MAP_PRIVATE | MAP_ANONYMOUS | (NoReserve ? MAP_NORESERVE : 0);
  long R =
      syscall(SYS_mmap, nullptr, Size, PROT_READ | PROT_WRITE, Flags, -1, 0);
  if (R < 0 && R > -4096)
    die("out of memory (mmap failed)");
  return reinterpret_cast<void *>(R);
}

void rawMunmap(void *P, size_t Size) { syscall(SYS_munmap, P, Size); }
void rawZeroPages(void *P, size_t Size) {
  syscall(SYS_madvise, P, Size, MADV_DONTNEED);
}

long rawWrite(int Fd, const void *Buf, size_t Len) {
  const char *P = static_cast<const char *>(Buf);
  size_t Done = 0;
  while (Done < Len) {
    long R = syscall(SYS_write, Fd, P + Done, Len - Done);
    if (R <= 0)
      return -1;
    Done += static_cast<size_t>(R);
  }
  return static_cast<long>(Done);
}

void rawYield() { syscall(SYS_sched_yield); }
void rawExit(int Code) {
  syscall(SYS_exit_group, Code);
  __builtin_unreachable();
}
bool readFileRaw(const char *Path, TextBuffer *Out) {
  int Fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, Path, O_RDONLY));
  if (Fd < 0)
    return false;
  char Chunk[4096];
  long N;
  while ((N = syscall(SYS_read, Fd, Chunk, sizeof(Chunk))) > 0)
    Out->append(Chunk, static_cast<size_t>(N));
  syscall(SYS_close, Fd);
  return true;
}

bool folderWritable(const char *Path) {
  char Dir[4096];
  size_t Len = internalStrlen(Path), Slash = Len;
  while (Slash > 0 && Path[Slash - 1] != '/')
    --Slash;
  if (Slash == 0) {
    Dir[0] = '.';
    Dir[1] = 0;
  } else {
    if (Slash >= sizeof(Dir))
      return false;
    internalMemcpy(Dir, Path, Slash);
    Dir[Slash] = 0;
  }
  return syscall(SYS_faccessat, AT_FDCWD, Dir, W_OK | X_OK, 0) == 0;
}

int rawGettid() { return static_cast<int>(syscall(SYS_gettid)); }

void die(const char *Msg) {
  static const char Prefix[] = "ravel: internal error: ";
  rawWrite(2, Prefix, sizeof(Prefix) - 1);
  rawWrite(2, Msg, internalStrlen(Msg));
  rawWrite(2, "\n", 1);
  rawExit(70);
}

// ---- Allocator -------------------------------------------------------------
namespace {
constexpr unsigned MinShift = 4, MaxShift = 16;
constexpr size_t SlabSize = 1 << 20;
struct BlockHeader {
  size_t Size; // size class bytes, or the mapping size for large blocks
  size_t Large;
};
static_assert(sizeof(BlockHeader) == 16, "keeps user blocks 16-aligned");
struct FreeNode {
  FreeNode *Next;
};
SpinLock AllocLock;
FreeNode *FreeLists[MaxShift + 1];
char *SlabCur, *SlabEnd;

unsigned classOf(size_t N) {
  unsigned S = MinShift;
  while ((size_t(1) << S) < N)
    ++S;
  return S;
}
} // namespace

SpinLock &allocatorLock() { return AllocLock; }

void *internalAlloc(size_t Size) {
  size_t Need = Size + sizeof(BlockHeader);
  if (Need > (size_t(1) << MaxShift)) {
    size_t Map = (Need + 4095) & ~size_t(4095);
    auto *H = static_cast<BlockHeader *>(rawMmap(Map, false));
    H->Size = Map;
    H->Large = 1;
    return H + 1;
  }
  unsigned C = classOf(Need);
  SpinLockGuard G(AllocLock);
  BlockHeader *H;
  if (FreeNode *F = FreeLists[C]) {
    FreeLists[C] = F->Next;
    H = reinterpret_cast<BlockHeader *>(F);
  } else {
    size_t Bytes = size_t(1) << C;
    if (SlabCur == nullptr || SlabCur + Bytes > SlabEnd) {
      SlabCur = static_cast<char *>(rawMmap(SlabSize, false));
      SlabEnd = SlabCur + SlabSize;
    }
    H = reinterpret_cast<BlockHeader *>(SlabCur);
    SlabCur += Bytes;
  }
  H->Size = C;
  H->Large = 0;
  return H + 1;
}

void *internalCalloc(size_t Size) {
  void *P = internalAlloc(Size);
  internalMemset(P, 0, Size);
  return P;
}

void internalFree(void *P) {
  if (!P)
    return;
  BlockHeader *H = static_cast<BlockHeader *>(P) - 1;
  if (H->Large) {
    rawMunmap(H, H->Size);
    return;
  }
  unsigned C = static_cast<unsigned>(H->Size);
  SpinLockGuard G(AllocLock);
  auto *F = reinterpret_cast<FreeNode *>(H);
  F->Next = FreeLists[C];
  FreeLists[C] = F;
}

// ---- Strings (this file is compiled with -fno-builtin) ---------------------
void internalMemcpy(void *D, const void *S, size_t N) {
  auto *DP = static_cast<volatile char *>(D);
  auto *SP = static_cast<const char *>(S);
  for (size_t I = 0; I < N; ++I)
    DP[I] = SP[I];
}
void internalMemset(void *D, int C, size_t N) {
  auto *DP = static_cast<volatile char *>(D);
  for (size_t I = 0; I < N; ++I)
    DP[I] = static_cast<char>(C);
}
// glibc's public alias of vsnprintf (GLIBC_2.2.5), which no interceptor
// defines.
extern "C" int __vsnprintf(char *, size_t, const char *, va_list);
int internalVsnprintf(char *Buf, size_t N, const char *Fmt, va_list Ap) {
  return __vsnprintf(Buf, N, Fmt, Ap);
}
int internalSnprintf(char *Buf, size_t N, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = __vsnprintf(Buf, N, Fmt, Ap);
  va_end(Ap);
  return R;
}

size_t internalStrlen(const char *S) {
  size_t N = 0;
  while (S[N])
    ++N;
  return N;
}
int internalStrcmp(const char *A, const char *B) {
  while (*A && *A == *B)
    ++A, ++B;
  return static_cast<unsigned char>(*A) - static_cast<unsigned char>(*B);
}
int internalStrncmp(const char *A, const char *B, size_t N) {
  for (size_t I = 0; I < N; ++I) {
    if (A[I] != B[I] || !A[I])
      return static_cast<unsigned char>(A[I]) -
             static_cast<unsigned char>(B[I]);
  }
  return 0;
}
const char *internalStrstr(const char *H, const char *N) {
  size_t L = internalStrlen(N);
  for (; *H; ++H)
    if (internalStrncmp(H, N, L) == 0)
      return H;
  return L == 0 ? H : nullptr;
}

// ---- TextBuffer ------------------------------------------------------------
void TextBuffer::append(const char *S, size_t N) {
  if (Len + N + 1 > Cap) {
    size_t NewCap = Cap ? Cap * 2 : 1024;
    while (NewCap < Len + N + 1)
      NewCap *= 2;
    char *NewData = static_cast<char *>(internalAlloc(NewCap));
    if (Data)
      internalMemcpy(NewData, Data, Len);
    internalFree(Data);
    Data = NewData;
    Cap = NewCap;
  }
  internalMemcpy(Data + Len, S, N);
  Len += N;
  Data[Len] = 0;
}

void TextBuffer::appendf(const char *Fmt, ...) {
  char Buf[1024];
  va_list Args;
  va_start(Args, Fmt);
  int N = internalVsnprintf(Buf, sizeof(Buf), Fmt, Args);
  va_end(Args);
  if (N > 0)
    append(Buf, N < int(sizeof(Buf)) ? size_t(N) : sizeof(Buf) - 1);
}

void TextBuffer::appendJsonString(const char *S) {
  if (!S)
    return;
  for (; *S; ++S) {
    unsigned char C = static_cast<unsigned char>(*S);
    if (C == '"' || C == '\\') {
      char E[2] = {'\\', static_cast<char>(C)};
      append(E, 2);
    } else if (C == '\n') {
      append("\\n", 2);
    } else if (C == '\t') {
      append("\\t", 2);
    } else if (C < 0x20) {
      appendf("\\u%04x", C);
    } else {
      append(reinterpret_cast<const char *>(&C), 1);
    }
  }
}

} // namespace ravel::rt

//===- runtime/base.h - libc-free building blocks of libravel_rt ----------===//
//
// Everything here is usable from any runtime path, including interceptors
// that run before the runtime is initialised: no libstdc++, no intercepted
// libc function, no static constructor. Memory comes from mmap (raw
// syscall), locks are spin locks that yield through a raw syscall.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_BASE_H
#define RAVEL_RUNTIME_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define RAVEL_LIKELY(X) __builtin_expect(!!(X), 1)
#define RAVEL_UNLIKELY(X) __builtin_expect(!!(X), 0)
#define RAVEL_NOINLINE __attribute__((noinline))
#define RAVEL_ALWAYS_INLINE inline __attribute__((always_inline))
#define RAVEL_EXPORT extern "C" __attribute__((visibility("default"), used))

namespace ravel::rt {

using uptr = uintptr_t;

// ---- Raw system interface (never through an interceptor) -----------------
void *rawMmap(size_t Size, bool NoReserve);
void rawMunmap(void *P, size_t Size);
/// Gives the pages of [P, P+Size) (page-aligned, private anonymous memory
/// from rawMmap) back to the kernel: they read as zero afterwards, and
/// pages never touched cost nothing (madvise MADV_DONTNEED).
void rawZeroPages(void *P, size_t Size);
constexpr size_t PageSize = 4096;
long rawWrite(int Fd, const void *Buf, size_t Len);
void rawYield();
[[noreturn]] void rawExit(int Code);
/// Whether the folder that would hold the file Path exists and can be
/// written (faccessat, no libc call).
bool folderWritable(const char *Path);
int rawGettid();

/// Dies with "ravel: internal error: MSG" on stderr; for the runtime's own
/// invariants (STYLE.md: always-on checks, never hang the program).
[[noreturn]] void die(const char *Msg);
#define RAVEL_CHECK(C)                                                         \
  do {                                                                         \
    if (RAVEL_UNLIKELY(!(C)))                                                  \
      ::ravel::rt::die(__FILE__ ": check failed: " #C);                        \
  } while (0)

// ---- Internal allocator ----------------------------------------------------
// Power-of-two size classes from 16 bytes to 64 KiB on mmap'ed slabs, free
// lists under one spin lock; larger blocks are mmap'ed directly. Only slow
// paths allocate (thread creation, sync-object creation, reports).
void *internalAlloc(size_t Size);
void *internalCalloc(size_t Size);
void internalFree(void *P);

// ---- libc-free string helpers (compiled with -fno-builtin) ----------------
void internalMemcpy(void *D, const void *S, size_t N);
void internalMemset(void *D, int C, size_t N);
size_t internalStrlen(const char *S);
int internalStrcmp(const char *A, const char *B);
int internalStrncmp(const char *A, const char *B, size_t N);
const char *internalStrstr(const char *H, const char *N);

/// snprintf for the runtime's own text: glibc's formatter under a name the
/// printf-family interceptors do not take, so the runtime's formatting is
/// never checked as the program's (interceptors/printf.cpp).
int internalSnprintf(char *Buf, size_t N, const char *Fmt, ...)
    __attribute__((format(printf, 3, 4)));
int internalVsnprintf(char *Buf, size_t N, const char *Fmt, va_list Ap)
    __attribute__((format(printf, 3, 0)));

/// Test-and-test-and-set lock for slow paths. Zero-initialised is unlocked,
/// so it is valid in BSS without a constructor.
class SpinLock {
public:
  void lock() {
    for (unsigned I = 0;; ++I) {
      if (!__atomic_load_n(&State, __ATOMIC_RELAXED) &&
          !__atomic_exchange_n(&State, 1, __ATOMIC_ACQUIRE))
        return;
      if (I > 64)
        rawYield();
      else
        __builtin_ia32_pause();
    }
  }
  bool tryLock() { return !__atomic_exchange_n(&State, 1, __ATOMIC_ACQUIRE); }
  void unlock() { __atomic_store_n(&State, 0, __ATOMIC_RELEASE); }

private:
  int State = 0;
};

class SpinLockGuard {
public:
  explicit SpinLockGuard(SpinLock &L) : L(L) { L.lock(); }
  ~SpinLockGuard() { L.unlock(); }
  SpinLockGuard(const SpinLockGuard &) = delete;
  SpinLockGuard &operator=(const SpinLockGuard &) = delete;

private:
  SpinLock &L;
};

/// Append-only text buffer on the internal allocator, for reports.
class TextBuffer {
public:
  TextBuffer() = default;
  ~TextBuffer() { internalFree(Data); }
  TextBuffer(const TextBuffer &) = delete;
  TextBuffer &operator=(const TextBuffer &) = delete;
  void append(const char *S) { append(S, internalStrlen(S)); }
  void append(const char *S, size_t N);
  void appendf(const char *Fmt, ...) __attribute__((format(printf, 2, 3)));
  /// Appends S as the inside of a JSON string (escapes quotes, controls).
  void appendJsonString(const char *S);
  const char *data() const { return Data ? Data : ""; }
  size_t size() const { return Len; }
  void clear() { Len = 0; }

private:
  char *Data = nullptr;
  size_t Len = 0, Cap = 0;
};

/// Appends the whole file Path to *Out with raw system calls (no libc
/// stream, nothing intercepted); false when it cannot be opened.
bool readFileRaw(const char *Path, TextBuffer *Out);

} // namespace ravel::rt

#endif

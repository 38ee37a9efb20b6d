//===- runtime/interceptors/mmap.cpp - memory the program maps ------------===//
//
// Memory a program maps with mmap (or remaps with mremap) is new: its range
// starts without history, and a sync object that lived at those addresses
// before is gone. munmap ends the memory the same way. Without this, a
// region one thread unmapped and another thread mapped again at the same
// address (a pool allocator, a file mapping) would carry the old accesses
// and give false races. glibc's own mappings (malloc's large blocks, thread
// stacks) do not come through here; malloc.cpp and the thread interceptors
// handle those.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include <stdarg.h>
#include <sys/mman.h>

using namespace ravel::rt;

RAVEL_REAL(void *, mmap, void *, size_t, int, int, int, off_t)
RAVEL_REAL(void *, mmap64, void *, size_t, int, int, int, off_t)
RAVEL_REAL(int, munmap, void *, size_t)
RAVEL_REAL(void *, mremap, void *, size_t, size_t, int, ...)

namespace {
/// [P, P+N) holds no program memory any more, or new memory.
void forgetMapping(const void *P, size_t N) {
  if (!G.Initialized || !P || !N || ResolvingSymbol)
    return;
  uptr A = reinterpret_cast<uptr>(P);
  if (G.Shadow.mayHaveHistory(A, N))
    G.Shadow.reset(A, N);
  G.Syncs.renewRange(A, N);
}
} // namespace

RAVEL_INTERCEPTOR(void *, mmap, void *Addr, size_t N, int Prot, int Flags,
                  int Fd, off_t Off) {
  void *R = real_mmap()(Addr, N, Prot, Flags, Fd, Off);
  if (R != MAP_FAILED)
    forgetMapping(R, N);
  return R;
}
RAVEL_INTERCEPTOR(void *, mmap64, void *Addr, size_t N, int Prot, int Flags,
                  int Fd, off_t Off) {
  void *R = real_mmap64()(Addr, N, Prot, Flags, Fd, Off);
  if (R != MAP_FAILED)
    forgetMapping(R, N);
  return R;
}
RAVEL_INTERCEPTOR(int, munmap, void *Addr, size_t N) {
  int R = real_munmap()(Addr, N);
  if (R == 0)
    forgetMapping(Addr, N);
  return R;
}
RAVEL_INTERCEPTOR(void *, mremap, void *Old, size_t OldN, size_t NewN,
                  int Flags, ...) {
  void *NewAddr = nullptr;
  if (Flags & MREMAP_FIXED) {
    va_list Ap;
    va_start(Ap, Flags);
    NewAddr = va_arg(Ap, void *);
    va_end(Ap);
  }
  void *R = real_mremap()(Old, OldN, NewN, Flags, NewAddr);
  if (R == MAP_FAILED)
    return R;
  // The contents moved with the mapping but their history did not: the
  // old range is gone, and the new one starts without history (accesses
  // of the old range are not carried over: a missed race at worst).
  if (R != Old)
    forgetMapping(Old, OldN);
  if (R != Old)
    forgetMapping(R, NewN);
  else if (NewN > OldN)
    forgetMapping(static_cast<char *>(R) + OldN, NewN - OldN);
  return R;
}

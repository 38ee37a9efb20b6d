//===- runtime/interceptors/malloc.cpp - heap allocation ------------------===//
//
// Freeing a block (free, realloc moving it) writes all of it (a race with
// any access not ordered before the free, checked over the granules that
// have history only) and renews any sync object inside it, so a mutex
// allocated at a reused address is a new lock. The free's write stays in
// the shadow of a block under KeepFreedBelow bytes, so an access of
// another thread not ordered after the free (a use after free that races
// with it) is a race too; a larger block, which the allocator may unmap,
// forgets its history at once. Every block an allocation returns forgets
// its history first, so memory reused by another thread gives no false
// race. operator new/delete of libstdc++ 12 call malloc/free (and
// aligned_alloc/free for the aligned forms) through the PLT, so every C++
// allocation passes through here too.
//
// dlsym may call calloc before the real one is known: such requests are
// served from a static bootstrap arena that is never freed.
//
// While a forking thread holds every runtime lock (fork_guard.h), a block
// its atfork handlers free cannot be forgotten (that takes SyncVar locks):
// it is set aside and both forgotten and freed once the locks are released,
// so no thread is given its memory while its history is still there.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"
#include "../fork_guard.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

using namespace ravel::rt;

RAVEL_REAL(void *, malloc, size_t)
RAVEL_REAL(void *, calloc, size_t, size_t)
RAVEL_REAL(void *, realloc, void *, size_t)
RAVEL_REAL(void, free, void *)
RAVEL_REAL(void *, aligned_alloc, size_t, size_t)
RAVEL_REAL(int, posix_memalign, void **, size_t, size_t)
RAVEL_REAL(void *, memalign, size_t, size_t)
RAVEL_REAL(void *, valloc, size_t)
RAVEL_REAL(void *, pvalloc, size_t)
RAVEL_REAL(size_t, malloc_usable_size, void *)

namespace {
alignas(16) char Bootstrap[64 * 1024];
size_t BootstrapUsed;

bool inBootstrap(const void *P) {
  return P >= Bootstrap && P < Bootstrap + sizeof(Bootstrap);
}
void *bootstrapAlloc(size_t N) {
  size_t Off = __atomic_fetch_add(&BootstrapUsed, (N + 15) & ~size_t(15),
                                  __ATOMIC_RELAXED);
  if (Off + N > sizeof(Bootstrap))
    die("bootstrap allocator exhausted during symbol resolution");
  return Bootstrap + Off; // static storage: already zero
}

/// The end of the block [P, P+N) is a write of all of it by the thread
/// ending it: an access not ordered before is a race, as with any write.
void checkBlockEnd(void *P, size_t N, const char *Call) {
  if (!G.Opts.FreeRaces ||
      !G.Shadow.mayHaveHistory(reinterpret_cast<uptr>(P), N))
    return;
  if (ThreadState *T = interceptorThread()) {
    const __ravel_site *Site = takeSite(T, libcSite(Call));
    onFreeAccess(T, reinterpret_cast<uptr>(P), N, Site);
  }
}
/// Blocks smaller than this keep the free's write in their shadow until
/// they are allocated again. glibc serves them from its heaps (its
/// smallest mmap threshold is 128 KiB unless the program lowers it), so
/// their memory is reused only by a later allocation, which forgets it.
constexpr size_t KeepFreedBelow = 64 * 1024;

/// Ends the dead block [P, P+N): renews its sync objects, and forgets its
/// history when the free's write is not kept (a large block, or free
/// races turned off).
void forgetBlock(void *P, size_t N) {
  if (N >= KeepFreedBelow || !G.Opts.FreeRaces)
    G.Shadow.reset(reinterpret_cast<uptr>(P), N);
  G.Syncs.renewRange(reinterpret_cast<uptr>(P), N);
}

/// A new block starts without history: its memory may hold the write of an
/// earlier free, or accesses of an earlier owner. Not while this thread
/// holds the fork locks (the reset may take the spill table's): an
/// allocation in an atfork handler registered before the runtime's keeps
/// what its memory had.
void *fresh(void *P) {
  if (P && G.Initialized && !inBootstrap(P) && !forkLocksHeldHere()) {
    size_t N = real_malloc_usable_size()(P);
    if (G.Shadow.mayHaveHistory(reinterpret_cast<uptr>(P), N))
      G.Shadow.reset(reinterpret_cast<uptr>(P), N);
  }
  return P;
}

constexpr unsigned MaxHeldFrees = 64;
void *HeldFrees[MaxHeldFrees]; // only the fork lock holder touches it
unsigned NumHeldFrees;

/// Sets P aside until the fork locks are released; past MaxHeldFrees it
/// is never freed (a leak, never a stale history).
void setAside(void *P) {
  if (NumHeldFrees < MaxHeldFrees)
    HeldFrees[NumHeldFrees++] = P;
}

void forget(void *P) {
  if (!P || inBootstrap(P) || !G.Initialized)
    return;
  size_t N = real_malloc_usable_size()(P);
  checkBlockEnd(P, N, "free");
  forgetBlock(P, N);
}
} // namespace

RAVEL_INTERCEPTOR(void *, malloc, size_t N) {
  if (RAVEL_UNLIKELY(ResolvingSymbol))
    return bootstrapAlloc(N);
  return fresh(real_malloc()(N));
}
RAVEL_INTERCEPTOR(void *, calloc, size_t N, size_t Size) {
  if (RAVEL_UNLIKELY(ResolvingSymbol))
    return bootstrapAlloc(N * Size);
  return fresh(real_calloc()(N, Size));
}
RAVEL_INTERCEPTOR(void *, realloc, void *P, size_t N) {
  if (RAVEL_UNLIKELY(inBootstrap(P) || ResolvingSymbol)) {
    void *Q = bootstrapAlloc(N);
    if (P)
      internalMemcpy(Q, P, N); // bootstrap blocks are small and never freed
    return Q;
  }
  size_t Old = P && G.Initialized ? real_malloc_usable_size()(P) : 0;
  // The old object ends whether or not the block moves (C: realloc
  // deallocates it): checked as a write before the call, while no other
  // thread can have been given its memory.
  if (Old)
    checkBlockEnd(P, Old, "realloc");
  if (RAVEL_UNLIKELY(Old && forkLocksHeldHere())) {
    // A new block, and the old one set aside (realloc(P, 0) frees P).
    void *Q = N ? fresh(real_malloc()(N)) : nullptr;
    if (N && !Q)
      return nullptr; // P is left as it was
    if (Q)
      internalMemcpy(Q, P, Old < N ? Old : N);
    setAside(P);
    return Q;
  }
  void *Q = real_realloc()(P, N);
  if (!Q || !Old)
    return fresh(Q); // realloc(nullptr, N) allocates
  if (Q != P) {
    forgetBlock(P, Old);
    return fresh(Q);
  }
  // Grown in place: the bytes past the old end come from freed memory.
  size_t New = real_malloc_usable_size()(Q);
  if (New > Old &&
      G.Shadow.mayHaveHistory(reinterpret_cast<uptr>(Q) + Old, New - Old))
    G.Shadow.reset(reinterpret_cast<uptr>(Q) + Old, New - Old);
  return Q;
}
RAVEL_INTERCEPTOR(void, free, void *P) {
  if (RAVEL_UNLIKELY(!P || inBootstrap(P)))
    return;
  if (RAVEL_UNLIKELY(forkLocksHeldHere())) {
    setAside(P);
    return;
  }
  forget(P);
  real_free()(P);
}
namespace ravel::rt {
void releaseHeldFrees() {
  unsigned N = NumHeldFrees;
  NumHeldFrees = 0;
  for (unsigned I = 0; I < N; ++I) {
    forget(HeldFrees[I]);
    real_free()(HeldFrees[I]);
  }
}
} // namespace ravel::rt

RAVEL_INTERCEPTOR(void, cfree, void *P) { free(P); }
RAVEL_INTERCEPTOR(void *, aligned_alloc, size_t A, size_t N) {
  return fresh(real_aligned_alloc()(A, N));
}
RAVEL_INTERCEPTOR(int, posix_memalign, void **P, size_t A, size_t N) {
  int R = real_posix_memalign()(P, A, N);
  if (R == 0)
    fresh(*P);
  return R;
}
RAVEL_INTERCEPTOR(void *, memalign, size_t A, size_t N) {
  return fresh(real_memalign()(A, N));
}
RAVEL_INTERCEPTOR(void *, valloc, size_t N) { return fresh(real_valloc()(N)); }
RAVEL_INTERCEPTOR(void *, pvalloc, size_t N) {
  return fresh(real_pvalloc()(N));
}

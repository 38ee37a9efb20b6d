//===- runtime/race_detector.h - the access hot path ------------*- C++ -*-===//
//
// Happens-before race detection on plain and atomic accesses: FastTrack
// epochs in shadow cells checked against the accessing thread's vector
// clock (Flanagan & Freund, "FastTrack: efficient and precise dynamic race
// detection", PLDI 2009), with ThreadSanitizer's fixed-size per-granule
// history (Serebryany & Iskhodzhanov, WBIA 2009) for byte precision.
//
// Cost: alreadyRecorded (the hooks' fast path) is one mask-table load, one
// shadow lookup (two loads) and the 2 hot Info loads (4 when the granule has
// more entries); onAccess adds the out-of-line check with at most one slot
// store; reporting is out of line behind RAVEL_UNLIKELY.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_RACE_DETECTOR_H
#define RAVEL_RUNTIME_RACE_DETECTOR_H

#include "runtime.h"

namespace ravel::rt {

RAVEL_NOINLINE void reportRace(ThreadState *T, uptr Addr, uptr Size, bool Write,
                               bool Atomic, const __ravel_site *Site,
                               const PriorAccess &Prior, uptr GranuleAddr);

/// Whether T's access of Size bytes at Addr (plain, not atomic) is already
/// recorded in T's current epoch, so that checking it again cannot find
/// anything new. False whenever unsure (the caller then does the full check).
RAVEL_ALWAYS_INLINE bool alreadyRecorded(const ThreadState *T, uptr Addr,
                                         uptr Size, bool Write) {
  if (RAVEL_UNLIKELY(Size > GranuleSize))
    return false;
  uint8_t Mask = AccessMasks.M[Size][Addr & (GranuleSize - 1)];
  const Granule *Gr = G.Shadow.granuleIfMapped(Addr);
  if (RAVEL_UNLIKELY(!Mask || !Gr))
    return false;
  return ShadowMemory::alreadyRecorded(
      Gr, ShadowInfo{T->InfoBase | Mask | (uint64_t(Write) << 8)});
}

/// Checks and records one access of Size bytes at Addr by T.
RAVEL_ALWAYS_INLINE void onAccess(ThreadState *T, uptr Addr, uptr Size,
                                  bool Write, bool Atomic,
                                  const __ravel_site *Site) {
  AccessDesc A{T->Tid, epochOf(T), Write, Atomic, Site};
  uptr Off = Addr & (GranuleSize - 1);
  if (RAVEL_LIKELY(Off + Size <= GranuleSize)) { // one granule: the common case
    Granule *Gr = G.Shadow.granuleFor(Addr);
    if (RAVEL_UNLIKELY(!Gr))
      return;
    ShadowInfo Cur = ShadowInfo::make(
        A.Tid, A.E,
        granuleMask(static_cast<unsigned>(Off), static_cast<unsigned>(Size)),
        Write, Atomic);
    if (ShadowMemory::alreadyRecorded(Gr, Cur))
      return;
    A.Site = siteWordOf(T, Site);
    PriorAccess Prior;
    bool Raced;
    if (!ShadowMemory::widenHot(Gr, Cur, A, T->Clock, &Prior, &Raced))
      Raced = ShadowMemory::accessSlow(Gr, Cur, A, T->Clock, &Prior);
    if (RAVEL_UNLIKELY(Raced))
      reportRace(T, Addr, Size, Write, Atomic, Site, Prior,
                 Addr & ~(GranuleSize - 1));
    return;
  }
  A.Site = siteWordOf(T, Site);
  uptr End = Addr + Size;
  uptr Cur = Addr;
  do {
    uptr Off = Cur & (GranuleSize - 1);
    uptr N = GranuleSize - Off;
    if (N > End - Cur)
      N = End - Cur;
    Granule *Gr = G.Shadow.granuleFor(Cur);
    if (RAVEL_UNLIKELY(!Gr))
      return;
    PriorAccess Prior;
    if (RAVEL_UNLIKELY(ShadowMemory::access(
            Gr,
            granuleMask(static_cast<unsigned>(Off), static_cast<unsigned>(N)),
            A, T->Clock, &Prior)))
      reportRace(T, Addr, Size, Write, Atomic, Site, Prior,
                 Cur & ~(GranuleSize - 1));
    Cur += N;
  } while (Cur < End);
}

/// A ranged access (memcpy, struct copy, library call): one check per
/// granule, at most one report per call.
void onRangeAccess(ThreadState *T, uptr Addr, uptr Size, bool Write,
                   const __ravel_site *Site);

/// A block about to be freed (free, delete, realloc moving it): a write of
/// all its bytes by T at Site, so an access not ordered before the free is
/// a race. Checks only granules with history (ShadowMemory::accessRange);
/// at most one report per call.
void onFreeAccess(ThreadState *T, uptr Addr, uptr Size,
                  const __ravel_site *Site);

/// A site naming a libc function, for ranged accesses made by intercepted
/// library calls without a pending site.
const __ravel_site *libcSite(const char *Function);

} // namespace ravel::rt

#endif

//===- runtime/shadow_memory.cpp - lazily mapped shadow chunks ------------===//
#include "shadow_memory.h"

#include <sys/syscall.h>
#include <unistd.h>

namespace ravel::rt {

SpillTable Spill;

void SpillTable::add(uptr Key, uint64_t Info, const void *Site) {
  SpinLockGuard Guard(Mu);
  Set &St = S[setOf(Key)];
  Entry *Free = nullptr;
  for (Entry &E : St.E)
    if (!E.Key) {
      Free = &E;
      break;
    }
  if (!Free) { // full: the oldest entry is lost (false negative only)
    Free = &St.E[St.Next++ % Ways];
  } else {
    __atomic_store_n(&St.Live, St.Live + 1, __ATOMIC_RELAXED);
    __atomic_store_n(&Used, Used + 1, __ATOMIC_RELAXED);
  }
  *Free = Entry{Key, Info, Site};
}

void SpillTable::drop(uptr Lo, uptr Hi) {
  if (empty())
    return;
  SpinLockGuard Guard(Mu);
  // A short range probes the sets of its granules, a long one scans all.
  bool Scan = (Hi - Lo) / sizeof(Granule) > Sets;
  for (unsigned I = 0; I < Sets; ++I) {
    unsigned SetIdx = I;
    if (!Scan) {
      uptr Key = Lo + I * sizeof(Granule);
      if (Key >= Hi)
        break;
      SetIdx = setOf(Key);
    }
    Set &St = S[SetIdx];
    if (!St.Live)
      continue;
    for (Entry &E : St.E)
      if (E.Key && E.Key >= Lo && E.Key < Hi) {
        E.Key = 0;
        __atomic_store_n(&St.Live, St.Live - 1, __ATOMIC_RELAXED);
        __atomic_store_n(&Used, Used - 1, __ATOMIC_RELAXED);
      }
  }
}

bool ShadowMemory::checkSpill(Granule *G, ShadowInfo Cur, const AccessDesc &A,
                              const VectorClock &Clock, PriorAccess *Prior) {
  uptr Key = reinterpret_cast<uptr>(G);
  SpillTable::Set &St = Spill.S[SpillTable::setOf(Key)];
  if (!__atomic_load_n(&St.Live, __ATOMIC_RELAXED))
    return false;
  SpinLockGuard Guard(Spill.Mu);
  bool Raced = false;
  for (SpillTable::Entry &E : St.E) {
    if (E.Key != Key)
      continue;
    ShadowInfo S{E.Info};
    if (S.tid() == A.Tid)
      continue;
    // Kept even when ordered before A: it may still race with a third
    // thread.
    if (!Raced && !orderedBefore(S, Clock) && conflicts(S, Cur)) {
      Prior->Info = S;
      Prior->Site = E.Site;
      Raced = true;
    }
  }
  return Raced;
}

Granule **ShadowMemory::initL1() {
  auto *T = static_cast<Granule **>(
      rawMmap(L1Entries * sizeof(Granule *), /*NoReserve=*/true));
  Granule **Expected = nullptr;
  if (!__atomic_compare_exchange_n(&L1, &Expected, T, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    rawMunmap(T, L1Entries * sizeof(Granule *));
    return Expected;
  }
  return T;
}

Granule *ShadowMemory::mapChunk(uptr Idx) {
  constexpr size_t Bytes = ChunkBytes;
  auto *C = static_cast<Granule *>(rawMmap(Bytes, /*NoReserve=*/true));
  Granule *Expected = nullptr;
  if (!__atomic_compare_exchange_n(&l1()[Idx], &Expected, C, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    rawMunmap(C, Bytes);
    return Expected;
  }
  return C;
}

namespace {
void clearGranules(Granule *From, Granule *To) {
  for (Granule *Gr = From; Gr < To; ++Gr) {
    // Cold slots are read only when slot 1 is in use (Layout), so freeing
    // memory never maps cold shadow pages.
    unsigned InUse = slotsInUse(Gr);
    for (unsigned S = 0; S < InUse; ++S)
      ShadowSlot(Gr, S).clear();
  }
}
} // namespace

bool ShadowMemory::accessRange(uptr Addr, size_t Size, AccessDesc A,
                               const void *(*SiteOf)(void *), void *Ctx,
                               const VectorClock &Clock, PriorAccess *Prior,
                               uptr *RaceGranule) {
  bool HaveSite = false;
  constexpr uptr GranulesPerPage = PageSize / sizeof(Granule);
  constexpr unsigned Batch = 256; // pages per mincore call
  uptr End = Addr + Size;
  // Checks the granules [From, To) of one chunk, the first one at AppAddr.
  auto Check = [&](Granule *From, Granule *To, uptr AppAddr) {
    for (Granule *Gr = From; Gr < To; ++Gr, AppAddr += GranuleSize) {
      if (!__atomic_load_n(&Gr->HotInfo[0], __ATOMIC_RELAXED) &&
          !__atomic_load_n(&Gr->HotInfo[1], __ATOMIC_RELAXED))
        continue; // no history (Layout: slots fill in order)
      uptr Lo = AppAddr < Addr ? Addr : AppAddr;
      uptr Hi = AppAddr + GranuleSize > End ? End : AppAddr + GranuleSize;
      uint8_t Mask = granuleMask(static_cast<unsigned>(Lo - AppAddr),
                                 static_cast<unsigned>(Hi - Lo));
      if (!HaveSite) {
        A.Site = SiteOf(Ctx);
        HaveSite = true;
      }
      if (access(Gr, Mask, A, Clock, Prior)) {
        *RaceGranule = AppAddr;
        return true;
      }
    }
    return false;
  };
  uptr G = Addr & ~(GranuleSize - 1);
  while (G < End) {
    uptr ChunkEnd = ((G >> ChunkShift) + 1) << ChunkShift;
    uptr Stop = ChunkEnd < End ? ChunkEnd : End;
    Granule *First = granuleIfMapped(G);
    if (First) {
      Granule *Last = First + ((Stop - G + GranuleSize - 1) >> GranuleShift);
      uptr PageLo = reinterpret_cast<uptr>(First) & ~(PageSize - 1);
      uptr PageHi =
          (reinterpret_cast<uptr>(Last) + PageSize - 1) & ~(PageSize - 1);
      size_t Pages = (PageHi - PageLo) / PageSize;
      if (Pages <= 4) {
        if (Check(First, Last, G))
          return true;
      } else {
        unsigned char Resident[Batch];
        for (size_t P0 = 0; P0 < Pages; P0 += Batch) {
          size_t N = Pages - P0 < Batch ? Pages - P0 : Batch;
          uptr Base = PageLo + P0 * PageSize;
          if (syscall(SYS_mincore, Base, N * PageSize, Resident) != 0)
            internalMemset(Resident, 1, N); // unknown: look at all of it
          for (size_t I = 0; I < N; ++I) {
            if (!(Resident[I] & 1))
              continue; // never backed: all zero, no history
            auto *From = reinterpret_cast<Granule *>(Base + I * PageSize);
            Granule *To = From + GranulesPerPage;
            if (From < First)
              From = First;
            if (To > Last)
              To = Last;
            if (Check(From, To,
                      G + static_cast<uptr>(From - First) * GranuleSize))
              return true;
          }
        }
      }
    }
    G = ChunkEnd;
  }
  return false;
}

void ShadowMemory::reset(uptr Addr, size_t Size) {
  constexpr uptr GranulesPerPage = PageSize / sizeof(Granule);
  uptr End = Addr + Size;
  uptr G = Addr & ~(GranuleSize - 1);
  while (G < End) {
    uptr ChunkEnd = ((G >> ChunkShift) + 1) << ChunkShift;
    Granule *First = granuleIfMapped(G);
    uptr Stop = ChunkEnd < End ? ChunkEnd : End;
    if (First) {
      // Partially covered edge granules lose the history of their other
      // bytes too: a false negative at worst.
      uptr N = (Stop - G + GranuleSize - 1) >> GranuleShift;
      Granule *Last = First + N;
      Spill.drop(reinterpret_cast<uptr>(First), reinterpret_cast<uptr>(Last));
      // Whole shadow pages inside the range are dropped rather than
      // scanned, so resetting a large, mostly untouched range (a thread's
      // stack, a big block) costs what its touched shadow costs. A writer
      // filling in a slot of a dropped page at that moment (an access
      // racing with the reset: use after free or after return) may leave
      // its Info without its site: the report then says "unknown site".
      auto *PageLo = reinterpret_cast<Granule *>(
          (reinterpret_cast<uptr>(First) + PageSize - 1) & ~(PageSize - 1));
      auto *PageHi = reinterpret_cast<Granule *>(reinterpret_cast<uptr>(Last) &
                                                 ~(PageSize - 1));
      if (PageHi > PageLo &&
          static_cast<uptr>(PageHi - PageLo) >= 4 * GranulesPerPage) {
        clearGranules(First, PageLo);
        // The same pages of all four regions (Layout in the header).
        size_t Bytes = static_cast<size_t>(PageHi - PageLo) * sizeof(Granule);
        for (unsigned R = 0; R < 4; ++R)
          rawZeroPages(reinterpret_cast<char *>(PageLo) + R * RegionBytes,
                       Bytes);
        clearGranules(PageHi, Last);
      } else {
        clearGranules(First, Last);
      }
    }
    G = ChunkEnd;
  }
}

} // namespace ravel::rt

//===- runtime/shadow_memory.cpp - lazily mapped shadow chunks ------------===//
#include "shadow_memory.h"

namespace ravel::rt {

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

void ShadowMemory::reset(uptr Addr, size_t Size) {
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
      for (uptr I = 0; I < N; ++I) {
        // Cold slots are read only when slot 1 is in use (Layout), so
        // freeing memory never maps cold shadow pages.
        unsigned InUse = slotsInUse(&First[I]);
        for (unsigned S = 0; S < InUse; ++S)
          ShadowSlot(&First[I], S).clear();
      }
    }
    G = ChunkEnd;
  }
}

} // namespace ravel::rt

//===- runtime/vector_clock.h - vector clocks and epochs --------*- C++ -*-===//
//
// Happens-before is tracked with vector clocks (Lamport 1978, Mattern 1989);
// plain accesses are recorded as FastTrack epochs c@t (Flanagan & Freund,
// PLDI 2009), see shadow_memory.h.
//
// Contract: a VectorClock is owned by one thread or guarded by the lock of
// the sync object that holds it; it does no locking itself. Growth allocates
// from the internal allocator (slow path); get() is O(1), join/assign are
// O(number of threads).
// invariant: Elems[i] for i >= Size is implicitly 0.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_VECTOR_CLOCK_H
#define RAVEL_RUNTIME_VECTOR_CLOCK_H

#include "base.h"

namespace ravel::rt {

/// Epoch values are 38 bits wide in shadow cells (see shadow_memory.h).
using Epoch = uint64_t;
constexpr unsigned EpochBits = 38;
constexpr Epoch MaxEpoch = (Epoch(1) << EpochBits) - 1;

class VectorClock {
public:
  VectorClock() = default;
  VectorClock(const VectorClock &) = delete;
  VectorClock &operator=(const VectorClock &) = delete;

  Epoch get(uint32_t Tid) const { return Tid < Size ? Elems[Tid] : 0; }
  void set(uint32_t Tid, Epoch E) {
    if (Tid >= Size)
      grow(Tid + 1);
    Elems[Tid] = E;
  }
  uint32_t size() const { return Size; }

  /// this := pointwise max(this, O).
  void join(const VectorClock &O) {
    if (O.Size > Size)
      grow(O.Size);
    for (uint32_t I = 0; I < O.Size; ++I)
      if (O.Elems[I] > Elems[I])
        Elems[I] = O.Elems[I];
  }
  /// this := O.
  void assign(const VectorClock &O) {
    if (O.Size > Size)
      grow(O.Size);
    for (uint32_t I = 0; I < O.Size; ++I)
      Elems[I] = O.Elems[I];
    for (uint32_t I = O.Size; I < Size; ++I)
      Elems[I] = 0;
  }
  /// Frees the storage (clocks live in raw internal memory and have no
  /// destructor, so globals holding them need no static destructor).
  void release() {
    internalFree(Elems);
    Elems = nullptr;
    Size = Cap = 0;
  }
  void clear() {
    for (uint32_t I = 0; I < Size; ++I)
      Elems[I] = 0;
  }
  /// True when every component of this is <= the one of O (this hb-or-eq O).
  bool leq(const VectorClock &O) const {
    for (uint32_t I = 0; I < Size; ++I)
      if (Elems[I] > O.get(I))
        return false;
    return true;
  }
  bool empty() const {
    for (uint32_t I = 0; I < Size; ++I)
      if (Elems[I])
        return false;
    return true;
  }

private:
  void grow(uint32_t N) {
    uint32_t NewCap = Cap ? Cap : 8;
    while (NewCap < N)
      NewCap *= 2;
    if (NewCap > Cap) {
      auto *NewElems =
          static_cast<Epoch *>(internalCalloc(NewCap * sizeof(Epoch)));
      for (uint32_t I = 0; I < Size; ++I)
        NewElems[I] = Elems[I];
      // A racing reader of the old array (shadow checks read the owner's
      // own clock only) never exists: clocks are read by their owner or
      // under the sync object's lock.
      internalFree(Elems);
      Elems = NewElems;
      Cap = NewCap;
    }
    Size = N;
  }

  Epoch *Elems = nullptr;
  uint32_t Size = 0;
  uint32_t Cap = 0;
};

} // namespace ravel::rt

#endif

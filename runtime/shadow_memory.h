//===- runtime/shadow_memory.h - per-granule access history -----*- C++ -*-===//
//
// Layout
// ------
// Application memory is split into 8-byte granules. Each granule owns
// SlotsPerGranule (4) shadow slots; a slot is an Info word
//   bits  0..7   byte mask: which bytes of the granule the access touched
//   bit   8      is_write
//   bit   9      is_atomic
//   bits 10..25  thread id (dense, < 65536)
//   bits 26..63  epoch of that thread at the access (FastTrack c@t)
// and the site pointer of the access (for reports). Info == 0 is an empty
// slot (a recorded access always has a non-zero mask).
//
// Shadow for ANY user address (heap, stack, globals, TLS) is found through a
// two-level table: level 1 is one MAP_NORESERVE reservation of 2^27 chunk
// pointers (only the touched pages of it ever get memory), level 2 are
// chunks of shadow for 1 MiB of application memory each (8 MiB of shadow,
// MAP_NORESERVE, mmap'ed on first touch and published with a CAS). Start-up
// maps nothing but the level-1 reservation.
//
// A chunk is four regions of 16 bytes per granule, so that the fast path
// reads as little shadow as ThreadSanitizer's (16 bytes per granule): the
// memory traffic of the shadow, not the instructions, bounds the cost of a
// scan over a large array.
//   region 0 (hot Info)   Info of slots 0 and 1
//   region 1 (cold Info)  Info of slots 2 and 3
//   region 2, 3           the site words of slots 0-1 and 2-3
// invariant: slots fill in index order (an empty slot is always the first
// one chosen), so while slot 1 is empty slots 2 and 3 are too, and the
// cold regions are not read: a granule seen by at most two accesses per
// epoch (one thread's read and write, or two threads' reads) costs 16
// bytes. (Only a reset running at the same moment as a store can break the
// order for a while; the cost is a missed old access, a false negative.)
//
// Parallel safety
// ---------------
// Slots are read and written without locks with atomics on each 64-bit
// word, so every word is always whole (never torn). The site word and the
// Info word of a slot are paired like a seqlock with Info as the sequence:
// a writer first claims the slot with a seq_cst CAS of the Info it saw to
// Busy, then writes the site, then the new Info (release); a reader loads
// Info, the site, and Info again, and uses the site only if Info did not
// change. The claim keeps two writers from interleaving their two stores
// (which could leave one thread's Info with another thread's site: a report
// naming the wrong thread).
//
// Two threads touching one granule at the same moment is exactly what a
// race looks like, so it must not lose the race:
//  - a scan that meets a Busy slot waits (bounded) for its writer to finish;
//  - a writer that loses the claim to another thread scans again (that
//    thread's access is concurrent with its own);
//  - after a successful claim, the writer looks once more at every slot that
//    changed since its scan. Claims are seq_cst CASes and the second look
//    uses seq_cst loads, so of two simultaneous accesses at least one sees
//    the other (the store-buffering litmus never lets both miss).
// History is still lost by eviction (below) and when a writer stalls
// between claim and fill longer than the bounded wait: false negatives
// only. No interleaving can fabricate an entry that no thread wrote, so the
// shadow itself never causes a false positive. All of this is off the fast
// path: the CAS and the second look happen once per new (thread, epoch,
// bytes, kind); nobody waits on Busy except for another thread's 2 stores.
//
// Widening and the fast path
// ---------------------------
// A thread keeps one entry per epoch, kind (read, write, atomic or not) and
// site: an access of other bytes of the granule widens that entry's byte
// mask with one CAS instead of taking a slot (accessSlow says why no race
// is lost: FastTrack's same-epoch rule, Flanagan & Freund PLDI 2009). The
// fast path skips an access that an entry covers (same thread, epoch and
// atomicity, a superset of its bytes, a write if it writes): a granule
// filled byte by byte is one slow-path check per byte the first time and
// then fast, and uses one slot, not one per byte. Of those checks only the
// first scans the granule: while the thread's entry is alone in the
// granule (slot 1 empty, nothing spilled), widenHot widens it with one CAS
// and no scan (no other entry can conflict with the new bytes); an access
// with the site word the thread computed last (ThreadState::WidenSite)
// does the same from the hooks' fast path without computing the word
// (widenOwn).
//
// Eviction
// --------
// A new access replaces, in this order of preference, an entry of its own
// thread for the same bytes, an entry of its own thread that another of its
// entries dominates (dominatedOwn), an empty slot, an entry ordered before
// it by happens-before, or another entry of its own thread (different
// bytes, or a write of bytes it reads; the oldest first, as a newer entry
// of the thread often covers what it covered): none of them can race with
// a later access of the current thread. (The last two may still race with
// a third thread: lost, a false negative, as in FastTrack.) An entry of the
// current thread is never spilled. If every entry could still race with
// the current thread (four unordered accesses of other threads to different
// bytes of the granule: they do not conflict with the access, or there
// would be a report, but may with a later one), a pseudo-random one is
// replaced but not forgotten: it moves to the spill table (SpillTable, a
// small set-associative side table keyed by granule, under a spin lock),
// which accessSlow also checks while it holds anything. So five threads
// writing five bytes of one granule keep all five accesses, and a sixth
// conflicting with any of them is reported whatever the order. Spill
// entries are dropped by reset(), or round-robin when their set is full (a
// false negative only).
//
// Cost: access() is O(SlotsPerGranule) loads (2 on the fast path when the
// granule has at most two entries), normally one CAS and 2 stores (a few
// more on contention); no allocation and no lock except on the first touch
// of a 1 MiB chunk.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SHADOW_MEMORY_H
#define RAVEL_RUNTIME_SHADOW_MEMORY_H

#include "base.h"
#include "vector_clock.h"

namespace ravel::rt {

constexpr unsigned GranuleShift = 3;
constexpr uptr GranuleSize = uptr(1) << GranuleShift;
constexpr unsigned SlotsPerGranule = 4;
constexpr unsigned ChunkShift = 20;
constexpr unsigned AddressBits = 47;
constexpr uptr L1Entries = uptr(1) << (AddressBits - ChunkShift);
constexpr uptr GranulesPerChunk = uptr(1) << (ChunkShift - GranuleShift);
constexpr unsigned MaxThreads = 1 << 16;

/// One decoded shadow Info word.
struct ShadowInfo {
  uint64_t Raw = 0;

  static ShadowInfo make(uint32_t Tid, Epoch E, uint8_t Mask, bool Write,
                         bool Atomic) {
    ShadowInfo I;
    I.Raw = uint64_t(Mask) | (uint64_t(Write) << 8) | (uint64_t(Atomic) << 9) |
            (uint64_t(Tid) << 10) | ((E & MaxEpoch) << 26);
    return I;
  }
  uint8_t mask() const { return static_cast<uint8_t>(Raw); }
  bool isWrite() const { return (Raw >> 8) & 1; }
  bool isAtomic() const { return (Raw >> 9) & 1; }
  uint32_t tid() const { return static_cast<uint32_t>((Raw >> 10) & 0xffff); }
  Epoch epoch() const { return Raw >> 26; }
  bool empty() const { return Raw == 0; }
};
static_assert(sizeof(ShadowInfo) == 8, "an Info word is one atomic word");

/// The shadow of one granule, addressed by its hot Info pair (region 0);
/// the other regions of its chunk are at fixed offsets from it.
struct Granule {
  uint64_t HotInfo[2];
};
static_assert(sizeof(Granule) == 16, "16 bytes per granule in each region");
constexpr uptr RegionBytes = GranulesPerChunk * sizeof(Granule);
constexpr uptr ChunkBytes = 4 * RegionBytes;

/// One slot of a granule: its Info word and its site word, which live in
/// different regions (see Layout).
struct ShadowSlot {
  uint64_t *Info;
  const void **Site;

  ShadowSlot(Granule *G, unsigned I) {
    char *Base = reinterpret_cast<char *>(G) + (I >> 1) * RegionBytes +
                 (I & 1) * sizeof(uint64_t);
    Info = reinterpret_cast<uint64_t *>(Base);
    Site = reinterpret_cast<const void **>(Base + 2 * RegionBytes);
  }
  ShadowSlot(const Granule *G, unsigned I)
      : ShadowSlot(const_cast<Granule *>(G), I) {}

  /// Info of a slot a writer has claimed and is filling in: mask 0, so it
  /// never equals a recorded access, and non-zero, so it is not empty.
  static constexpr uint64_t Busy = uint64_t(1) << 8;

  ShadowInfo load() const {
    return ShadowInfo{__atomic_load_n(Info, __ATOMIC_ACQUIRE)};
  }
  /// Replaces the slot's content, whose Info the caller saw as Seen, with
  /// (I, S). A writer first claims the slot (Seen -> Busy) so no two
  /// writers ever fill in the two words at once: two unclaimed writers
  /// interleaving their Site and Info stores could leave one access's Info
  /// paired with another's site. Fails, recording nothing, if the slot no
  /// longer holds Seen: another thread wrote it since the caller looked,
  /// and the caller must look again (that access may race with its own).
  bool store(uint64_t Seen, ShadowInfo I, const void *S) const {
    // seq_cst: ShadowMemory::recheck relies on it (see there).
    if (Seen == Busy ||
        !__atomic_compare_exchange_n(Info, &Seen, Busy, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST))
      return false;
    // Seqlock writer: the claim is ordered before the new site.
    __atomic_thread_fence(__ATOMIC_RELEASE);
    __atomic_store_n(Site, S, __ATOMIC_RELAXED);
    __atomic_store_n(Info, I.Raw, __ATOMIC_RELEASE);
    return true;
  }
  /// Empties the slot unless a writer is filling it in (that writer's
  /// record then survives: history of an access concurrent with the reset).
  void clear() const {
    uint64_t Seen = __atomic_load_n(Info, __ATOMIC_RELAXED);
    while (Seen != 0 && Seen != Busy &&
           !__atomic_compare_exchange_n(Info, &Seen, 0, false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED)) {
    }
  }
  /// Reads into *S the site of the access whose Info is I (as loaded by
  /// load()); false if the slot changed meanwhile (seqlock reader: Info is
  /// the sequence word, and a writer always claims it before the site).
  bool siteIfStill(ShadowInfo I, const void **S) const {
    *S = __atomic_load_n(Site, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return __atomic_load_n(Info, __ATOMIC_RELAXED) == I.Raw;
  }
};

/// Accesses evicted from full granules while they could still race (see
/// Eviction). Sets of Ways entries keyed by the granule's shadow address;
/// Used counts live entries so that accessSlow skips the table with one
/// relaxed load while it is empty (the normal case). Entries are read and
/// written under Mu; Used and each set's count are also read without it.
struct SpillTable {
  static constexpr unsigned Sets = 512, Ways = 8;
  struct Entry {
    uptr Key; // the Granule*, 0: free
    uint64_t Info;
    const void *Site;
  };
  struct Set {
    uint32_t Live, Next; // live entries; round-robin victim
    Entry E[Ways];
  };
  SpinLock Mu;
  uint64_t Used;
  Set S[Sets];

  static unsigned setOf(uptr Key) {
    return static_cast<unsigned>((Key >> 4) * 0x9E3779B97F4A7C15ull >> 55) %
           Sets;
  }
  bool empty() const { return !__atomic_load_n(&Used, __ATOMIC_RELAXED); }
  /// Keeps (Info, Site) of granule Key.
  void add(uptr Key, uint64_t Info, const void *Site);
  /// Drops every entry of the granules [Lo, Hi) (shadow addresses).
  void drop(uptr Lo, uptr Hi);
};
extern SpillTable Spill;

/// How many slots of G may be in use: 2 while slot 1 is empty (slots fill
/// in order, see Layout), else all.
RAVEL_ALWAYS_INLINE unsigned slotsInUse(const Granule *G) {
  return __atomic_load_n(&G->HotInfo[1], __ATOMIC_SEQ_CST) ? SlotsPerGranule
                                                           : 2;
}

/// The access being checked.
struct AccessDesc {
  uint32_t Tid;
  Epoch E;
  bool Write;
  bool Atomic;
  const void *Site;
};

/// A previous access found to race with the current one.
struct PriorAccess {
  ShadowInfo Info;
  const void *Site;
};

class ShadowMemory {
public:
  /// The shadow granule of Addr, mapping its chunk on first touch; null for
  /// addresses outside the user address range.
  Granule *granuleFor(uptr Addr) {
    uptr Idx = Addr >> ChunkShift;
    if (RAVEL_UNLIKELY(Idx >= L1Entries))
      return nullptr;
    Granule **Table = l1();
    Granule *Chunk = __atomic_load_n(&Table[Idx], __ATOMIC_ACQUIRE);
    if (RAVEL_UNLIKELY(!Chunk))
      Chunk = mapChunk(Idx);
    return Chunk + ((Addr >> GranuleShift) & (GranulesPerChunk - 1));
  }
  /// Like granuleFor but never maps: null if the chunk was never touched.
  Granule *granuleIfMapped(uptr Addr) const {
    uptr Idx = Addr >> ChunkShift;
    Granule **Table = __atomic_load_n(&L1, __ATOMIC_ACQUIRE);
    if (Idx >= L1Entries || !Table)
      return nullptr;
    Granule *Chunk = __atomic_load_n(&Table[Idx], __ATOMIC_ACQUIRE);
    return Chunk ? Chunk + ((Addr >> GranuleShift) & (GranulesPerChunk - 1))
                 : nullptr;
  }

  /// Whether a thread other than Tid has an entry in a granule of
  /// [Addr, Addr + Size) that an access of this kind by a thread with
  /// Clock could conflict with: a write for a read, any entry for a write
  /// (bytes are not compared: a neighbour's entry counts too), not ordered
  /// before the access by happens-before. The controlled scheduler's filter
  /// of plain accesses (access_points.h). Past MaxGranules granules the
  /// answer is yes.
  bool touchedByOther(uptr Addr, uptr Size, uint32_t Tid, bool Write,
                      const VectorClock &Clock) const {
    constexpr uptr MaxGranules = 64;
    uptr First = Addr >> GranuleShift, Last = (Addr + Size - 1) >> GranuleShift;
    if (Last - First >= MaxGranules)
      return true;
    for (uptr Gi = First; Gi <= Last; ++Gi) {
      const Granule *G = granuleIfMapped(Gi << GranuleShift);
      if (!G)
        continue;
      unsigned N = slotsInUse(G);
      for (unsigned I = 0; I < N; ++I) {
        ShadowInfo Info = ShadowSlot(G, I).load();
        if (!Info.empty() && Info.Raw != ShadowSlot::Busy &&
            Info.tid() != Tid && (Write || Info.isWrite()) &&
            !orderedBefore(Info, Clock))
          return true;
      }
    }
    return false;
  }

  /// Checks the access A to the bytes Mask of granule G against its history
  /// (Clock is the accessing thread's vector clock) and records it. Returns
  /// true and fills *Prior when a recorded access conflicts: different
  /// thread, overlapping bytes, at least one write, not both atomic, and not
  /// ordered before A by happens-before.
  static RAVEL_ALWAYS_INLINE bool access(Granule *G, uint8_t Mask,
                                         const AccessDesc &A,
                                         const VectorClock &Clock,
                                         PriorAccess *Prior) {
    ShadowInfo Cur = ShadowInfo::make(A.Tid, A.E, Mask, A.Write, A.Atomic);
    if (alreadyRecorded(G, Cur))
      return false;
    bool Raced;
    if (widenHot(G, Cur, A, Clock, Prior, &Raced))
      return Raced;
    return accessSlow(G, Cur, A, Clock, Prior);
  }

  /// Widening without the scan, for the common case of a granule filled
  /// byte by byte: slot 0 holds an entry of this thread, epoch and kind
  /// (not covering Cur, or alreadyRecorded would have said so), slot 1 is
  /// empty (so are slots 2 and 3: Layout), and the spill table is empty.
  /// Then no other access is recorded for the granule, so the new bytes
  /// conflict with nothing, and accessSlow would widen slot 0 too; this
  /// does the same with one CAS and no scan, and false (nothing done) in
  /// any other case. Returns true with *Raced when it recorded the access.
  /// Concurrency as accessSlow's widening: the seq_cst CAS is the claim,
  /// and if slot 1 was filled since it was seen empty (another thread's
  /// access at the same moment), recheck looks at it.
  static RAVEL_ALWAYS_INLINE bool widenHot(Granule *G, ShadowInfo Cur,
                                           const AccessDesc &A,
                                           const VectorClock &Clock,
                                           PriorAccess *Prior, bool *Raced) {
    uint64_t H0 = __atomic_load_n(&G->HotInfo[0], __ATOMIC_RELAXED);
    if (((H0 ^ Cur.Raw) >> 8) != 0 || !(H0 & 0xff) ||
        __atomic_load_n(&G->HotInfo[1], __ATOMIC_SEQ_CST) ||
        RAVEL_UNLIKELY(!Spill.empty()))
      return false;
    ShadowSlot Slot(G, 0);
    const void *Site;
    if (!Slot.siteIfStill(ShadowInfo{H0}, &Site) || Site != A.Site)
      return false; // another site: a report must name each
    uint64_t Old = H0;
    if (!__atomic_compare_exchange_n(Slot.Info, &Old, H0 | Cur.mask(), false,
                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      return false; // the slot changed: let the full check look
    *Raced = false;
    if (RAVEL_UNLIKELY(__atomic_load_n(&G->HotInfo[1], __ATOMIC_SEQ_CST))) {
      uint64_t Seen[SlotsPerGranule] = {H0};
      *Raced = recheck(G, 0, Seen, Cur, A, Clock, Prior);
    }
    return true;
  }

  /// Fast path: an entry of this thread and epoch already covers the
  /// access (covers()), so checking it again cannot find anything new.
  static RAVEL_ALWAYS_INLINE bool alreadyRecorded(const Granule *G,
                                                  ShadowInfo Cur) {
    uint64_t Keep = coverKeep(Cur);
    uint64_t H0 = __atomic_load_n(&G->HotInfo[0], __ATOMIC_RELAXED);
    uint64_t H1 = __atomic_load_n(&G->HotInfo[1], __ATOMIC_RELAXED);
    if (covers(H0, Cur, Keep) || covers(H1, Cur, Keep))
      return true;
    if (!H1)
      return false; // slots 2 and 3 are empty too (Layout)
    for (unsigned I = 2; I < SlotsPerGranule; ++I) {
      uint64_t Raw = __atomic_load_n(ShadowSlot(G, I).Info, __ATOMIC_RELAXED);
      if (covers(Raw, Cur, Keep))
        return true;
    }
    return false;
  }

  /// widenHot for the hooks' fast path, when the caller already knows the
  /// site word Word of its access (ThreadState::WidenWord): the same
  /// conditions, checked on the Info words the fast path loaded, and the
  /// same CAS. True if it widened slot 0, whose old Info goes to *Old; the
  /// caller must then look at slot 1 again (seq_cst), and if it is no
  /// longer empty, recheck it (recheckWidened): another thread's access at
  /// the same moment. The site is read between two looks at the same Info
  /// (the load and the CAS), and only this thread ever writes an Info with
  /// its tid and epoch, so a successful CAS means the site read was the
  /// one paired with H0 (seqlock, as siteIfStill).
  static RAVEL_ALWAYS_INLINE bool widenOwn(Granule *G, ShadowInfo Cur,
                                           uint64_t H0, uint64_t H1,
                                           const void *Word, uint64_t *Old) {
    if (((H0 ^ Cur.Raw) >> 8) != 0 || !(H0 & 0xff) || H1 ||
        RAVEL_UNLIKELY(!Spill.empty()))
      return false;
    ShadowSlot Slot(G, 0);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (__atomic_load_n(Slot.Site, __ATOMIC_RELAXED) != Word)
      return false;
    *Old = H0;
    return __atomic_compare_exchange_n(Slot.Info, &H0, H0 | Cur.mask(), false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  }
  /// After widenOwn widened slot 0 (old Info Old) and found slot 1 filled:
  /// checks the slots that changed, as accessSlow's recheck does.
  static RAVEL_NOINLINE bool recheckWidened(Granule *G, uint64_t Old,
                                            ShadowInfo Cur, const AccessDesc &A,
                                            const VectorClock &Clock,
                                            PriorAccess *Prior) {
    uint64_t Seen[SlotsPerGranule] = {Old};
    return recheck(G, 0, Seen, Cur, A, Clock, Prior);
  }

  /// The bits of an Info word that covers() compares: all of Cur's bits
  /// (byte mask, is_write) plus atomic, tid and epoch.
  static RAVEL_ALWAYS_INLINE uint64_t coverKeep(ShadowInfo Cur) {
    return Cur.Raw | ~uint64_t(0x1ff);
  }
  /// Whether the recorded entry Raw covers the access Cur: same thread,
  /// epoch and atomicity, every byte of Cur in Raw's mask, and a write if
  /// Cur is one (a write covers a read, not the reverse). Keep is
  /// coverKeep(Cur). Two ALU operations per slot: the bits where Raw and
  /// Cur differ may only be bits Cur lacks in the low 9 bits. An empty or
  /// Busy slot never covers (mask 0, Cur's mask is not).
  static RAVEL_ALWAYS_INLINE bool covers(uint64_t Raw, ShadowInfo Cur,
                                         uint64_t Keep) {
    return ((Raw ^ Cur.Raw) & Keep) == 0;
  }

  /// The full check and store (out of line): see access().
  static RAVEL_NOINLINE bool accessSlow(Granule *G, ShadowInfo Cur,
                                        const AccessDesc &A,
                                        const VectorClock &Clock,
                                        PriorAccess *Prior) {
    uint8_t Mask = Cur.mask();
    bool SpillRaced =
        RAVEL_UNLIKELY(!Spill.empty()) && checkSpill(G, Cur, A, Clock, Prior);
    uint64_t Keep = coverKeep(Cur);
    for (unsigned Attempt = 0;; ++Attempt) {
      int Reuse = -1, Empty = -1, Ordered = -1, Own = -1, Widen = -1,
          Dominated = -1;
      bool Raced = false;
      uint64_t Seen[SlotsPerGranule] = {};
      unsigned InUse = slotsInUse(G);
      for (unsigned I = 0; I < InUse; ++I) {
        ShadowInfo S{settled(ShadowSlot(G, I))};
        Seen[I] = S.Raw;
        if (S.Raw == ShadowSlot::Busy)
          continue; // its writer stalled: the new access stays unknown
        if (S.empty()) {
          if (Empty < 0)
            Empty = static_cast<int>(I);
          continue;
        }
        if (S.tid() == A.Tid) {
          // Covered by an entry of this epoch at least as strong: nothing to
          // do (the fast path's test, seen again here).
          if (covers(S.Raw, Cur, Keep))
            return false;
          // An entry of this epoch and kind for other bytes: widened below
          // rather than given a slot of its own.
          if (Widen < 0 && ((S.Raw ^ Cur.Raw) >> 8) == 0)
            Widen = static_cast<int>(I);
          if ((S.mask() & ~Mask) == 0 && S.isAtomic() == A.Atomic) {
            // Prefer replacing this thread's entry of the same kind, so a
            // thread never holds more than one read and one write entry
            // for the same bytes.
            if (S.isWrite() == A.Write)
              Reuse = static_cast<int>(I);
            else if (A.Write && Reuse < 0)
              Reuse = static_cast<int>(I);
            else if (Own < 0 || S.epoch() < ShadowInfo{Seen[Own]}.epoch())
              Own = static_cast<int>(I); // a write of these bytes, A reads
          } else if (Own < 0 || S.epoch() < ShadowInfo{Seen[Own]}.epoch()) {
            Own = static_cast<int>(I);
          }
          continue;
        }
        if (orderedBefore(S, Clock)) {
          if (Ordered < 0)
            Ordered = static_cast<int>(I);
          continue;
        }
        if (!Raced && conflicts(S, Cur) &&
            takePrior(ShadowSlot(G, I), S, Prior))
          Raced = true;
      }
      // Widening: this thread's entry of the same epoch, kind and site
      // takes the new bytes too (one CAS, no new slot). Sound (FastTrack's
      // same-epoch rule, Flanagan & Freund PLDI 2009): two accesses of one
      // thread in one epoch have the same happens-before relation to every
      // other access, so an entry for the union of their bytes conflicts
      // with exactly the accesses one of the two does; and the new bytes
      // were checked against every other entry by the scan above (Raced).
      // The site must match, so a report still names the right line. The
      // site stays, so the CAS of the Info word alone keeps the pair
      // consistent (a reader that saw the old Info retries), and being
      // seq_cst it serves recheck() as a claim does. No ABA: only this
      // thread ever writes an Info with its tid and current epoch.
      if (Widen >= 0) {
        const void *WSite;
        uint64_t Old = Seen[Widen];
        if (ShadowSlot(G, Widen).siteIfStill(ShadowInfo{Old}, &WSite) &&
            WSite == A.Site) {
          if (__atomic_compare_exchange_n(ShadowSlot(G, Widen).Info, &Old,
                                          Old | Mask, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST))
            return Raced || SpillRaced ||
                   recheck(G, Widen, Seen, Cur, A, Clock, Prior);
          if (Raced || Attempt == 3)
            return Raced || SpillRaced;
          continue; // the slot changed: another thread's access, look again
        }
      }
      int Victim = Reuse >= 0 ? Reuse
                   : (Own >= 0 || Widen >= 0) &&
                           (Dominated = dominatedOwn(Seen, InUse, A.Tid)) >= 0
                       ? Dominated
                   : Empty >= 0   ? Empty
                   : Ordered >= 0 ? Ordered
                   : Own >= 0     ? Own
                                  : -1;
      // Every entry could still race with a later access: the one replaced
      // moves to the spill table (its site read before the claim).
      const void *SpillSite = nullptr;
      bool Spills = false;
      if (Victim < 0) {
        Victim = static_cast<int>(A.E % InUse);
        Spills = Seen[Victim] != ShadowSlot::Busy &&
                 ShadowSlot(G, Victim).siteIfStill(ShadowInfo{Seen[Victim]},
                                                   &SpillSite);
      }
      if (ShadowSlot(G, Victim).store(Seen[Victim], Cur, A.Site)) {
        if (Spills)
          Spill.add(reinterpret_cast<uptr>(G), Seen[Victim], SpillSite);
        return Raced || SpillRaced ||
               recheck(G, Victim, Seen, Cur, A, Clock, Prior);
      }
      // Another thread took the slot between the scan and the claim: it is
      // an access concurrent with this one, so look again (bounded; giving
      // up only loses history).
      if (Raced || Attempt == 3)
        return Raced || SpillRaced;
    }
  }

  /// False only if [Addr, Addr+Size) surely has no history (its chunks were
  /// never mapped, or it is at most 32 granules, all empty): the cheap
  /// filter before accessRange, a few loads for a small block.
  bool mayHaveHistory(uptr Addr, size_t Size) const {
    constexpr uptr MaxScan = 32;
    uptr First = Addr >> GranuleShift, Last = (Addr + Size - 1) >> GranuleShift;
    if (Last - First >= MaxScan) {
      for (uptr C = Addr >> ChunkShift; C <= (Addr + Size - 1) >> ChunkShift;
           ++C)
        if (granuleIfMapped(C << ChunkShift))
          return true;
      return false;
    }
    if ((First ^ Last) >> (ChunkShift - GranuleShift))
      return true; // crosses a chunk boundary: let accessRange look
    const Granule *Gr = granuleIfMapped(Addr);
    if (!Gr)
      return false;
    for (uptr Gi = First; Gi <= Last; ++Gi, ++Gr)
      if (__atomic_load_n(&Gr->HotInfo[0], __ATOMIC_RELAXED) |
          __atomic_load_n(&Gr->HotInfo[1], __ATOMIC_RELAXED))
        return true;
    return false;
  }

  /// Checks the access A (its mask ignored: all bytes) against every
  /// granule of [Addr, Addr+Size) that holds history, as access() does,
  /// and records it there; stops at the first conflict (true, *Prior and
  /// the granule's address in *RaceGranule). Reads only shadow that exists:
  /// a chunk never mapped and a hot shadow page the kernel has never backed
  /// (mincore) are skipped, so a large untouched range costs a syscall per
  /// 1 MiB, not a load per granule. Used for free: a whole block is written.
  /// A.Site is filled in by SiteOf(Ctx) when a granule first needs it, so a
  /// range with no history costs no site.
  bool accessRange(uptr Addr, size_t Size, AccessDesc A,
                   const void *(*SiteOf)(void *), void *Ctx,
                   const VectorClock &Clock, PriorAccess *Prior,
                   uptr *RaceGranule);

  /// Forgets all history of [Addr, Addr+Size) (memory freed or reallocated,
  /// a new thread's stack and static TLS). Cost: the slots of the edge
  /// pages plus one madvise per 1 MiB chunk for the whole shadow pages in
  /// between, so a large untouched range is cheap.
  void reset(uptr Addr, size_t Size);

private:
  /// The spill table's entries of G (slow path, under its lock): those
  /// ordered before A are dropped, A's own are kept, and the first that
  /// conflicts with Cur fills *Prior (true).
  static RAVEL_NOINLINE bool checkSpill(Granule *G, ShadowInfo Cur,
                                        const AccessDesc &A,
                                        const VectorClock &Clock,
                                        PriorAccess *Prior);
  /// A slot among Seen[0, InUse) holding an entry of thread Tid that
  /// another entry of Tid dominates (an epoch at least as late, the same
  /// atomicity, at least as strong, a superset of its bytes), or -1. Any
  /// access of another thread that conflicts with the dominated entry and
  /// is not ordered after it conflicts with the dominating one and is not
  /// ordered after it either, so replacing it loses no race, and is
  /// preferred to an empty slot: a granule filled byte by byte in each
  /// epoch keeps its two hot slots (Layout). O(InUse^2), slow path only.
  static int dominatedOwn(const uint64_t *Seen, unsigned InUse, uint32_t Tid) {
    for (unsigned I = 0; I < InUse; ++I) {
      ShadowInfo S{Seen[I]};
      if (S.Raw == ShadowSlot::Busy || S.empty() || S.tid() != Tid)
        continue;
      for (unsigned J = 0; J < InUse; ++J) {
        ShadowInfo D{Seen[J]};
        if (J == I || D.Raw == ShadowSlot::Busy || D.empty() || D.tid() != Tid)
          continue;
        if (D.epoch() >= S.epoch() && D.isAtomic() == S.isAtomic() &&
            D.isWrite() >= S.isWrite() && (S.mask() & ~D.mask()) == 0)
          return static_cast<int>(I);
      }
    }
    return -1;
  }
  /// Whether the recorded access S happens before the current thread's
  /// present (its epoch is covered by the thread's clock).
  static RAVEL_ALWAYS_INLINE bool orderedBefore(ShadowInfo S,
                                                const VectorClock &Clock) {
    return S.epoch() <= (Clock.get(S.tid()) & MaxEpoch);
  }
  /// Whether the recorded access S (of another thread, not ordered before
  /// the current one) conflicts with the current access Cur.
  static RAVEL_ALWAYS_INLINE bool conflicts(ShadowInfo S, ShadowInfo Cur) {
    return (S.mask() & Cur.mask()) && (S.isWrite() || Cur.isWrite()) &&
           !(S.isAtomic() && Cur.isAtomic());
  }
  /// Fills *Prior with the access S of slot Slot; false if the slot changed
  /// meanwhile (history lost, no report).
  static bool takePrior(const ShadowSlot &Slot, ShadowInfo S,
                        PriorAccess *Prior) {
    const void *Site;
    if (!Slot.siteIfStill(S, &Site))
      return false;
    Prior->Info = S;
    Prior->Site = Site;
    return true;
  }
  /// The slot's Info once no writer is filling it in. A writer holds Busy
  /// for two stores, so this normally spins a few cycles; a writer
  /// descheduled in between is waited for a bounded time, then Busy is
  /// returned (the caller skips the slot).
  static uint64_t settled(const ShadowSlot &Slot) {
    uint64_t Raw = __atomic_load_n(Slot.Info, __ATOMIC_SEQ_CST);
    for (unsigned Spin = 0; Raw == ShadowSlot::Busy && Spin < 256; ++Spin) {
      if (Spin < 128)
        __builtin_ia32_pause();
      else
        rawYield();
      Raw = __atomic_load_n(Slot.Info, __ATOMIC_SEQ_CST);
    }
    return Raw;
  }
  /// After recording Cur in slot Victim, looks once more at the slots that
  /// changed since the scan: an access made at the same moment by another
  /// thread. Both threads claim their slot with a seq_cst CAS and then load
  /// the others with seq_cst loads, so of two simultaneous conflicting
  /// accesses at least one sees the other (store-buffering litmus: never
  /// both miss) and the race is reported.
  static RAVEL_NOINLINE bool
  recheck(Granule *G, int Victim, const uint64_t *Seen, ShadowInfo Cur,
          const AccessDesc &A, const VectorClock &Clock, PriorAccess *Prior) {
    unsigned InUse = slotsInUse(G);
    for (unsigned I = 0; I < InUse; ++I) {
      if (static_cast<int>(I) == Victim ||
          __atomic_load_n(ShadowSlot(G, I).Info, __ATOMIC_SEQ_CST) == Seen[I])
        continue;
      ShadowInfo S{settled(ShadowSlot(G, I))};
      if (S.Raw == ShadowSlot::Busy || S.empty() || S.tid() == A.Tid ||
          orderedBefore(S, Clock))
        continue;
      if (conflicts(S, Cur) && takePrior(ShadowSlot(G, I), S, Prior))
        return true;
    }
    return false;
  }

  Granule **l1() {
    Granule **T = __atomic_load_n(&L1, __ATOMIC_ACQUIRE);
    return RAVEL_LIKELY(T) ? T : initL1();
  }
  RAVEL_NOINLINE Granule **initL1();
  RAVEL_NOINLINE Granule *mapChunk(uptr Idx);

  Granule **L1 = nullptr;
};

/// Byte mask of the bytes [Off, Off+Size) of a granule; Off+Size <= 8.
RAVEL_ALWAYS_INLINE uint8_t granuleMask(unsigned Off, unsigned Size) {
  return static_cast<uint8_t>(((1u << Size) - 1) << Off);
}

/// AccessMasks[Size][Off]: granuleMask(Off, Size) when the access of Size
/// (0..8) bytes at offset Off fits in its granule, else 0 (the fast path's
/// mask and its one-granule test in one load).
struct AccessMaskTable {
  uint8_t M[GranuleSize + 1][GranuleSize];
  constexpr AccessMaskTable() : M() {
    for (unsigned Size = 1; Size <= GranuleSize; ++Size)
      for (unsigned Off = 0; Off + Size <= GranuleSize; ++Off)
        M[Size][Off] = static_cast<uint8_t>(((1u << Size) - 1) << Off);
  }
};
inline constexpr AccessMaskTable AccessMasks{};

} // namespace ravel::rt

#endif

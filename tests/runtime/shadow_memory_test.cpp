// ShadowMemory::access against a naive model that keeps every access ever
// made (seeded random operations, seed printed on failure):
//  - soundness, any configuration: every race the shadow reports is a race
//    of the model (no false positive, eviction only loses history);
//  - exactness, two threads with aligned 8-byte accesses (never more than 4
//    live slots per granule): the shadow reports exactly the model's races;
//  - exactness, two threads with naturally aligned 1, 2, 4 and 8-byte
//    plain accesses: a thread's accesses of one epoch and kind share one
//    entry whose byte mask widens (ShadowMemory::accessSlow), so they still
//    fit in 4 slots, and no race is lost by widening.
// Plus a stress test with real threads racing on shared granules.
#include "shadow_memory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

using namespace ravel::rt;

namespace {
struct ModelAccess {
  uint32_t Tid;
  Epoch E;
  uptr Addr;
  uptr Size;
  bool Write, Atomic;
};

bool modelRaces(const std::vector<ModelAccess> &H, const ModelAccess &A,
                const VectorClock &Clock) {
  for (const ModelAccess &P : H) {
    bool Overlap = P.Addr < A.Addr + A.Size && A.Addr < P.Addr + P.Size;
    if (!Overlap || P.Tid == A.Tid || (!P.Write && !A.Write) ||
        (P.Atomic && A.Atomic) || P.E <= Clock.get(P.Tid))
      continue;
    return true;
  }
  return false;
}

enum class Shape { Any, Aligned8, NaturallyAligned };

void runModel(uint32_t Seed, unsigned Threads, Shape How, bool ExpectExact) {
  bool AlignedOnly = How != Shape::Any;
  SCOPED_TRACE("seed " + std::to_string(Seed));
  std::mt19937 Rng(Seed);
  static ShadowMemory Shadow;
  alignas(64) static uint64_t Memory[8];
  uptr Base = reinterpret_cast<uptr>(Memory);
  Shadow.reset(Base, sizeof(Memory));
  std::vector<VectorClock> Clocks(Threads);
  for (unsigned T = 0; T < Threads; ++T)
    Clocks[T].set(T, 1);
  std::vector<ModelAccess> History;
  for (int Step = 0; Step < 300; ++Step) {
    uint32_t T = Rng() % Threads;
    if (Rng() % 6 == 0) { // synchronisation T -> U
      uint32_t U = Rng() % Threads;
      if (U != T) {
        Clocks[U].join(Clocks[T]);
        Clocks[T].set(T, Clocks[T].get(T) + 1);
      }
      continue;
    }
    ModelAccess A;
    A.Tid = T;
    A.E = Clocks[T].get(T);
    A.Write = Rng() % 2;
    A.Atomic = !AlignedOnly && Rng() % 5 == 0;
    if (How == Shape::Aligned8) {
      A.Addr = Base + 8 * (Rng() % 8);
      A.Size = 8;
    } else if (How == Shape::NaturallyAligned) {
      // Few granules, so that entries meet and widen often.
      A.Size = uptr(1) << (Rng() % 4);
      A.Addr = Base + (Rng() % (16 / A.Size)) * A.Size;
    } else {
      static const uptr Sizes[] = {1, 2, 4, 8};
      A.Size = Sizes[Rng() % 4];
      A.Addr = Base + (Rng() % (64 - A.Size));
    }
    bool Model = modelRaces(History, A, Clocks[T]);
    bool Raced = false;
    for (uptr Cur = A.Addr; Cur < A.Addr + A.Size;) {
      uptr Off = Cur & 7, N = std::min<uptr>(8 - Off, A.Addr + A.Size - Cur);
      PriorAccess P;
      AccessDesc D{A.Tid, A.E, A.Write, A.Atomic, nullptr};
      Raced |= ShadowMemory::access(Shadow.granuleFor(Cur), granuleMask(Off, N),
                                    D, Clocks[T], &P);
      Cur += N;
    }
    if (Raced)
      ASSERT_TRUE(Model) << "false positive at step " << Step;
    // An access whose every byte the thread already accessed in this epoch,
    // as strongly, may not be checked again (FastTrack's same-epoch fast
    // path, on a widened entry): its races were reported with the earlier
    // accesses, or by the other thread's access.
    bool Repeat = true;
    for (uptr B = A.Addr; B < A.Addr + A.Size; ++B) {
      bool Covered = false;
      for (const ModelAccess &P : History)
        Covered |= P.Tid == A.Tid && P.E == A.E && P.Addr <= B &&
                   B < P.Addr + P.Size && P.Atomic == A.Atomic &&
                   P.Write >= A.Write;
      Repeat &= Covered;
    }
    if (ExpectExact && !Repeat)
      ASSERT_EQ(Raced, Model) << "step " << Step;
    History.push_back(A);
  }
  for (auto &C : Clocks)
    C.release();
}

TEST(ShadowMemory, NoFalsePositivesAgainstModel) {
  for (uint32_t Seed = 1; Seed <= 300; ++Seed)
    runModel(Seed, 4, Shape::Any, /*ExpectExact=*/false);
}

TEST(ShadowMemory, ExactForTwoThreadsAgainstModel) {
  for (uint32_t Seed = 1; Seed <= 300; ++Seed)
    runModel(Seed, 2, Shape::Aligned8, /*ExpectExact=*/true);
}

TEST(ShadowMemory, WideningExactForTwoThreadsAgainstModel) {
  for (uint32_t Seed = 1; Seed <= 500; ++Seed)
    runModel(Seed, 2, Shape::NaturallyAligned, /*ExpectExact=*/true);
}

TEST(ShadowMemory, ByteWiseFillWidensOneEntry) {
  // One thread writes a granule byte by byte in one epoch: one entry, its
  // mask widened byte by byte; every later byte write and read of the
  // epoch is covered on the fast path. A second thread's unordered read of
  // any byte races with it.
  static ShadowMemory Shadow;
  alignas(8) static uint64_t Word;
  uptr Addr = reinterpret_cast<uptr>(&Word);
  Shadow.reset(Addr, 8);
  Granule *G = Shadow.granuleFor(Addr);
  const void *Site = &Word;
  for (Epoch E = 1; E <= 4; ++E) {
    VectorClock C;
    C.set(1, E);
    AccessDesc D{1, E, /*Write=*/true, /*Atomic=*/false, Site};
    PriorAccess P;
    for (unsigned B = 0; B < 8; ++B) {
      EXPECT_FALSE(ShadowMemory::alreadyRecorded(
          G, ShadowInfo::make(1, E, granuleMask(B, 1), true, false)));
      ASSERT_FALSE(ShadowMemory::access(G, granuleMask(B, 1), D, C, &P));
      EXPECT_TRUE(ShadowMemory::alreadyRecorded(
          G, ShadowInfo::make(1, E, granuleMask(0, B + 1), true, false)));
      EXPECT_TRUE(ShadowMemory::alreadyRecorded(
          G, ShadowInfo::make(1, E, granuleMask(B, 1), false, false)));
    }
    // Each epoch's fill replaces the previous one's (dominated) entry:
    // only the two hot slots are ever used.
    EXPECT_EQ(__atomic_load_n(ShadowSlot(G, 2).Info, __ATOMIC_RELAXED), 0u);
    EXPECT_EQ(__atomic_load_n(ShadowSlot(G, 3).Info, __ATOMIC_RELAXED), 0u);
  }
  for (unsigned B = 0; B < 8; ++B) {
    VectorClock C2;
    C2.set(2, 1);
    C2.set(1, 3); // ordered after thread 1's first three epochs only
    AccessDesc D2{2, 1, /*Write=*/false, /*Atomic=*/false, nullptr};
    PriorAccess P;
    EXPECT_TRUE(ShadowMemory::access(G, granuleMask(B, 1), D2, C2, &P));
    EXPECT_EQ(P.Info.tid(), 1u);
    EXPECT_EQ(P.Info.epoch(), 4u);
  }
  // A different site does not widen an entry (a report names the site).
  Shadow.reset(Addr, 8);
  VectorClock C;
  C.set(1, 1);
  PriorAccess P;
  AccessDesc D{1, 1, /*Write=*/true, /*Atomic=*/false, Site};
  AccessDesc Other{1, 1, /*Write=*/true, /*Atomic=*/false, &Shadow};
  ASSERT_FALSE(ShadowMemory::access(G, granuleMask(0, 1), D, C, &P));
  ASSERT_FALSE(ShadowMemory::access(G, granuleMask(1, 1), Other, C, &P));
  EXPECT_EQ(ShadowSlot(G, 0).load().mask(), 0x01);
  EXPECT_EQ(ShadowSlot(G, 1).load().mask(), 0x02);
}

TEST(ShadowMemory, AnyAddressAndReset) {
  ShadowMemory Shadow;
  int Stack = 0;
  static int Global;
  std::unique_ptr<int> Heap(new int(0));
  for (uptr A :
       {reinterpret_cast<uptr>(&Stack), reinterpret_cast<uptr>(&Global),
        reinterpret_cast<uptr>(Heap.get())}) {
    VectorClock C0, C1;
    C0.set(0, 1);
    C1.set(1, 1);
    PriorAccess P;
    EXPECT_FALSE(ShadowMemory::access(Shadow.granuleFor(A),
                                      granuleMask(A & 7, 4),
                                      {0, 1, true, false, &Stack}, C0, &P));
    EXPECT_TRUE(ShadowMemory::access(Shadow.granuleFor(A),
                                     granuleMask(A & 7, 4),
                                     {1, 1, false, false, nullptr}, C1, &P));
    EXPECT_EQ(P.Info.tid(), 0u);
    EXPECT_TRUE(P.Info.isWrite());
    EXPECT_EQ(P.Site, &Stack);
    Shadow.reset(A, 4);
    EXPECT_FALSE(ShadowMemory::access(Shadow.granuleFor(A),
                                      granuleMask(A & 7, 4),
                                      {1, 1, true, false, nullptr}, C1, &P));
    C0.release();
    C1.release();
  }
  EXPECT_EQ(Shadow.granuleFor(uptr(1) << 60), nullptr);
}

// Real threads hammer the same granules with unordered writes and reads;
// every report must name a conflicting access of another thread, and
// the slots must never hold a torn or invented entry.
TEST(ShadowMemory, ParallelStress) {
  static ShadowMemory Shadow;
  alignas(64) static uint64_t Memory[16];
  constexpr unsigned Threads = 4;
  std::atomic<int> Bad{0}, Reports{0};
  std::vector<std::thread> Workers;
  for (unsigned T = 0; T < Threads; ++T)
    Workers.emplace_back([&, T] {
      VectorClock C;
      C.set(T, 1);
      std::mt19937 Rng(T + 1);
      for (int I = 0; I < 200000; ++I) {
        uptr A = reinterpret_cast<uptr>(&Memory[Rng() % 16]) + (Rng() % 2) * 4;
        bool W = Rng() % 2;
        PriorAccess P;
        AccessDesc D{T, C.get(T), W, false,
                     reinterpret_cast<void *>(uptr(T + 1))};
        if (ShadowMemory::access(Shadow.granuleFor(A), granuleMask(A & 7, 4), D,
                                 C, &P)) {
          ++Reports;
          bool Ok =
              P.Info.tid() < Threads && P.Info.tid() != T &&
              (P.Info.isWrite() || W) &&
              (P.Info.mask() & granuleMask(A & 7, 4)) &&
              (P.Site == nullptr ||
               P.Site == reinterpret_cast<void *>(uptr(P.Info.tid() + 1)));
          Bad += !Ok;
        }
        if (I % 1000 == 0)
          C.set(T, C.get(T) + 1);
      }
      C.release();
    });
  for (auto &W : Workers)
    W.join();
  EXPECT_EQ(Bad.load(), 0);
  EXPECT_GT(Reports.load(), 0);
}
// Threads that keep storing into the same four slots (every access is new:
// the epoch advances each time, and nothing is ordered) must never leave a
// slot, or a report, pairing one access's Info with another access's site.
// Each site encodes the (thread, epoch) of its access. Before slots were
// claimed by CAS, two writers interleaving their site and Info stores did
// exactly that within a few thousand accesses.
TEST(ShadowMemory, SiteStaysPairedWithInfo) {
  constexpr unsigned Threads = 2 * SlotsPerGranule;
  constexpr uint32_t Accesses = 100000;
  constexpr unsigned Rounds = 40; // the unclaimed stores failed ~1 in 15
  auto siteOf = [](uint32_t Tid, Epoch E) {
    return reinterpret_cast<const void *>((uptr(E) << 8 | Tid) << 4);
  };
  auto pairedIn = [&](ShadowInfo I, const void *Site) {
    return Site == siteOf(I.tid(), I.epoch());
  };
  static ShadowMemory Shadow;
  alignas(64) static uint64_t Memory[Rounds];
  std::atomic<int> BadReports{0}, Reports{0}, BadSlots{0};
  for (unsigned R = 0; R < Rounds && !BadReports && !BadSlots; ++R) {
    Granule *G = Shadow.granuleFor(reinterpret_cast<uptr>(&Memory[R]));
    std::atomic<unsigned> Ready{0};
    std::vector<std::thread> Workers;
    for (unsigned T = 0; T < Threads; ++T)
      Workers.emplace_back([&, T] {
        VectorClock C;
        ++Ready;
        while (Ready.load() < Threads) {
        }
        for (uint32_t I = 1; I <= Accesses; ++I) {
          C.set(T, I);
          bool W = (I + T) % 4 != 0;
          PriorAccess P;
          AccessDesc D{T, I, W, false, siteOf(T, I)};
          if (ShadowMemory::access(G, granuleMask(0, 4), D, C, &P)) {
            ++Reports;
            BadReports += !pairedIn(P.Info, P.Site);
          }
        }
        C.release();
      });
    for (auto &W : Workers)
      W.join();
    for (unsigned Slot = 0; Slot < SlotsPerGranule; ++Slot) {
      ShadowSlot S(G, Slot);
      ShadowInfo I = S.load();
      BadSlots += !I.empty() && !pairedIn(I, *S.Site);
    }
  }
  EXPECT_EQ(BadReports.load(), 0) << "of " << Reports.load() << " reports";
  EXPECT_EQ(BadSlots.load(), 0);
  EXPECT_GT(Reports.load(), 0);
}
} // namespace

namespace {
// Two threads write the same fresh granule at the same moment, round after
// round, with no happens-before between them: every round is a race and at
// least one of the two must report it. A scan that skipped a slot being
// filled in, or a writer that dropped its record after losing the slot to
// the other thread, missed about one round in a few hundred (and with it a
// planted race in an end-to-end test that releases two workers at once).
TEST(ShadowMemory, SimultaneousWritesAlwaysRace) {
  constexpr unsigned Rounds = 20000;
  static ShadowMemory Shadow;
  static uint64_t Memory[Rounds];
  std::atomic<unsigned> Arrived[Rounds] = {};
  std::atomic<bool> Reported[Rounds] = {};
  std::vector<std::thread> Workers;
  for (unsigned T = 0; T < 2; ++T)
    Workers.emplace_back([&, T] {
      VectorClock C;
      for (unsigned R = 0; R < Rounds; ++R) {
        C.set(T, R + 1);
        Granule *G = Shadow.granuleFor(reinterpret_cast<uptr>(&Memory[R]));
        ++Arrived[R];
        while (Arrived[R].load() < 2) {
        }
        PriorAccess P;
        AccessDesc D{T, R + 1, true, false, nullptr};
        if (ShadowMemory::access(G, granuleMask(0, 8), D, C, &P))
          Reported[R] = true;
      }
      C.release();
    });
  for (auto &W : Workers)
    W.join();
  unsigned Missed = 0;
  for (unsigned R = 0; R < Rounds; ++R)
    Missed += !Reported[R].load();
  EXPECT_EQ(Missed, 0u) << "of " << Rounds << " simultaneous races";
}
} // namespace

namespace {
// The same at a widening: thread 0 has written byte 0 of each granule in
// its epoch (slot 0, slot 1 empty), and then thread 0 writes byte 1 (which
// widens slot 0 without a scan: ShadowMemory::widenHot) at the same moment
// as thread 1 writes byte 1 (which takes slot 1). Every round is a race,
// and at least one of the two must report it: a widening that did not look
// again at slot 1 after its CAS missed about one round in a few hundred.
void simultaneousWidening(bool HookPath) {
  constexpr unsigned Rounds = 20000;
  static ShadowMemory Shadow;
  static uint64_t Memory[2][Rounds];
  static const char SiteOf[2] = {};
  std::vector<std::atomic<unsigned>> Arrived(Rounds);
  std::vector<std::atomic<bool>> Reported(Rounds);
  std::atomic<unsigned> Widened{0};
  std::vector<std::thread> Workers;
  for (unsigned T = 0; T < 2; ++T)
    Workers.emplace_back([&, T] {
      VectorClock C;
      for (unsigned R = 0; R < Rounds; ++R) {
        C.set(T, R + 1);
        Granule *G =
            Shadow.granuleFor(reinterpret_cast<uptr>(&Memory[HookPath][R]));
        AccessDesc D{T, R + 1, true, false, &SiteOf[T]};
        PriorAccess P;
        if (T == 0)
          ASSERT_FALSE(ShadowMemory::access(G, granuleMask(0, 1), D, C, &P));
        ++Arrived[R];
        while (Arrived[R].load() < 2) {
        }
        bool Raced;
        uint64_t Old;
        ShadowInfo Cur =
            ShadowInfo::make(T, R + 1, granuleMask(1, 1), true, false);
        if (HookPath && T == 0 &&
            ShadowMemory::widenOwn(
                G, Cur, __atomic_load_n(&G->HotInfo[0], __ATOMIC_ACQUIRE),
                __atomic_load_n(&G->HotInfo[1], __ATOMIC_SEQ_CST), &SiteOf[0],
                &Old))
          // The hook's protocol: look at slot 1 again after the CAS.
          Raced = __atomic_load_n(&G->HotInfo[1], __ATOMIC_SEQ_CST) &&
                  ShadowMemory::recheckWidened(G, Old, Cur, D, C, &P);
        else
          Raced = ShadowMemory::access(G, granuleMask(1, 1), D, C, &P);
        if (Raced)
          Reported[R] = true;
      }
      C.release();
    });
  for (auto &W : Workers)
    W.join();
  unsigned Missed = 0;
  for (unsigned R = 0; R < Rounds; ++R) {
    Missed += !Reported[R].load();
    Granule *G =
        Shadow.granuleFor(reinterpret_cast<uptr>(&Memory[HookPath][R]));
    Widened += ShadowSlot(G, 0).load().mask() == 0x03 ||
               ShadowSlot(G, 1).load().mask() == 0x03;
  }
  EXPECT_EQ(Missed, 0u) << "of " << Rounds << " simultaneous races";
  EXPECT_GT(Widened.load(), 0u); // the widening path was taken
}

TEST(ShadowMemory, SimultaneousWideningAlwaysRaces) {
  simultaneousWidening(/*HookPath=*/false); // widenHot
}

// The same through the hooks' fast path (widenOwn, with the site word the
// thread kept) and its second look at slot 1.
TEST(ShadowMemory, SimultaneousFastPathWideningAlwaysRaces) {
  simultaneousWidening(/*HookPath=*/true);
}
} // namespace

// Eviction never loses an access that could still race: five threads write
// five different bytes of one granule (more than its four slots) with no
// order between them, then a sixth writes one of those bytes. Whichever
// byte, and whatever its writer's place in the order, the race is found,
// against the thread that wrote that byte.
TEST(ShadowMemory, EvictionKeepsRaceCapableAccesses) {
  static ShadowMemory Shadow;
  alignas(8) static uint64_t Word;
  uptr Addr = reinterpret_cast<uptr>(&Word);
  for (unsigned Target = 0; Target < 5; ++Target)
    for (unsigned Place = 0; Place < 5; ++Place) {
      SCOPED_TRACE("byte " + std::to_string(Target) + ", its writer at place " +
                   std::to_string(Place));
      Shadow.reset(Addr, 8);
      Granule *G = Shadow.granuleFor(Addr);
      std::vector<unsigned> Order;
      for (unsigned B = 0; B < 5; ++B)
        if (B != Target)
          Order.push_back(B);
      Order.insert(Order.begin() + Place, Target);
      for (unsigned B : Order) {
        VectorClock C;
        uint32_t Tid = 1 + B; // thread 1+B writes byte B
        C.set(Tid, 1);
        AccessDesc D{Tid, 1, /*Write=*/true, /*Atomic=*/false, nullptr};
        PriorAccess P;
        ASSERT_FALSE(ShadowMemory::access(G, granuleMask(B, 1), D, C, &P));
      }
      VectorClock C;
      C.set(6, 1);
      AccessDesc D{6, 1, /*Write=*/true, /*Atomic=*/false, nullptr};
      PriorAccess P;
      EXPECT_TRUE(ShadowMemory::access(G, granuleMask(Target, 1), D, C, &P));
      EXPECT_EQ(P.Info.tid(), 1 + Target);
      // Ordered after all five writers: no race, spilled entries included.
      VectorClock After;
      for (uint32_t T = 1; T <= 7; ++T)
        After.set(T, 1);
      AccessDesc D7{7, 1, /*Write=*/true, /*Atomic=*/false, nullptr};
      Shadow.reset(Addr, 8);
      for (unsigned B : Order) {
        VectorClock CB;
        CB.set(1 + B, 1);
        AccessDesc DB{1 + B, 1, true, false, nullptr};
        ASSERT_FALSE(ShadowMemory::access(G, granuleMask(B, 1), DB, CB, &P));
      }
      EXPECT_FALSE(ShadowMemory::access(G, 0xff, D7, After, &P));
    }
  Shadow.reset(Addr, 8);
  // reset drops the granule's spilled entries
  uptr Key = reinterpret_cast<uptr>(Shadow.granuleFor(Addr));
  for (const SpillTable::Entry &E : Spill.S[SpillTable::setOf(Key)].E)
    EXPECT_NE(E.Key, Key);
}

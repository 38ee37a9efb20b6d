// The lock-order graph's incremental cycle search against a naive model:
// the model keeps every acquisition instance (each one counts), and after
// every added instance it enumerates every simple cycle of the whole graph
// and tries every choice of instances; the number of cycles that became
// feasible must equal what the incremental search found from the new edge
// alone (a cycle counts once as feasible for distinct threads and once,
// before that, as taken by one thread). Instances come from per-thread
// histories whose clocks only grow (as a thread's do), with at most two changes
// of what a thread knows of the others, so the graph's bounded set of
// non-dominated instances per context (lock_graph.h) must lose nothing. Seeded,
// seed printed on failure.
#include "lock_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <vector>

using namespace ravel::rt;

namespace {
struct Inst {
  uint32_t Tid;
  bool FromWrite, ToWrite;
  std::vector<uint64_t> Gates;
  Epoch E;
  std::vector<Epoch> Order; // per tid
};
using Key = std::pair<uint64_t, uint64_t>;

struct Model {
  std::map<Key, std::vector<Inst>> Edges;
  // Cycles reported: for distinct threads (false) or for one (true); a
  // cycle reported for distinct threads is not reported for one.
  std::set<std::pair<std::vector<Key>, bool>> Feasible;

  void add(uint64_t F, uint64_t T, const Inst &I) {
    Edges[{F, T}].push_back(I);
  }

  static bool before(const Inst &X, const Inst &Y) {
    return X.E <= Y.Order[X.Tid];
  }

  // OneThread: instances of one thread may be chosen together (a latent
  // inversion taken by one thread); those of distinct threads must still
  // be unordered.
  bool feasible(const std::vector<Key> &Cycle, bool OneThread) {
    std::vector<const Inst *> Chosen(Cycle.size());
    std::function<bool(size_t)> Pick = [&](size_t I) {
      if (I == Cycle.size()) {
        for (size_t K = 0; K < I; ++K)
          for (size_t J = K + 1; J < I; ++J)
            if (Chosen[K]->Tid == Chosen[J]->Tid
                    ? !OneThread
                    : before(*Chosen[K], *Chosen[J]) ||
                          before(*Chosen[J], *Chosen[K]))
              return false;
        for (size_t K = 0; K < I; ++K)
          if (!Chosen[K]->ToWrite && !Chosen[(K + 1) % I]->FromWrite)
            return false;
        for (uint64_t G : Chosen[0]->Gates) {
          bool All = true;
          for (size_t K = 1; K < I; ++K)
            All &= std::count(Chosen[K]->Gates.begin(), Chosen[K]->Gates.end(),
                              G) > 0;
          if (All)
            return false;
        }
        return true;
      }
      for (const Inst &C : Edges[Cycle[I]]) {
        Chosen[I] = &C;
        if (Pick(I + 1))
          return true;
      }
      return false;
    };
    return Pick(0);
  }

  /// Number of cycles feasible now that were not before.
  unsigned refresh(unsigned Nodes) {
    unsigned New = 0;
    std::vector<uint64_t> Perm;
    // Every simple cycle, rooted at its smallest node.
    std::function<void(uint64_t, std::vector<uint64_t> &)> Walk =
        [&](uint64_t Root, std::vector<uint64_t> &Path) {
          uint64_t Last = Path.back();
          for (uint64_t N = Root; N <= Nodes; ++N) {
            if (!Edges.count({Last, N}) || Edges[{Last, N}].empty())
              continue;
            if (N == Root && Path.size() >= 2) {
              std::vector<Key> Cycle;
              for (size_t I = 0; I < Path.size(); ++I)
                Cycle.push_back({Path[I], Path[(I + 1) % Path.size()]});
              std::vector<Key> Sorted = Cycle;
              std::sort(Sorted.begin(), Sorted.end());
              if (Feasible.count({Sorted, false}))
                continue;
              bool Strict = feasible(Cycle, false);
              if (Strict ||
                  (!Feasible.count({Sorted, true}) && feasible(Cycle, true))) {
                Feasible.insert({Sorted, !Strict});
                ++New;
              }
              continue;
            }
            if (N == Root ||
                std::find(Path.begin(), Path.end(), N) != Path.end())
              continue;
            Path.push_back(N);
            Walk(Root, Path);
            Path.pop_back();
          }
        };
    for (uint64_t Root = 1; Root <= Nodes; ++Root) {
      std::vector<uint64_t> Path{Root};
      Walk(Root, Path);
    }
    return New;
  }
};

TEST(LockGraph, IncrementalSearchMatchesNaiveModel) {
  constexpr unsigned Nodes = 5, Threads = 4;
  for (uint32_t Seed = 1; Seed <= 300; ++Seed) {
    SCOPED_TRACE("seed " + std::to_string(Seed));
    std::mt19937 Rng(Seed);
    lockGraphResetForTest();
    Model M;
    // Distinct lock ids per seed: the runtime graph keeps old nodes.
    uint64_t Base = uint64_t(Seed) * 100;
    // Each thread's clock: its own epoch and what it knows of the others.
    std::vector<std::vector<Epoch>> Clock(Threads,
                                          std::vector<Epoch>(Threads, 0));
    std::vector<unsigned> Learned(Threads, 0);
    for (uint32_t K = 0; K < Threads; ++K)
      Clock[K][K] = 1;
    for (int Step = 0; Step < 40; ++Step) {
      uint64_t F = 1 + Rng() % Nodes, T = 1 + Rng() % Nodes;
      if (F == T)
        continue;
      Inst I;
      I.Tid = Rng() % Threads;
      I.FromWrite = Rng() % 4 != 0;
      I.ToWrite = Rng() % 4 != 0;
      for (uint64_t G = 1; G <= Nodes; ++G)
        if (G != F && G != T && Rng() % 5 == 0)
          I.Gates.push_back(Base + G);
      // The thread moves on (a release), and now and then learns of another
      // (an acquire through a fork, join, condvar...).
      std::vector<Epoch> &C = Clock[I.Tid];
      C[I.Tid] += Rng() % 2;
      if (Learned[I.Tid] < 2 && Rng() % 4 == 0) {
        uint32_t K = Rng() % Threads;
        if (K != I.Tid && Clock[K][K] > C[K]) {
          C[K] += 1 + Rng() % (Clock[K][K] - C[K]);
          ++Learned[I.Tid];
        }
      }
      I.E = C[I.Tid];
      I.Order = C;
      M.add(F, T, I);
      unsigned Want = M.refresh(Nodes);

      VectorClock Order;
      for (uint32_t K = 0; K < Threads; ++K)
        Order.set(K, I.Order[K]);
      LockGraphEdgeInput In{Base + F,
                            Base + T,
                            I.Tid,
                            I.FromWrite,
                            I.ToWrite,
                            I.Gates.data(),
                            static_cast<uint32_t>(I.Gates.size()),
                            I.E,
                            &Order};
      unsigned Len = 0;
      uint64_t Cycle[64];
      unsigned Got = lockGraphAddForTest(In, Cycle, &Len);
      Order.release();
      ASSERT_EQ(Got, Want) << "step " << Step << " edge " << F << "->" << T;
      if (Got) {
        ASSERT_GE(Len, 2u);
        EXPECT_EQ(Cycle[0], Base + F);
      }
    }
  }
}
// Thread 0 nests a -> b, forks thread 1 (which inherits its order clock),
// thread 1 nests b -> a, then thread 0 nests a -> b again: the first a -> b
// is ordered before thread 1 by the fork, the repeat is not, so the cycle
// is feasible through the repeat.
TEST(LockGraph, RepeatAfterForkIsFound) {
  lockGraphResetForTest();
  const uint64_t A = 100001, B = 100002;
  VectorClock Main, Child;
  Main.set(0, 1);
  LockGraphEdgeInput First{A, B, 0, true, true, nullptr, 0, 1, &Main};
  EXPECT_EQ(lockGraphAddForTest(First, nullptr, nullptr), 0u);
  Child.set(0, 1); // fork at main's epoch 1; main moves on to 2
  Child.set(1, 1);
  LockGraphEdgeInput Inverted{B, A, 1, true, true, nullptr, 0, 1, &Child};
  EXPECT_EQ(lockGraphAddForTest(Inverted, nullptr, nullptr), 0u);
  Main.set(0, 2);
  LockGraphEdgeInput Repeat{A, B, 0, true, true, nullptr, 0, 2, &Main};
  uint64_t Cycle[8];
  unsigned Len = 0;
  EXPECT_EQ(lockGraphAddForTest(Repeat, Cycle, &Len), 1u);
  EXPECT_EQ(Len, 2u);
  // The same repeat again adds nothing.
  EXPECT_EQ(lockGraphAddForTest(Repeat, nullptr, nullptr), 0u);
  Main.release();
  Child.release();
}
} // namespace

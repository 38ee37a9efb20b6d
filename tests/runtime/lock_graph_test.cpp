// The lock-order graph's incremental cycle search against a naive model:
// after every added edge instance, the model enumerates every simple cycle
// of the whole graph and tries every choice of instances; the number of
// cycles that became feasible must equal what the incremental search found
// from the new edge alone. Seeded, seed printed on failure.
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
  std::set<std::vector<Key>> Feasible;

  bool add(uint64_t F, uint64_t T, const Inst &I) {
    auto &V = Edges[{F, T}];
    for (auto &O : V)
      if (O.Tid == I.Tid && O.FromWrite == I.FromWrite &&
          O.ToWrite == I.ToWrite && O.Gates == I.Gates)
        return false;
    if (V.size() == 8)
      return false;
    V.push_back(I);
    return true;
  }

  static bool before(const Inst &X, const Inst &Y) {
    return X.E <= Y.Order[X.Tid];
  }

  bool feasible(const std::vector<Key> &Cycle) {
    std::vector<const Inst *> Chosen(Cycle.size());
    std::function<bool(size_t)> Pick = [&](size_t I) {
      if (I == Cycle.size()) {
        for (size_t K = 0; K < I; ++K)
          for (size_t J = K + 1; J < I; ++J)
            if (Chosen[K]->Tid == Chosen[J]->Tid ||
                before(*Chosen[K], *Chosen[J]) ||
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
              if (!Feasible.count(Sorted) && feasible(Cycle)) {
                Feasible.insert(Sorted);
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
      I.E = 1 + Rng() % 4;
      I.Order.resize(Threads);
      for (auto &O : I.Order)
        O = Rng() % 3 == 0 ? Rng() % 5 : 0;
      I.Order[I.Tid] = I.E;
      bool Added = M.add(F, T, I);
      unsigned Want = Added ? M.refresh(Nodes) : 0;

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
} // namespace

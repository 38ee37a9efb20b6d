// VectorClock against a naive model (std::map) with seeded random
// operations; the seed is printed on failure.
#include "vector_clock.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

using namespace ravel::rt;

namespace {
using Model = std::map<uint32_t, uint64_t>;
uint64_t get(const Model &M, uint32_t T) {
  auto I = M.find(T);
  return I == M.end() ? 0 : I->second;
}

TEST(VectorClock, MatchesNaiveModel) {
  for (uint32_t Seed = 1; Seed <= 200; ++Seed) {
    SCOPED_TRACE("seed " + std::to_string(Seed));
    std::mt19937 Rng(Seed);
    constexpr int N = 4;
    VectorClock C[N];
    Model M[N];
    for (int Step = 0; Step < 400; ++Step) {
      int A = Rng() % N, B = Rng() % N;
      uint32_t Tid = Rng() % 70; // crosses several growth steps
      switch (Rng() % 5) {
      case 0: {
        uint64_t V = Rng() % 1000;
        C[A].set(Tid, V);
        M[A][Tid] = V;
        break;
      }
      case 1:
        C[A].join(C[B]);
        for (auto [T, V] : Model(M[B]))
          M[A][T] = std::max(get(M[A], T), V);
        break;
      case 2:
        C[A].assign(C[B]);
        M[A] = M[B];
        break;
      case 3: {
        bool Leq = true;
        for (auto [T, V] : M[A])
          Leq &= V <= get(M[B], T);
        ASSERT_EQ(C[A].leq(C[B]), Leq);
        break;
      }
      case 4:
        if (Rng() % 8 == 0) {
          C[A].clear();
          M[A].clear();
        }
        break;
      }
      for (uint32_t T = 0; T < 72; ++T)
        ASSERT_EQ(C[A].get(T), get(M[A], T)) << "tid " << T;
    }
    for (auto &X : C)
      X.release();
  }
}
} // namespace

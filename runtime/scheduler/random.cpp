//===- scheduler/random.cpp - uniformly random scheduling -----------------===//
//
// At every point with two or more runnable threads, each is equally likely.
// Finds shallow ordering bugs quickly and is fair with probability 1 (spin
// loops terminate), so PCT falls back to it for liveness.
//
//===----------------------------------------------------------------------===//
#include "strategy.h"

#include <new>

namespace ravel::rt::sched {
namespace {

class RandomStrategy final : public Strategy {
public:
  explicit RandomStrategy(uint64_t Seed) : R(Seed) {}
  uint32_t pick(const uint32_t *Runnable, uint32_t N, uint32_t,
                uint64_t) override {
    return N == 1 ? Runnable[0] : Runnable[R.below(N)];
  }
  uint32_t choose(uint32_t N) override { return (uint32_t)R.below(N); }

private:
  Rng R;
};

alignas(RandomStrategy) unsigned char Storage[sizeof(RandomStrategy)];

} // namespace

Strategy *makeRandomStrategy(uint64_t Seed) {
  return new (Storage) RandomStrategy(Seed);
}

} // namespace ravel::rt::sched

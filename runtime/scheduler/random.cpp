//===- scheduler/random.cpp - uniformly random scheduling -----------------===//
//
// At every point with two or more runnable threads, each is equally likely,
// except that a thread the fairness rule passes over (scheduler.h: it spins
// without progress) is not chosen while another can run: otherwise a
// spinner would take half of all steps from the thread it waits for. Finds
// shallow ordering bugs quickly and is fair with probability 1 (spin loops
// terminate).
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
    if (N == 1)
      return Runnable[0];
    uint32_t M = 0; // the threads not passed over
    for (uint32_t I = 0; I < N; ++I)
      M += !deferred(Runnable[I]);
    if (M == 0 || M == N)
      return Runnable[R.below(N)];
    uint64_t K = R.below(M);
    for (uint32_t I = 0;; ++I)
      if (!deferred(Runnable[I]) && K-- == 0)
        return Runnable[I];
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

//===- scheduler/pct.cpp - Probabilistic Concurrency Testing --------------===//
//
// Burckhardt, Kothari, Musuvathi, Nagarakatte: "A Randomized Scheduler with
// Probabilistic Guarantees of Finding Bugs", ASPLOS 2010. Every thread gets a
// random initial priority above Depth; Depth-1 change points are drawn
// uniformly over the expected number of steps K; at each, the thread that
// would run next is demoted below every other priority. The highest-priority
// runnable thread always runs. A bug of depth d is found with probability at
// least 1/(n k^(d-1)) per run.
//
// Steps: K counts all scheduling steps, as in the paper, where the i-th
// change point lowers the priority of the thread that executes step k_i even
// when it is the only one enabled then. So the core calls pick() at every
// step, N == 1 included (only steps with a choice are recorded); the
// demotion then shows at the next step with a choice. Counting only steps
// with a choice would need a different hint (choices, not steps) and would
// move change points off the steps where a lone thread runs into a critical
// section -- exactly the places a depth-d bug needs a thread to stop.
//
// Two departures. As in Coyote and Shuttle, K comes from earlier runs of the
// same program (the driver passes steps_hint=). And after FairAfter steps the
// strategy turns fair, so a spin loop waiting for a lower-priority thread
// cannot starve it forever: it then goes round-robin (the next runnable
// thread after the current one, in tid order, at every synchronisation
// operation and at every kPlainSlice-th plain access). Round-robin is
// fair -- every runnable thread runs every few steps, so a correct spin-wait
// or a lock-free retry loop finishes -- and at the same time the adversary
// of a livelock: threads that back off politely stay in lockstep forever and
// run into max_steps / the run's time-out, which is reported as `hang`. A
// random fallback would let them drift apart and hide the livelock.
//
// Without steps_hint (run 0 of `ravel run`, which measures the length the
// later runs get as their hint), K is a guess and most programs run past
// 4K + 1000: round-robin for the rest of the run would hand the turn over
// at every synchronisation operation of it. So a run without a hint goes
// round-robin in bursts: from FairAfter for FairAfter / 4 steps, then by
// priorities again until 2 x FairAfter, round-robin for FairAfter / 2
// steps, and so on, each span twice the one before: a fifth of the steps
// stay round-robin, so a starved thread still gets a fixed share of every
// span, and the bursts cost a fifth of what round-robin did. A polite
// livelock may slip out of lockstep between two bursts in such a run; the
// runs with a hint keep round-robin to the end. A yield
// demotes the yielding thread like a change point that does not count
// towards the depth.
//
// Fairness (Musuvathi, Qadeer: "Fair stateless model checking", PLDI 2008;
// the rule is in scheduler.h): a thread that spins without progress -- it
// re-reads locations no other thread wrote, or yields twice with nothing
// else in between -- is demoted the same way, so a spin-wait under PCT
// costs a few dozen steps instead of starving the thread it waits for
// until FairAfter (and then taking every other step). While the rule
// passes it over (until a write to what it re-read, or its back-off ends)
// the highest-priority thread that is not passed over runs, and
// round-robin skips it too; when every runnable thread spins, the choice
// is the usual one, so a livelock still spins until max_steps: a `hang`.
//
//===----------------------------------------------------------------------===//
#include "strategy.h"

#include "ravel/contract/run.h"

#include <new>

namespace ravel::rt::sched {
namespace {

constexpr uint32_t kMaxDepth = 64;
constexpr uint32_t kNoThread = 0xffffffffu;
// Round-robin: plain accesses in a row before the next thread's turn.
constexpr uint32_t kPlainSlice = 64;
// Without steps_hint=: the length `ravel run` assumes before run 0 ends.
constexpr uint64_t kDefaultSteps = contract::DefaultExpectedSteps;

class PctStrategy final : public Strategy {
public:
  PctStrategy(uint64_t Seed, uint32_t Depth, uint64_t StepsHint) : R(Seed) {
    K = StepsHint ? StepsHint : kDefaultSteps;
    NumChangePoints = Depth > 0 ? Depth - 1 : 0;
    if (NumChangePoints > kMaxDepth)
      NumChangePoints = kMaxDepth;
    for (uint32_t I = 0; I < NumChangePoints; ++I)
      ChangePoints[I] = 1 + R.below(K);
    FairAfter = 4 * K + 1000;
    Bursts = !StepsHint;
    Base = Depth + 1;
  }

  void threadCreated(uint32_t Tid) override {
    // Distinct with overwhelming probability; ties break by lower tid.
    Prio[Tid] = (int64_t)(Base + R.below(1ULL << 40));
  }

  uint32_t pick(const uint32_t *Runnable, uint32_t N, uint32_t Current,
                uint64_t Step) override {
    if (roundRobin(Step)) {
      // Round-robin: the first runnable thread after Current (wrapping),
      // passing over spinners while another can run.
      uint32_t First = kNoThread, After = kNoThread;
      for (uint32_t I = 0; I < N; ++I) {
        if (deferred(Runnable[I]))
          continue;
        if (First == kNoThread)
          First = Runnable[I];
        if (After == kNoThread && Runnable[I] > Current)
          After = Runnable[I];
      }
      if (After != kNoThread)
        return After;
      if (First != kNoThread)
        return First;
      for (uint32_t I = 0; I < N; ++I)
        if (Runnable[I] > Current)
          return Runnable[I];
      return Runnable[0];
    }
    uint32_t Best = highest(Runnable, N);
    // A change point demotes the thread that takes its step. pick() sees
    // every step, also those where one thread alone can run (N == 1), so
    // none is lost there; `<=` and Applied cover a step that made no
    // decision, and apply each change point once.
    for (uint32_t I = 0; I < NumChangePoints; ++I) {
      if (!Applied[I] && ChangePoints[I] <= Step) {
        Applied[I] = true;
        Prio[Best] = NextLow--;
        Best = highest(Runnable, N);
      }
    }
    return Best;
  }

  uint32_t choose(uint32_t N) override { return (uint32_t)R.below(N); }

  void yielded(uint32_t Tid) override { Prio[Tid] = NextLow--; }

  // With the same runnable threads, priorities change only at a change
  // point and when the strategy turns round-robin.
  uint64_t stableUntil(uint64_t Step) const override {
    if (roundRobin(Step))
      return 0;
    uint64_t Until = nextRoundRobin(Step);
    for (uint32_t I = 0; I < NumChangePoints; ++I)
      if (!Applied[I] && ChangePoints[I] < Until)
        Until = ChangePoints[I];
    return Until;
  }

  uint32_t plainSlice(uint64_t Step) const override {
    return roundRobin(Step) ? kPlainSlice : 0;
  }

private:
  /// Whether step Step is in a round-robin span: every step past FairAfter
  /// with a hint; without one, the first quarter of each span
  /// [P, 2P) with P = FairAfter * 2^i.
  bool roundRobin(uint64_t Step) const {
    if (Step <= FairAfter)
      return false;
    if (!Bursts)
      return true;
    uint64_t P = FairAfter;
    while (Step >= 2 * P)
      P *= 2;
    return Step < P + P / 4;
  }
  /// The first round-robin step after Step, which is not one.
  uint64_t nextRoundRobin(uint64_t Step) const {
    if (Step <= FairAfter)
      return FairAfter + 1;
    uint64_t P = FairAfter;
    while (Step >= 2 * P)
      P *= 2;
    return 2 * P; // Step is in the priority part of [P, 2P)
  }

  /// The highest-priority runnable thread, among those the fairness rule
  /// does not pass over if there are any.
  uint32_t highest(const uint32_t *Runnable, uint32_t N) const {
    uint32_t Best = kNoThread;
    for (uint32_t I = 0; I < N; ++I)
      if (!deferred(Runnable[I]) &&
          (Best == kNoThread || Prio[Runnable[I]] > Prio[Best]))
        Best = Runnable[I];
    if (Best != kNoThread)
      return Best;
    Best = Runnable[0];
    for (uint32_t I = 1; I < N; ++I)
      if (Prio[Runnable[I]] > Prio[Best])
        Best = Runnable[I];
    return Best;
  }

  Rng R;
  uint64_t K = 0;
  uint64_t FairAfter = 0;
  bool Bursts = false; // no hint: round-robin in bursts (above)
  uint64_t Base = 0;
  int64_t NextLow = 0; // demoted priorities: 0, -1, -2, ... below all initial
  uint32_t NumChangePoints = 0;
  uint64_t ChangePoints[kMaxDepth] = {};
  bool Applied[kMaxDepth] = {};
  int64_t Prio[kMaxThreads] = {}; // invariant: set for every created thread
};

alignas(PctStrategy) unsigned char Storage[sizeof(PctStrategy)];

} // namespace

Strategy *makePctStrategy(uint64_t Seed, uint32_t Depth, uint64_t StepsHint) {
  return new (Storage) PctStrategy(Seed, Depth, StepsHint);
}

} // namespace ravel::rt::sched

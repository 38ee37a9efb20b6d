// EXPECT: hang
// RAVEL-RUN: --runs 300 --schedule pct --depth 4 --timeout 20
//
// Livelock: two polite threads that keep stepping aside for each other.
//
// After learning about lock-order deadlocks (bank.cpp), the author made
// transfer() "polite": lock the source, *try* to lock the destination, and
// if that fails, release the source and start over. Nobody ever blocks
// while holding a lock, so there is no deadlock -- but two opposite
// transfers can keep colliding forever:
//
//   T1: locks alice          T2: locks bob
//   T1: try_lock(bob) fails  T2: try_lock(alice) fails
//   T1: unlocks alice        T2: unlocks bob
//   T1: locks alice          T2: locks bob          ... and so on
//
// Both threads are busy, neither makes progress. A variant of the same
// starvation: if T2 is descheduled while it holds bob, T1 spins through
// lock/try/unlock as long as the scheduler keeps it running -- that one a
// fair scheduler resolves, and so does ravel's PCT, which turns round-robin
// after a while. The lockstep above survives round-robin, so a PCT schedule
// whose change points put both threads on their first lock at once keeps
// them colliding until the step budget runs out: ravel reports a `hang`.
//
// Why it is rare: on real hardware the two threads drift out of lockstep
// after a few rounds and one of them gets both locks.
//
// Fix (livelock_fixed.cpp): std::scoped_lock(From.Mu, To.Mu). It uses
// std::lock's deadlock-avoidance algorithm, which blocks on the lock it
// failed to get instead of spinning, so one thread always makes progress.
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  long BalanceCents;
  std::mutex Mu;
};

static int politeTransfer(Account &From, Account &To, long Cents) {
  int Attempts = 0;
  for (;;) {
    ++Attempts;
    From.Mu.lock();
    if (To.Mu.try_lock()) {
      From.BalanceCents -= Cents;
      To.BalanceCents += Cents;
      To.Mu.unlock();
      From.Mu.unlock();
      return Attempts;
    }
    From.Mu.unlock(); // back off and try again
  }
}

int main() {
  Account Alice{50000, {}};
  Account Bob{20000, {}};
  int AttemptsA = 0, AttemptsB = 0;
  std::thread Payment([&] { AttemptsA = politeTransfer(Alice, Bob, 1250); });
  std::thread Refund([&] { AttemptsB = politeTransfer(Bob, Alice, 300); });
  Payment.join();
  Refund.join();
  std::printf("alice %ld, bob %ld\n", Alice.BalanceCents, Bob.BalanceCents);
  return AttemptsA > 0 && AttemptsB > 0 ? 0 : 1;
}

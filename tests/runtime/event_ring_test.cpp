// The per-thread event ring read while its thread writes it: every entry a
// reader keeps must be one the writer wrote whole (each field of entry k is
// derived from k, so a torn entry would mix two), in step order; entries
// being rewritten are dropped, never misread. Also the names events and
// locks get from their sites' source text.
#include "runtime.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

using namespace ravel::rt;

namespace {
constexpr unsigned Kinds = 7;
const char *const Ops[Kinds] = {"lock",     "unlock", "wait", "signal",
                                "sem-post", "create", "join"};
const char *const Whats[Kinds] = {"a", "b", "c", "d", "e", "f", "g"};
const __ravel_site Sites[Kinds] = {};

TEST(EventRing, ConcurrentSnapshotsNeverSeeTornEntries) {
  static ThreadState Writer; // zero-initialised like a registered thread
  std::atomic<bool> Done{false};
  std::atomic<uint64_t> Written{0};
  std::thread W([&] {
    uint64_t I = 0;
    for (; !Done.load(std::memory_order_relaxed); ++I) {
      unsigned K = static_cast<unsigned>(I % Kinds);
      Writer.CurEpoch = I;
      recordEvent(&Writer, Ops[K], Whats[K], &Sites[K], K);
    }
    Written.store(I);
  });
  uint64_t Snapshots = 0, Kept = 0;
  RingEvent Out[ThreadState::RingSize];
  // Start once the ring is full, and go on long enough for the two
  // threads to overlap on a loaded machine.
  while (__atomic_load_n(&Writer.RingNext, __ATOMIC_ACQUIRE) <
         4 * ThreadState::RingSize)
    std::this_thread::yield();
  for (; Snapshots < 300000; ++Snapshots) {
    uint32_t N = snapshotRing(&Writer, Out);
    ASSERT_LE(N, ThreadState::RingSize);
    for (uint32_t I = 0; I < N; ++I) {
      const RingEvent &E = Out[I];
      ASSERT_LT(E.Obj, Kinds);
      EXPECT_EQ(E.Op, Ops[E.Obj]) << "torn entry at step " << E.Step;
      EXPECT_EQ(E.What, Whats[E.Obj]) << "torn entry at step " << E.Step;
      EXPECT_EQ(E.Site, &Sites[E.Obj]) << "torn entry at step " << E.Step;
      EXPECT_EQ(E.After % Kinds, E.Obj) << "torn entry at step " << E.Step;
      EXPECT_EQ(E.Step % 2, 0u);
      if (I)
        EXPECT_GT(E.Step, Out[I - 1].Step);
    }
    Kept += N;
  }
  Done.store(true);
  W.join();
  // Once the writer is done, the ring holds its last RingSize events.
  uint32_t N = snapshotRing(&Writer, Out);
  ASSERT_EQ(N, ThreadState::RingSize);
  EXPECT_EQ(Out[N - 1].After, Written.load() - 1);
  EXPECT_GT(Kept, 0u);
}

std::string objectText(const char *Text, bool MutexRole = true) {
  char Buf[96];
  return syncObjectText(Text, MutexRole, Buf, sizeof(Buf));
}

TEST(LockNames, TheLockExpressionNotTheCall) {
  EXPECT_EQ(objectText("pthread_mutex_lock(&b)"), "b");
  EXPECT_EQ(objectText("pthread_mutex_lock(&acct->mu)"), "acct->mu");
  EXPECT_EQ(objectText("pthread_mutex_lock( &(forks[(i + 1) % N]) )"),
            "forks[(i + 1) % N]");
  EXPECT_EQ(objectText("pthread_mutex_lock(s->left)"), "s->left");
  EXPECT_EQ(objectText("LockFrom(From.Mu)"), "From.Mu");
  EXPECT_EQ(objectText("lk(m2, std::defer_lock)"), "m2");
  EXPECT_EQ(objectText("m1.lock()"), "m1");
  EXPECT_EQ(objectText("this->Accounts[I].Mu.unlock()"),
            "this->Accounts[I].Mu");
  EXPECT_EQ(objectText("Q->Mu.lock()"), "Q->Mu");
  EXPECT_EQ(objectText("a.mu"), "a.mu"); // not a call: as it is
  EXPECT_EQ(objectText(""), "");
  EXPECT_EQ(objectText(nullptr), "");
  // A condvar wait names the condvar, or the mutex when that is meant.
  EXPECT_EQ(objectText("pthread_cond_wait(&job.finished, &job.lock)", false),
            "job.finished");
  EXPECT_EQ(objectText("pthread_cond_wait(&job.finished, &job.lock)", true),
            "job.lock");
  EXPECT_EQ(objectText("pthread_cond_timedwait(&cv, &mu, &ts)", true), "mu");
  EXPECT_EQ(objectText("cv.wait(lk, [] { return ready; })", false), "cv");
  EXPECT_EQ(objectText("sem_wait(&slots)", false), "slots");
  EXPECT_EQ(objectText("Payment.join()", false), "Payment");
}

TEST(LockNames, LongTextIsCut) {
  std::string Long = "pthread_mutex_lock(&" + std::string(200, 'x') + ")";
  char Buf[16];
  EXPECT_EQ(std::string(syncObjectText(Long.c_str(), true, Buf, sizeof(Buf))),
            std::string(15, 'x'));
}
} // namespace

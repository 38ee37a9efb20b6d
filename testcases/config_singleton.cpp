// EXPECT: data-race Instance (config_singleton.cpp:48, config_singleton.cpp:54)
// EXPECT: data-race (config_singleton.cpp:42, config_singleton.cpp:61)
// RAVEL-RUN: --runs 100 --schedule pct
//
// Broken double-checked locking.
//
// limits() creates the rate-limit table on first use. To avoid taking the
// mutex on every call it first checks the pointer without the lock. The
// pointer store and the stores that fill the table are plain stores with no
// ordering between them, so a thread on the fast path can see the pointer
// before the table it points to:
//
//   T1: Instance == nullptr -> locks, L = new RateLimits
//   T1: Instance = L        (compiler or CPU moved this store up ...)
//   T2: Instance != nullptr -> skips the lock, reads L->RequestsPerSecond
//   T1: L->RequestsPerSecond = 100   (... before this one)
//   T2: rate limit is 0: every request is rejected
//
// Two races: on the pointer itself (the unlocked check against the locked
// publication) and on the table's fields (filled by the first thread, read
// by one that took the fast path). Whether a run takes the fast path depends
// on who gets there first, so the second race shows in some runs only;
// ravel merges the findings of all runs.
//
// Fix (config_singleton_fixed.cpp): a function-local static (C++11 "magic
// statics" are initialised exactly once, thread-safely), or std::call_once,
// or an std::atomic<RateLimits*> with release/acquire.
#include <cstdio>
#include <mutex>
#include <thread>

struct RateLimits {
  int RequestsPerSecond;
  int Burst;
};

static RateLimits *Instance = nullptr;
static std::mutex InitMu;

static RateLimits *loadLimits() {
  RateLimits *L = new RateLimits;
  L->RequestsPerSecond = 100;
  L->Burst = 20;
  return L;
}

static const RateLimits &limits() {
  RateLimits *L = Instance;
  if (!L) {
    std::lock_guard<std::mutex> Guard(InitMu);
    L = Instance;
    if (!L) {
      L = loadLimits();
      Instance = L;
    }
  }
  return *L;
}

static void handleRequests(int *Admitted) {
  int Rps = limits().RequestsPerSecond;
  *Admitted = Rps > 50 ? 50 : Rps;
}

int main() {
  int AdmittedA = 0, AdmittedB = 0;
  std::thread Checkout(handleRequests, &AdmittedA);
  std::thread Search(handleRequests, &AdmittedB);
  Checkout.join();
  Search.join();
  std::printf("admitted %d requests\n", AdmittedA + AdmittedB);
  delete Instance;
  return 0;
}

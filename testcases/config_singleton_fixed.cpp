// EXPECT: none
// RAVEL-RUN: --runs 100 --schedule pct
//
// Fixed variant of config_singleton.cpp (broken double-checked locking).
//
// std::call_once runs loadLimits() exactly once; every call returns only
// after the initialisation finished, and that finish happens-before the
// return in every thread (it is pthread_once underneath). This is
// double-checked locking done by the library. A function-local static
// (`static const RateLimits Instance = loadLimits();`) gives the same
// guarantee through the compiler's guard variable.
#include <cstdio>
#include <mutex>
#include <thread>

struct RateLimits {
  int RequestsPerSecond;
  int Burst;
};

static RateLimits Instance;
static std::once_flag InitOnce;

static void loadLimits() {
  Instance.RequestsPerSecond = 100;
  Instance.Burst = 20;
}

static const RateLimits &limits() {
  std::call_once(InitOnce, loadLimits);
  return Instance;
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
  return 0;
}

// Atomicity violation without a data race: each thread increments Count
// with a separate atomic load and store, so an update is lost only if the
// other thread's increment falls between them -- one preemption at one of
// a few hundred scheduling points. Every access is atomic: no race is
// reported; only the final check shows the bug (abort: a `crash`).
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

static std::atomic<int> Count{0};
static std::atomic<long> Work{0};

static void worker() {
  for (int I = 0; I < 200; ++I) // other work, correct
    Work.fetch_add(1);
  int V = Count.load();
  Count.store(V + 1); // BUG: not one atomic step
  for (int I = 0; I < 200; ++I)
    Work.fetch_add(1);
}

int main() {
  std::thread A(worker), B(worker);
  A.join();
  B.join();
  if (Count.load() != 2) {
    std::fprintf(stderr, "lost update: Count = %d\n", Count.load());
    std::abort();
  }
  return 0;
}

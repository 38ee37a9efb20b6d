// EXPECT: data-race hits (counter.cpp:29, counter.cpp:29)
// RAVEL-RUN: --schedule native --runs 5
//
// Lost update: `hits++` looks like one step but is three.
//
// Two request handlers count page hits in one shared `hits` counter. The
// increment compiles to a load, an add and a store, and nothing stops the
// other handler from running between the load and the store:
//
//   T1: load hits        (41)
//   T2: load hits        (41)
//   T1: store hits = 42
//   T2: store hits = 42  <- T1's hit is lost
//
// Why it survives testing: the window is a couple of instructions wide. On a
// lightly loaded machine each handler often runs its whole loop inside one
// time slice, so small test inputs usually print the right total, and the
// count drifts only under production load.
//
// Fix (counter_fixed.cpp): make the counter a std::atomic<long>, whose
// increment is one indivisible read-modify-write.
#include <cstdio>
#include <thread>

static long hits = 0;

static void handleRequests(int Requests) {
  for (int I = 0; I < Requests; ++I)
    hits++;
}

int main() {
  std::thread Frontend(handleRequests, 1000);
  std::thread Api(handleRequests, 1000);
  Frontend.join();
  Api.join();
  std::printf("page hits: %ld\n", hits);
  return 0;
}

// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of counter.cpp (lost update).
//
// The shared counter is a std::atomic<long>: `hits++` is now a single atomic
// read-modify-write (lock xadd on x86), so no other thread can run between
// its load and its store and no hit is lost. The final read happens after
// both handlers were joined, which orders it after every increment.
//
// Relaxed ordering would be enough here (nothing else is published through
// the counter); the default sequentially consistent ++ is used because it is
// what most code writes and it is just as correct.
#include <atomic>
#include <cstdio>
#include <thread>

static std::atomic<long> hits{0};

static void handleRequests(int Requests) {
  for (int I = 0; I < Requests; ++I)
    hits++;
}

int main() {
  std::thread Frontend(handleRequests, 1000);
  std::thread Api(handleRequests, 1000);
  Frontend.join();
  Api.join();
  std::printf("page hits: %ld\n", hits.load());
  return 0;
}

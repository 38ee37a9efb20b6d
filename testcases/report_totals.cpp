// EXPECT: data-race GrandTotalCents (report_totals.cpp:40, report_totals.cpp:40)
// RAVEL-RUN: --schedule native --runs 5
//
// Futures used as "just a way to start a thread": results shared by hand.
//
// The quarterly report sums sales by region in parallel with std::async.
// Each task adds its subtotal straight into a global instead of returning
// it, and the futures are only used to wait. The two tasks run at the same
// time on different threads, and nothing orders their updates:
//
//   task north: loads GrandTotalCents (0)
//   task south: loads GrandTotalCents (0)
//   task north: stores 0 + north
//   task south: stores 0 + south      <- north's sales disappear
//
// (The reads in main are fine: get() waits for the task, which orders the
// task's writes before main's read.) Why it is rare: each task does its
// whole loop first and touches the total once at the very end, so the two
// updates must coincide within a few nanoseconds.
//
// Fix (report_totals_fixed.cpp): let the future carry the result. A task
// returns its subtotal, main adds them up after get(): no shared state,
// nothing to lock.
#include <cstdio>
#include <future>
#include <vector>

struct Sale {
  int Region;
  long Cents;
};

static long GrandTotalCents = 0;

static void sumRegion(const std::vector<Sale> &Sales, int Region) {
  long Subtotal = 0;
  for (const Sale &S : Sales)
    if (S.Region == Region)
      Subtotal += S.Cents;
  GrandTotalCents += Subtotal;
}

int main() {
  std::vector<Sale> Sales;
  for (int I = 0; I < 10000; ++I)
    Sales.push_back(Sale{I % 2, 100 + I % 37});
  std::future<void> North =
      std::async(std::launch::async, sumRegion, std::cref(Sales), 0);
  std::future<void> South =
      std::async(std::launch::async, sumRegion, std::cref(Sales), 1);
  North.get();
  South.get();
  std::printf("grand total: %ld cents\n", GrandTotalCents);
  return 0;
}

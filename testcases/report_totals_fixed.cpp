// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of report_totals.cpp: futures used correctly.
//
// Each task only reads the shared sales (written by main before the tasks
// were started, so ordered before them) and returns its subtotal. The
// future carries the value back; get() waits for the task and makes its
// result visible. main is the only thread that ever writes the grand total.
#include <cstdio>
#include <future>
#include <vector>

struct Sale {
  int Region;
  long Cents;
};

static long sumRegion(const std::vector<Sale> &Sales, int Region) {
  long Subtotal = 0;
  for (const Sale &S : Sales)
    if (S.Region == Region)
      Subtotal += S.Cents;
  return Subtotal;
}

int main() {
  std::vector<Sale> Sales;
  for (int I = 0; I < 10000; ++I)
    Sales.push_back(Sale{I % 2, 100 + I % 37});
  std::future<long> North =
      std::async(std::launch::async, sumRegion, std::cref(Sales), 0);
  std::future<long> South =
      std::async(std::launch::async, sumRegion, std::cref(Sales), 1);
  long GrandTotalCents = North.get() + South.get();
  std::printf("grand total: %ld cents\n", GrandTotalCents);
  return 0;
}

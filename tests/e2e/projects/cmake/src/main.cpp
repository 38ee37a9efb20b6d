#include "tally.h"
#include <cstdio>
#include <thread>

int main() {
  std::thread a([] { tally_add(1); });
  std::thread b([] { tally_add(2); });
  a.join();
  b.join();
  std::printf("tally %d\n", tally_total());
  return 0;
}

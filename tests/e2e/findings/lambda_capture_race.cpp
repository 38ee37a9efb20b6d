// A local captured by reference by two thread lambdas escapes its function:
// its unsynchronised updates race. The by-copy capture is private.
// EXPECT: data-race hits (lambda_capture_race.cpp:13, lambda_capture_race.cpp:13)
// RUNS: 5
#include <thread>

int count_hits(int rounds) {
  int hits = 0;
  int step = 1;
  auto work = [&hits, step, rounds] {
    int mine = 0;
    for (int i = 0; i < rounds; ++i) {
      hits += step;
      mine += step;
    }
    return mine;
  };
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  return hits;
}

int main() { return count_hits(10) <= 20 ? 0 : 3; }

// shared_ptr_release_clean.cpp under controlled schedules: whichever owner
// lets go last, its free of the object is ordered after the others' writes.
// EXPECT: none
// RUNS: 6
// OPTIONS: schedule=pct
#include <memory>
#include <thread>
#include <vector>

struct Stats {
  long hits[4] = {};
  ~Stats() { hits[0] = -1; }
};

int main() {
  auto S = std::make_shared<Stats>();
  std::vector<std::thread> Workers;
  for (int I = 0; I < 4; ++I)
    Workers.emplace_back([S, I]() mutable {
      S->hits[I] += 1;
      S.reset();
    });
  S.reset();
  for (std::thread &W : Workers)
    W.join();
  return 0;
}

// Each worker writes through its own copy of a shared_ptr and drops it; the
// last owner to let go destroys and frees the object. The reference count's
// atomic decrements (inside libstdc++'s headers) order every owner's writes
// before the destruction: no race, whichever thread is last (natively and
// under PCT schedules, whichever owner lets go last).
// EXPECT: none
// RUNS: 5
// SEEDS: pct 1-6
#include <memory>
#include <thread>
#include <vector>

struct Stats {
  long hits[4] = {};
  ~Stats() { hits[0] = -1; } // the destructor writes too
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

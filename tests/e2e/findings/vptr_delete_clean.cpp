// The delete of vptr_delete_race.cpp after the calling thread was joined:
// the join orders the virtual call before the destructors. Nothing to
// report.
// EXPECT: none
// RUNS: 5
// SEEDS: pct 1-5
#include <thread>

struct Task {
  virtual ~Task() = default;
  virtual int run() = 0;
};

struct Job : Task {
  ~Job() override { cleaned = 1; }
  int run() override { return 7; }
  int cleaned = 0;
};

Task *obj;

void caller(int *result) { *result = obj->run(); }

int main() {
  obj = new Job;
  int result = 0;
  std::thread a(caller, &result);
  a.join();
  std::thread b([] { delete obj; });
  b.join();
  return result == 7 ? 0 : 3;
}

// Two threads call push_back on one std::vector with no synchronisation: by
// [res.on.data.races] both write the vector object, a data race. The
// uncounted barrier only keeps the two calls apart in time (so the real
// vector is not corrupted); it creates no happens-before edge.
// EXPECT: data-race shared (vector_push_race.cpp:18, vector_push_race.cpp:18)
// RUNS: 5
#include "uncounted.h"

#include <thread>
#include <vector>

std::vector<int> shared;
int gate;

void producer(int id) {
  if (id == 1)
    uncounted_barrier(&gate, 2);
  shared.push_back(id);
  if (id == 0)
    uncounted_barrier(&gate, 2);
}

int main() {
  shared.reserve(16);
  std::thread a(producer, 0);
  std::thread b(producer, 1);
  a.join();
  b.join();
  return shared.size() == 2 ? 0 : 3;
}

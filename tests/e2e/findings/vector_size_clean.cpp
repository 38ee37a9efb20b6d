// Concurrent const calls (size, operator[] of a sequence) only read the
// vector, and two threads writing distinct elements of a pre-sized vector do
// not race ([container.reqmts]). Nothing to report.
// EXPECT: none
// RUNS: 5
#include <thread>
#include <vector>

std::vector<int> shared(8, 1);
int sizes[2];

void reader(int id) {
  sizes[id] = (int)shared.size();
  shared[id] = id + shared[4];
}

int main() {
  std::thread a(reader, 0);
  std::thread b(reader, 1);
  a.join();
  b.join();
  shared.push_back(sizes[0] + sizes[1]);
  return shared.back() == 16 ? 0 : 3;
}

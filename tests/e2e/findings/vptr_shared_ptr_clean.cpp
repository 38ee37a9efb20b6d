// Two threads share a polymorphic object through shared_ptr copies, call a
// virtual method and drop their copies; the last release destroys it. The
// release is ordered by the control block's atomics inside libstdc++: the
// destructor's vptr write must not be reported against the calls.
// EXPECT: none
// RUNS: 5
#include <memory>
#include <thread>

struct Task {
  virtual ~Task() = default;
  virtual int run() = 0;
};

struct Job : Task {
  ~Job() override {}
  int run() override { return 7; }
};

int main() {
  std::shared_ptr<Task> p = std::make_shared<Job>();
  std::shared_ptr<Task> q = p;
  std::thread a([q]() mutable {
    Task *raw = q.get();
    raw->run();
    q.reset();
  });
  std::thread b([p]() mutable {
    Task *raw = p.get();
    raw->run();
    p.reset();
  });
  p.reset();
  q.reset();
  a.join();
  b.join();
  return 0;
}

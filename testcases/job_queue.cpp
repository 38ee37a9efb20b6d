// EXPECT: crash (job_queue.cpp:50)
// RAVEL-RUN: --runs 200 --schedule pct
//
// `if` instead of `while` around a condition variable wait.
//
// Two print workers take jobs from a queue. pop() waits when the queue is
// empty, but checks the condition once (`if`) instead of in a loop. Being
// woken up only means "the queue was non-empty at some point"; by the time
// the woken thread has the mutex again another worker may have taken the
// job:
//
//   W1:   pop(): queue empty, waits
//   main: push(job 1), notify_one()      W1 is woken but not running yet
//   W2:   pop(): locks first, queue non-empty, takes job 1
//   W1:   re-acquires the mutex, does not re-check, queue is empty
//         <- assertion fails (without it: front() of an empty deque, UB)
//
// (A spurious wake-up, which POSIX and C++ both allow, has the same effect.)
// Why it is rare: W2 must slip in during the few microseconds between the
// notify and W1 getting the mutex back.
//
// Fix (job_queue_fixed.cpp): wait with a predicate,
// Ready.wait(Lock, [&] { return !Jobs.empty(); }), which is a while loop.
#include <cassert>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

struct PrintJob {
  int Id;
  int Pages;
};

class JobQueue {
public:
  void push(PrintJob Job) {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Jobs.push_back(Job);
    }
    Ready.notify_one();
  }

  PrintJob pop() {
    std::unique_lock<std::mutex> Lock(Mu);
    if (Jobs.empty())
      Ready.wait(Lock);
    assert(!Jobs.empty() && "woke up to an empty queue");
    PrintJob Job = Jobs.front();
    Jobs.pop_front();
    return Job;
  }

private:
  std::mutex Mu;
  std::condition_variable Ready;
  std::deque<PrintJob> Jobs;
};

int main() {
  JobQueue Queue;
  int PagesA = 0, PagesB = 0;
  std::thread PrinterA([&] { PagesA = Queue.pop().Pages; });
  std::thread PrinterB([&] { PagesB = Queue.pop().Pages; });
  Queue.push(PrintJob{1, 12});
  Queue.push(PrintJob{2, 3});
  PrinterA.join();
  PrinterB.join();
  std::printf("printed %d pages\n", PagesA + PagesB);
  return 0;
}

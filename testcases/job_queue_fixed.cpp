// EXPECT: none
// RAVEL-RUN: --runs 200 --schedule pct
//
// Fixed variant of job_queue.cpp (`if` around a condition wait).
//
// pop() waits with a predicate. condition_variable::wait(Lock, Pred) is
// `while (!Pred()) wait(Lock);`: after every wake-up, real or spurious, the
// worker re-checks the queue with the mutex held and only then takes a job.
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
    Ready.wait(Lock, [this] { return !Jobs.empty(); });
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

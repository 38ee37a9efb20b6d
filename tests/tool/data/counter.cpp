#include <mutex>
#include <thread>

// A lost update: workers increment counter without holding m.
static int counter = 0;
static std::mutex m;
static std::mutex a_mu, b_mu;

void worker() {
  for (int i = 0; i < 1000; ++i) {
    m.lock();
    int unused = i;
    m.unlock();
    counter++;
    (void)unused;
  }
}

int main() {
  std::thread t1(worker);
  std::thread t2(worker);
  t1.join();
  t2.join();
  return counter == 2000 ? 0 : 1;
}

// Two locks taken in opposite orders by two callers: a potential deadlock.
void transfer(bool forward) {
  if (forward) {
    a_mu.lock();
    b_mu.lock();
  } else {
    b_mu.lock();
    a_mu.lock();
  }
  a_mu.unlock();
  b_mu.unlock();
}

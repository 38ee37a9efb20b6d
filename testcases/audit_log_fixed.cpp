// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of audit_log.cpp: an active object serialises access.
//
// AuditLog owns the device and a thread. post() only enqueues a message
// (under the queue's mutex) and returns; the owner thread takes messages one
// at a time and is the only code that touches the device. The destructor
// (or close()) sends a stop message and joins, so main reads the device only
// after the owner finished. The services never see a lock: concurrency is
// hidden behind the interface.
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

struct LogDevice {
  unsigned long Checksum = 17;
  int Records = 0;
};

class AuditLog {
public:
  AuditLog() : Owner([this] { run(); }) {}

  ~AuditLog() {
    if (Owner.joinable())
      close();
  }

  void post(std::string Record) { send(Message{false, std::move(Record)}); }

  /// Stops the owner thread after the messages already posted and returns
  /// the device; the join orders the owner's writes before the caller.
  LogDevice close() {
    send(Message{true, std::string()});
    Owner.join();
    return Device;
  }

private:
  struct Message {
    bool Stop;
    std::string Record;
  };

  void send(Message M) {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Inbox.push_back(std::move(M));
    }
    Arrived.notify_one();
  }

  void run() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(Mu);
      Arrived.wait(Lock, [this] { return !Inbox.empty(); });
      Message M = std::move(Inbox.front());
      Inbox.pop_front();
      Lock.unlock();
      if (M.Stop)
        return;
      unsigned long H = 5381;
      for (char C : M.Record)
        H = H * 33 + static_cast<unsigned char>(C);
      Device.Checksum = Device.Checksum * 31 + H;
      Device.Records++;
    }
  }

  std::mutex Mu;
  std::condition_variable Arrived;
  std::deque<Message> Inbox;
  LogDevice Device;
  std::thread Owner; // last: starts after the members it uses exist
};

static void service(AuditLog &Log, const char *Name, int Count) {
  for (int I = 0; I < Count; ++I)
    Log.post(std::string(Name) + " #" + std::to_string(I));
}

int main() {
  LogDevice Final;
  {
    AuditLog Log;
    std::thread Payments(service, std::ref(Log), "payment", 50);
    std::thread Refunds(service, std::ref(Log), "refund", 50);
    Payments.join();
    Refunds.join();
    Log.post("end of day");
    Final = Log.close();
  }
  std::printf("%d records\n", Final.Records);
  return 0;
}

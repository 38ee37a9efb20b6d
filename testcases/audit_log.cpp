// EXPECT: data-race Device.Checksum (audit_log.cpp:44, audit_log.cpp:44)
// EXPECT: data-race Device.Records (audit_log.cpp:45, audit_log.cpp:45)
// RAVEL-RUN: --schedule native --runs 5
//
// A resource shared by everyone instead of owned by one thread.
//
// The audit log "device" keeps a running checksum of every record (so that
// tampering is detectable) and a record count. The payments and refunds
// services both call appendRecord() directly from their own threads:
//
//   payments: Checksum = C * 31 + h(p)      (reads C ...)
//   refunds:  Checksum = C * 31 + h(r)      (... reads the same C)
//   payments: stores;  refunds: stores      <- payments' record is not
//                                              in the checksum: the log
//                                              now fails its own audit
//
// Why it is rare: each appendRecord() is a handful of instructions; the two
// services must be inside it at the same moment.
//
// Fix (audit_log_fixed.cpp): an active object. One thread owns the device
// and is the only one that ever touches it; the services send it messages
// through a queue. Concurrency is hidden behind post(), and the order of
// records is the order of the queue.
#include <cstdio>
#include <string>
#include <thread>

struct LogDevice {
  unsigned long Checksum = 17;
  int Records = 0;
};

static LogDevice Device;

static unsigned long hashRecord(const std::string &Record) {
  unsigned long H = 5381;
  for (char C : Record)
    H = H * 33 + static_cast<unsigned char>(C);
  return H;
}

static void appendRecord(const std::string &Record) {
  unsigned long H = hashRecord(Record);
  Device.Checksum = Device.Checksum * 31 + H;
  Device.Records++;
}

static void service(const char *Name, int Count) {
  for (int I = 0; I < Count; ++I)
    appendRecord(std::string(Name) + " #" + std::to_string(I));
}

int main() {
  std::thread Payments(service, "payment", 50);
  std::thread Refunds(service, "refund", 50);
  Payments.join();
  Refunds.join();
  std::printf("%d records, checksum %lx\n", Device.Records, Device.Checksum);
  return 0;
}

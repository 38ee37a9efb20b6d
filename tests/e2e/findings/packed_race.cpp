// Two threads update a misaligned member of a packed struct without a lock:
// the accesses are reported at the member's real (unaligned) bytes; no
// reference to the member is ever formed.
// EXPECT: data-race wire.length (packed_race.cpp:18, packed_race.cpp:18)
// RUNS: 5
#include <thread>

struct __attribute__((packed)) Header {
  char tag;
  int length;
  short flags;
};

Header wire;

void grow() {
  for (int i = 0; i < 100; ++i)
    wire.length += 1;
}

int main() {
  std::thread a(grow);
  std::thread b(grow);
  a.join();
  b.join();
  return wire.length > 0 ? 0 : 3;
}

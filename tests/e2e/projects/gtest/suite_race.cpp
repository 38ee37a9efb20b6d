// One GoogleTest case with a real race: two threads increment Hits with no
// synchronisation (the race is on the ++Hits line).
#include <gtest/gtest.h>

#include <thread>

namespace {

int Hits = 0;

void hit() { ++Hits; }

TEST(Race, UnsynchronisedIncrement) {
  std::thread A(hit), B(hit);
  A.join();
  B.join();
  EXPECT_GE(Hits, 1);
}

} // namespace

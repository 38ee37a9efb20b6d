#include "suppressions.h"

#include <gtest/gtest.h>

using namespace ravel::rt;

TEST(Suppressions, PatternMatching) {
  EXPECT_TRUE(suppressionPatternMatches("counter", "global_counter"));
  EXPECT_TRUE(suppressionPatternMatches("^global", "global_counter"));
  EXPECT_FALSE(suppressionPatternMatches("^counter", "global_counter"));
  EXPECT_TRUE(suppressionPatternMatches("counter$", "global_counter"));
  EXPECT_FALSE(suppressionPatternMatches("global$", "global_counter"));
  EXPECT_TRUE(suppressionPatternMatches("g*_c*r", "global_counter"));
  EXPECT_TRUE(suppressionPatternMatches("^lib/*.c$", "lib/x/y.c"));
  EXPECT_FALSE(suppressionPatternMatches("^lib/*.c$", "lib/x/y.cc"));
  EXPECT_FALSE(suppressionPatternMatches("x", ""));
  EXPECT_FALSE(suppressionPatternMatches("x", nullptr));
}

TEST(Suppressions, ProgramNameMustBeWhole) {
  EXPECT_TRUE(suppressionNamesProgram("counter", "counter"));
  EXPECT_TRUE(suppressionNamesProgram("count*", "counter"));
  EXPECT_TRUE(suppressionNamesProgram("^counter$", "counter"));
  EXPECT_FALSE(suppressionNamesProgram("count", "counter"));
  EXPECT_FALSE(suppressionNamesProgram("counter", "counter_test"));
  EXPECT_FALSE(suppressionNamesProgram("counter", ""));
}

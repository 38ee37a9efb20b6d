#include "options.h"

#include <gtest/gtest.h>

#include <string>

using namespace ravel::rt;

namespace {
struct Parsed {
  bool Ok;
  Options O;
  std::string Err;
  char Storage[512];
};
void parse(const char *Text, Parsed &P) {
  TextBuffer Err;
  P.Ok = parseOptions(Text, &P.O, P.Storage, sizeof(P.Storage), &Err);
  P.Err = Err.data();
}

TEST(Options, DefaultsWithoutText) {
  Parsed P;
  parse(nullptr, P);
  ASSERT_TRUE(P.Ok);
  EXPECT_EQ(P.O.Schedule, ScheduleMode::Native);
  EXPECT_EQ(P.O.ExitCode, 66);
  EXPECT_EQ(P.O.Report, nullptr);
}

TEST(Options, AllKeysSpaceAndColonSeparated) {
  Parsed P;
  parse("schedule=pct:seed=7 depth=4 record=/r report=/x.json halt_on_error=1 "
        "exitcode=9:deadlock_timeout_ms=250 max_steps=1000 suppressions=/s "
        "verbosity=2 replay=/p steps_hint=500",
        P);
  ASSERT_TRUE(P.Ok) << P.Err;
  EXPECT_EQ(P.O.Schedule, ScheduleMode::Pct);
  EXPECT_EQ(P.O.Seed, 7u);
  EXPECT_EQ(P.O.Depth, 4u);
  EXPECT_STREQ(P.O.Record, "/r");
  EXPECT_STREQ(P.O.Report, "/x.json");
  EXPECT_STREQ(P.O.Replay, "/p");
  EXPECT_STREQ(P.O.Suppressions, "/s");
  EXPECT_TRUE(P.O.HaltOnError);
  EXPECT_EQ(P.O.ExitCode, 9);
  EXPECT_EQ(P.O.DeadlockTimeoutMs, 250u);
  EXPECT_EQ(P.O.MaxSteps, 1000u);
  EXPECT_EQ(P.O.Verbosity, 2);
  EXPECT_EQ(P.O.StepsHint, 500u);
}

TEST(Options, UnknownKeyNamesKeyAndValidKeys) {
  Parsed P;
  parse("seed=1 colour=red", P);
  EXPECT_FALSE(P.Ok);
  EXPECT_NE(P.Err.find("'colour'"), std::string::npos) << P.Err;
  EXPECT_NE(P.Err.find("deadlock_timeout_ms"), std::string::npos) << P.Err;
}

TEST(Options, BadValuesAreErrors) {
  for (const char *Bad :
       {"seed=x", "depth=0", "exitcode=256", "halt_on_error=yes",
        "schedule=fast", "report=", "verbosity=9", "seed", "schedule=replay",
        "max_steps=-1", "seed=99999999999999999999999"}) {
    Parsed P;
    parse(Bad, P);
    EXPECT_FALSE(P.Ok) << Bad;
    EXPECT_FALSE(P.Err.empty()) << Bad;
  }
}

TEST(Options, ForkServerTakesTwoDescriptors) {
  Parsed P;
  parse("fork_server=198,199", P);
  ASSERT_TRUE(P.Ok) << P.Err;
  EXPECT_EQ(P.O.ForkServerIn, 198);
  EXPECT_EQ(P.O.ForkServerOut, 199);
  parse("seed=3", P);
  ASSERT_TRUE(P.Ok);
  EXPECT_EQ(P.O.ForkServerIn, -1);
  for (const char *Bad :
       {"fork_server=3", "fork_server=3,3", "fork_server=1,4",
        "fork_server=a,4", "fork_server=3,", "fork_server="}) {
    parse(Bad, P);
    EXPECT_FALSE(P.Ok) << Bad;
    EXPECT_NE(P.Err.find("fork_server"), std::string::npos) << Bad;
  }
}
} // namespace

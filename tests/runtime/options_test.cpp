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

// The contract's table (ravel/contract/options.inc) declares each key's
// default as text: written back, every one parses to the struct's default,
// and every key but the internal ones is among the valid keys.
TEST(Options, ContractDefaultsParseToTheStructDefaults) {
  std::string Text;
  for (const ravel::contract::OptionInfo &O : ravel::contract::AllOptions)
    if (*O.Default)
      Text += std::string(O.Key) + "=" + O.Default + " ";
  Parsed P;
  parse(Text.c_str(), P);
  ASSERT_TRUE(P.Ok) << P.Err;
  Options D;
  EXPECT_EQ(P.O.Schedule, D.Schedule);
  EXPECT_EQ(P.O.Seed, D.Seed);
  EXPECT_EQ(P.O.Depth, D.Depth);
  EXPECT_EQ(P.O.HaltOnError, D.HaltOnError);
  EXPECT_EQ(P.O.FreeRaces, D.FreeRaces);
  EXPECT_EQ(P.O.ExitCode, D.ExitCode);
  EXPECT_EQ(P.O.DeadlockTimeoutMs, D.DeadlockTimeoutMs);
  EXPECT_EQ(P.O.MaxSteps, D.MaxSteps);
  EXPECT_EQ(P.O.StepsHint, D.StepsHint);
  EXPECT_EQ(P.O.Verbosity, D.Verbosity);
  EXPECT_EQ(D.ExitCode, ravel::contract::FindingsExitCode);

  parse("colour=red", P);
  for (const ravel::contract::OptionInfo &O : ravel::contract::AllOptions) {
    bool Listed = P.Err.find(std::string(" ") + O.Key) != std::string::npos;
    EXPECT_EQ(Listed, O.Owner != ravel::contract::OptionOwner::Internal)
        << O.Key << ": " << P.Err;
  }
}

TEST(Options, BadValueSaysWhatTheContractExpects) {
  Parsed P;
  parse("deadlock_timeout_ms=x", P);
  EXPECT_NE(P.Err.find("expected milliseconds, 0 to 86400000"),
            std::string::npos)
      << P.Err;
  parse("fork_server=3", P);
  EXPECT_NE(P.Err.find("expected two file descriptors IN,OUT"),
            std::string::npos)
      << P.Err;
  parse("depth=0", P);
  EXPECT_NE(P.Err.find("expected an integer from 1 to 1000000"),
            std::string::npos)
      << P.Err;
}
} // namespace

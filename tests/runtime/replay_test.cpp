// Replays of runtime test programs checked against their recordings
// (fingerprints, divergences, exactness). The programs' own findings are
// checked by tests/expect.py against their `// EXPECT:` lines.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>

namespace {
struct Program {
  std::string Source, Binary;
};
const Program Programs[] = {
#include "programs_list.inc"
};

std::string baseName(const std::string &P) {
  auto S = P.find_last_of('/');
  return S == std::string::npos ? P : P.substr(S + 1);
}

// --- Replays checked against their recording (fingerprints) -------------

std::string binaryOf(const std::string &Name) {
  for (const Program &P : Programs)
    if (baseName(P.Source) == Name)
      return P.Binary;
  ADD_FAILURE() << "no test program " << Name;
  return "";
}

std::string slurp(const std::string &Path) {
  std::ifstream In(Path);
  return std::string((std::istreambuf_iterator<char>(In)),
                     std::istreambuf_iterator<char>());
}

/// Runs Binary with RAVEL_OPTIONS=Opts (and Env, Args); returns its stderr.
std::string runWith(const std::string &Binary, const std::string &Opts,
                    const std::string &Env = "", const std::string &Args = "") {
  std::string Err = ::testing::TempDir() + "ravel-replay-test.stderr";
  std::string Cmd = Env + " RAVEL_OPTIONS='" + Opts + "' timeout 60 '" +
                    Binary + "' " + Args + " > /dev/null 2> '" + Err + "'";
  int Status = std::system(Cmd.c_str());
  EXPECT_TRUE(WIFEXITED(Status) && WEXITSTATUS(Status) == 0) << Cmd << "\n"
                                                             << slurp(Err);
  return slurp(Err);
}

// sched_input.c's path depends on argv[1] and SCHED_INPUT_OTHER. Recorded
// with one input, a replay with the same input is exact; with fewer rounds
// (a shorter path, every recorded thread id still valid) or with the other
// variable (another site, as many steps) it is reported as diverged, with
// the step and what the recording and the run saw.
TEST(Replay, AnotherInputIsADivergence) {
  std::string Bin = binaryOf("sched_input.c");
  std::string Dir = ::testing::TempDir();
  std::string Rec = Dir + "ravel-input.sched",
              Again = Dir + "ravel-again.sched";
  runWith(Bin, "schedule=pct seed=2 record=" + Rec, "", "3");
  std::string Recorded = slurp(Rec);
  ASSERT_EQ(Recorded.rfind("ravel-schedule 3\n", 0), 0u) << Recorded;
  ASSERT_NE(Recorded.find("\nfingerprints "), std::string::npos) << Recorded;

  std::string Replay = "schedule=replay replay=" + Rec + " record=" + Again;
  std::string Err = runWith(Bin, Replay, "", "3");
  EXPECT_EQ(Err.find("diverged"), std::string::npos) << Err;
  EXPECT_NE(slurp(Again).find("\nexact 1\n"), std::string::npos);

  Err = runWith(Bin, Replay, "", "2");
  EXPECT_NE(Err.find("ravel: replay diverged"), std::string::npos) << Err;
  EXPECT_NE(slurp(Again).find("\nexact 0\n"), std::string::npos);
  EXPECT_NE(slurp(Again).find("\nnote replay diverged"), std::string::npos);

  Err = runWith(Bin, Replay, "SCHED_INPUT_OTHER=1", "3");
  EXPECT_NE(Err.find("ravel: replay diverged at step "), std::string::npos)
      << Err;
  EXPECT_TRUE(Err.find("its steps reached other sites") != std::string::npos ||
              Err.find("after steps at other sites") != std::string::npos)
      << Err;
  EXPECT_NE(slurp(Again).find("\nexact 0\n"), std::string::npos);

  // Without fingerprints (a shrunk schedule) a replay is not checked.
  std::string Bare = Recorded.substr(0, Recorded.find("\nfingerprints ") + 1);
  { std::ofstream(Rec) << Bare; }
  Err = runWith(Bin, Replay, "SCHED_INPUT_OTHER=1", "3");
  EXPECT_EQ(Err.find("diverged"), std::string::npos) << Err;
  // `decisions 0` for a program that makes choices is a short log too.
  { std::ofstream(Rec) << "ravel-schedule 2\nstrategy pct\ndecisions 0\n"; }
  Err = runWith(Bin, Replay, "", "3");
  EXPECT_NE(Err.find("more choices than the recording holds (0)"),
            std::string::npos)
      << Err;
  EXPECT_NE(slurp(Again).find("\nexact 0\n"), std::string::npos);
  std::remove(Rec.c_str());
  std::remove(Again.c_str());
}

// The reason a run is not exactly replayable reaches the finding's JSON.
TEST(Replay, InexactReasonIsInTheFinding) {
  std::string Report = ::testing::TempDir() + "ravel-pipe.jsonl";
  std::remove(Report.c_str());
  std::string Cmd = "RAVEL_OPTIONS='schedule=random seed=2 report=" + Report +
                    "' timeout 60 '" + binaryOf("sched_pipe.c") +
                    "' > /dev/null 2>&1";
  std::system(Cmd.c_str());
  std::ifstream In(Report);
  std::string Line;
  ASSERT_TRUE(std::getline(In, Line)) << "no finding";
  auto S = nlohmann::json::parse(Line).at("schedule");
  EXPECT_FALSE(S.at("exact").get<bool>());
  std::string Why = S.value("inexact_reason", "");
  EXPECT_EQ(Why.rfind("thread T1 blocked in read(2) at ", 0), 0u) << Why;
  EXPECT_NE(Why.find("sched_pipe.c:26 (code ravel cannot see)"),
            std::string::npos)
      << Why;
  std::remove(Report.c_str());
}

/// The first finding Program writes to Report when run with
/// RAVEL_OPTIONS=Opts (null, and a test failure, when there is none).
nlohmann::json firstFinding(const std::string &Program, const std::string &Opts,
                            const std::string &Report) {
  std::remove(Report.c_str());
  std::string Cmd = "RAVEL_OPTIONS='" + Opts + " report=" + Report +
                    "' timeout 60 '" + binaryOf(Program) + "' > /dev/null 2>&1";
  std::system(Cmd.c_str());
  std::ifstream In(Report);
  std::string Line;
  EXPECT_TRUE(std::getline(In, Line)) << Opts << ": no finding";
  return Line.empty() ? nlohmann::json() : nlohmann::json::parse(Line);
}

// The race sched_exit_race.c finds at the exit point replays: the same
// finding, exactly, from the recorded choices.
TEST(Replay, ExitPointReplays) {
  std::string Dir = ::testing::TempDir();
  std::string Rec = Dir + "ravel-exit.sched", Report = Dir + "ravel-exit.jsonl";
  auto Run = [&](const std::string &Opts) {
    return firstFinding("sched_exit_race.c", Opts, Report);
  };
  auto Recorded =
      Run("schedule=pct seed=6 depth=4 steps_hint=12 record=" + Rec);
  auto Replayed = Run("schedule=replay replay=" + Rec);
  ASSERT_FALSE(Recorded.is_null() || Replayed.is_null());
  EXPECT_EQ(Recorded.at("id"), Replayed.at("id"));
  EXPECT_TRUE(Replayed.at("schedule").at("exact").get<bool>());
  std::remove(Rec.c_str());
  std::remove(Report.c_str());
}

// The fairness rule for spin-waits is a function of the run's events, and
// its effect is in the recorded choices: replaying a spin-wait is exact,
// and a replayed livelock stops as the same `hang` with the same spinners.
TEST(Replay, SpinWaitsReplayExactly) {
  std::string Dir = ::testing::TempDir();
  std::string Rec = Dir + "ravel-spin.sched", Again = Dir + "ravel-spin2.sched";
  for (const char *Mode : {"pct seed=3", "random seed=2"}) {
    std::string Opts = std::string("schedule=") + Mode;
    runWith(binaryOf("sched_spin_yield.c"), Opts + " record=" + Rec);
    std::string Err =
        runWith(binaryOf("sched_spin_yield.c"),
                "schedule=replay replay=" + Rec + " record=" + Again);
    EXPECT_EQ(Err.find("diverged"), std::string::npos) << Mode << Err;
    EXPECT_NE(slurp(Again).find("\nexact 1\n"), std::string::npos) << Mode;
  }
  std::string Report = Dir + "ravel-livelock.jsonl";
  auto Run = [&](const std::string &Opts) {
    return firstFinding("sched_livelock.c", Opts, Report);
  };
  auto Recorded = Run("schedule=random seed=4 max_steps=3000 record=" + Rec);
  auto Replayed = Run("schedule=replay replay=" + Rec);
  ASSERT_FALSE(Recorded.is_null() || Replayed.is_null());
  EXPECT_EQ(Recorded.at("id"), Replayed.at("id"));
  EXPECT_EQ(Recorded.at("step_budget"), 3000);
  EXPECT_EQ(Recorded.at("spinning").size(), 2u);
  EXPECT_EQ(Recorded.at("spinning"), Replayed.at("spinning"));
  EXPECT_TRUE(Replayed.at("schedule").at("exact").get<bool>());
  std::remove(Rec.c_str());
  std::remove(Again.c_str());
  std::remove(Report.c_str());
}

// A step at which nothing changed is not a decision: two threads that each
// loop over their own array for 80,000 accesses leave a handful of
// decisions under PCT (and a log of a few hundred bytes), with every
// access a scheduling point (all_points=1) under the default step estimate
// (which turns PCT round-robin early on) as well as with the program's
// length; each replays exactly, ending at the same step and path. By
// default those accesses are not scheduling points at all (they cannot
// race): the run takes a few steps per thread, plus one per 1024 quiet
// accesses.
TEST(Replay, PrivateLoopsAddNoDecisions) {
  std::string Dir = ::testing::TempDir();
  std::string Rec = Dir + "ravel-private.sched",
              Again = Dir + "ravel-private2.sched";
  std::string Bin = binaryOf("sched_private_loop.c");
  for (const char *Opts :
       {"all_points=1 seed=1", "all_points=1 seed=2 steps_hint=80100",
        "all_points=1 seed=3 steps_hint=80100 depth=5", "seed=1", "seed=4",
        "seed=5 depth=6"}) {
    bool All = std::string(Opts).find("all_points=1") != std::string::npos;
    runWith(Bin, std::string("schedule=pct ") + Opts + " record=" + Rec);
    std::string Text = slurp(Rec);
    size_t At = Text.find("\ndecisions ");
    ASSERT_NE(At, std::string::npos) << Text;
    unsigned long Decisions = std::stoul(Text.substr(At + 11));
    unsigned long Steps = std::stoul(Text.substr(Text.find("\nsteps ") + 7));
    if (All)
      EXPECT_GT(Steps, 80000u) << Opts;
    else
      EXPECT_LT(Steps, 80000u / 1024 + 40) << Opts;
    // Round-robin (past the default estimate) switches at every 64th plain
    // access at most; with the length known, only creations, joins, the
    // lock and the change points remain.
    bool RoundRobin = std::string(Opts) == "all_points=1 seed=1";
    EXPECT_LE(Decisions, RoundRobin ? Steps / 64 + 16 : 16u)
        << Opts << "\n" << Text.substr(0, 2000);
    std::string Err =
        runWith(Bin, "schedule=replay replay=" + Rec + " record=" + Again);
    EXPECT_EQ(Err.find("diverged"), std::string::npos) << Opts << Err;
    std::string Replayed = slurp(Again);
    EXPECT_NE(Replayed.find("\nexact 1\n"), std::string::npos) << Opts;
    auto Line = [](const std::string &T, const std::string &Key) {
      size_t P = T.find("\n" + Key + " ");
      return P == std::string::npos ? std::string()
                                    : T.substr(P, T.find('\n', P + 1) - P);
    };
    EXPECT_EQ(Line(Replayed, "steps"), Line(Text, "steps")) << Opts;
    EXPECT_EQ(Line(Replayed, "path"), Line(Text, "path")) << Opts;
    EXPECT_NE(Line(Text, "path"), "") << Opts;
  }
  std::remove(Rec.c_str());
  std::remove(Again.c_str());
}

// racy_sites= names sites (LINE:COLUMN) whose accesses are scheduling
// points from the start, as `ravel run` does with the races of its run 0:
// sched_private_loop.c's private write becomes 40,000 points; the schedule
// file keeps the sites, and its replay takes the same points, exactly.
TEST(Replay, GivenRacySitesArePointsAndReplay) {
  std::string Dir = ::testing::TempDir();
  std::string Rec = Dir + "ravel-racy.sched", Again = Dir + "ravel-racy2.sched",
              Sites = Dir + "ravel-racy-sites";
  std::string Source;
  for (const Program &P : Programs)
    if (baseName(P.Source) == "sched_private_loop.c")
      Source = P.Source;
  std::ifstream In(Source);
  int LineNo = 0, WriteLine = 0;
  for (std::string L; std::getline(In, L);)
    if (++LineNo > 0 && L.find("WR(mine[i]);") != std::string::npos)
      WriteLine = LineNo;
  ASSERT_GT(WriteLine, 0);
  std::ofstream(Sites) << "7:3\n" << WriteLine << ":1\n";
  std::string Bin = binaryOf("sched_private_loop.c");
  runWith(Bin, "schedule=pct seed=2 racy_sites=" + Sites + " record=" + Rec);
  std::string Text = slurp(Rec);
  unsigned long Steps = std::stoul(Text.substr(Text.find("\nsteps ") + 7));
  EXPECT_GT(Steps, 40000u) << Text.substr(0, 800);
  EXPECT_NE(Text.find("\nracy_site " + std::to_string(WriteLine) + ":1\n"),
            std::string::npos)
      << Text.substr(0, 800);
  std::string Err =
      runWith(Bin, "schedule=replay replay=" + Rec + " record=" + Again);
  EXPECT_EQ(Err.find("diverged"), std::string::npos) << Err;
  EXPECT_NE(slurp(Again).find("\nexact 1\n"), std::string::npos);
  // A file that is not LINE:COLUMN lines is an error that names it.
  std::ofstream(Sites) << "12\n";
  std::string Cmd = "RAVEL_OPTIONS='schedule=pct racy_sites=" + Sites +
                    "' '" + Bin + "' 2>&1";
  FILE *P = popen(Cmd.c_str(), "r");
  std::string Out;
  for (char Buf[256]; fgets(Buf, sizeof Buf, P);)
    Out += Buf;
  int Status = pclose(P);
  EXPECT_EQ(WEXITSTATUS(Status), 2) << Out;
  EXPECT_NE(Out.find("line 1: expected LINE:COLUMN"), std::string::npos) << Out;
  for (const std::string &F : {Rec, Again, Sites})
    std::remove(F.c_str());
}

} // namespace

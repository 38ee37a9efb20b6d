// Runs every runtime test program and compares its findings (JSON lines of
// report=) with the `// EXPECT:` lines of its source:
//   // EXPECT: none
//   // EXPECT: <kind> <file>:<line>:<op> ...   (one per finding; the sites
//                                             are the threads' top frames;
//                                             <line> may be @label, the
//                                             line marked `// @label`)
//   // OPTIONS: extra RAVEL_OPTIONS (%S: the source's directory)
//   // SEEDS: pct 1-6 random 1-3   also run under each of these schedules
//                                   and seeds (after OPTIONS); every run
//                                   must meet the same expectations
//   // EXIT: expected exit status (default: 66 with findings, 0 without)
//   // STDERR: a substring stderr must contain
//   // HELD: file:line:op name...   the thread at that site held exactly
//                                       these locks (acquisition order)
//   // STACK: file:line>file:line>...   a thread of some finding has this
//                                       source stack (innermost first)
// Each program is one test; a mismatch prints the false positives
// (reported, not expected) and false negatives (expected, not reported).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {
struct Program {
  std::string Source, Binary;
};
const Program Programs[] = {
#include "programs_list.inc"
};

struct Expectation {
  std::multiset<std::string> Findings; // "kind site site..."
  std::string Options;
  int Exit = -1;
  std::vector<std::string> Stderr;
  std::vector<std::string> Stacks; // "file:line>file:line>..." innermost first
  std::vector<std::string> Held;   // "file:line:op lock lock..."
  std::vector<std::string> Variants; // " schedule=pct seed=3", from SEEDS
};

std::string baseName(const std::string &P) {
  auto S = P.find_last_of('/');
  return S == std::string::npos ? P : P.substr(S + 1);
}

// "file.c:@label:op" names the line that carries the comment `// @label`.
std::string resolveLabel(const std::vector<std::string> &Lines,
                         const std::string &Site) {
  auto At = Site.find(":@");
  if (At == std::string::npos)
    return Site;
  auto End = Site.find(':', At + 2);
  std::string Label = Site.substr(At + 2, End - At - 2);
  for (size_t I = 0; I < Lines.size(); ++I) {
    auto P = Lines[I].find("// @" + Label);
    if (P != std::string::npos &&
        (P + 4 + Label.size() == Lines[I].size() ||
         !isalnum(static_cast<unsigned char>(Lines[I][P + 4 + Label.size()]))))
      return Site.substr(0, At + 1) + std::to_string(I + 1) +
             (End == std::string::npos ? "" : Site.substr(End));
  }
  ADD_FAILURE() << "no line marked // @" << Label;
  return Site;
}

Expectation readExpectation(const std::string &Source) {
  Expectation E;
  std::vector<std::string> Lines;
  {
    std::ifstream In(Source);
    std::string L;
    while (std::getline(In, L))
      Lines.push_back(L);
  }
  for (const std::string &Line : Lines) {
    auto Take = [&](const std::string &Key, std::string &Out) {
      auto P = Line.find("// " + Key + ":");
      if (P == std::string::npos)
        return false;
      Out = Line.substr(P + Key.size() + 4);
      while (!Out.empty() && Out.front() == ' ')
        Out.erase(Out.begin());
      while (!Out.empty() && Out.back() == ' ')
        Out.pop_back();
      return true;
    };
    std::string V;
    if (Take("EXPECT", V)) {
      if (V == "none")
        continue;
      std::istringstream SS(V);
      std::string Kind, Site;
      SS >> Kind;
      std::vector<std::string> Sites;
      while (SS >> Site)
        Sites.push_back(resolveLabel(Lines, Site));
      std::sort(Sites.begin(), Sites.end());
      std::string Key = Kind;
      for (auto &S : Sites)
        Key += " " + S;
      E.Findings.insert(Key);
    } else if (Take("OPTIONS", V)) {
      // %S: the directory of the test program's source.
      std::string Dir = Source.substr(0, Source.find_last_of('/'));
      for (size_t P; (P = V.find("%S")) != std::string::npos;)
        V.replace(P, 2, Dir);
      E.Options += " " + V;
    } else if (Take("SEEDS", V)) {
      std::istringstream SS(V);
      std::string Mode, Range;
      while (SS >> Mode >> Range) {
        auto Dash = Range.find('-');
        int From = std::stoi(Range.substr(0, Dash));
        int To = Dash == std::string::npos ? From
                                           : std::stoi(Range.substr(Dash + 1));
        for (int Seed = From; Seed <= To; ++Seed)
          E.Variants.push_back(" schedule=" + Mode +
                               " seed=" + std::to_string(Seed));
      }
    } else if (Take("EXIT", V)) {
      E.Exit = std::stoi(V);
    } else if (Take("STDERR", V)) {
      E.Stderr.push_back(V);
    } else if (Take("HELD", V)) {
      auto Sp = V.find(' ');
      E.Held.push_back(resolveLabel(Lines, V.substr(0, Sp)) +
                       (Sp == std::string::npos ? "" : V.substr(Sp)));
    } else if (Take("STACK", V)) {
      std::string Resolved, Item;
      std::istringstream SS(V);
      while (std::getline(SS, Item, '>'))
        Resolved += (Resolved.empty() ? "" : ">") + resolveLabel(Lines, Item);
      E.Stacks.push_back(Resolved);
    }
  }
  return E;
}

class ProgramTest : public ::testing::TestWithParam<size_t> {};

void runAndCheck(const Program &P, const Expectation &E,
                 const std::string &Variant) {
  SCOPED_TRACE("RAVEL_OPTIONS:" + E.Options + Variant);
  std::string Report =
      ::testing::TempDir() + "ravel-rt-" + baseName(P.Binary) + ".jsonl";
  std::string Err = Report + ".stderr";
  std::remove(Report.c_str());
  std::string Opts = "report=" + Report + E.Options + Variant;
  std::string Cmd = "RAVEL_OPTIONS='" + Opts + "' timeout 60 '" + P.Binary +
                    "' > /dev/null 2> '" + Err + "'";
  int Status = std::system(Cmd.c_str());
  ASSERT_TRUE(WIFEXITED(Status)) << Cmd;
  int Code = WEXITSTATUS(Status);
  std::ifstream ErrIn(Err);
  std::string ErrText((std::istreambuf_iterator<char>(ErrIn)),
                      std::istreambuf_iterator<char>());

  std::multiset<std::string> Got;
  std::set<std::string> Stacks, Held;
  std::ifstream In(Report);
  std::string Line;
  while (std::getline(In, Line)) {
    auto J = nlohmann::json::parse(Line);
    std::vector<std::string> Sites;
    for (auto &T : J.at("threads")) {
      auto &Stack = T.at("stack");
      std::string Chain;
      for (auto &F : Stack)
        Chain += (Chain.empty() ? "" : ">") + baseName(F.at("file")) + ":" +
                 std::to_string(F.at("line").get<int>());
      Stacks.insert(Chain);
      std::string Site =
          Stack.empty() ? std::string("?")
                        : baseName(Stack[0].at("file")) + ":" +
                              std::to_string(Stack[0].at("line").get<int>());
      Sites.push_back(Site + ":" + T.at("op").get<std::string>());
      std::string HeldKey = Sites.back();
      for (auto &L : T.at("locks_held"))
        HeldKey += " " + L.at("name").get<std::string>();
      Held.insert(HeldKey);
    }
    std::sort(Sites.begin(), Sites.end());
    std::string Key = J.at("kind").get<std::string>();
    for (auto &S : Sites)
      Key += " " + S;
    Got.insert(Key);
    EXPECT_EQ(J.at("id").get<std::string>().rfind("RV-", 0), 0u);
  }
  std::string FP, FN;
  for (auto &F : Got)
    if (!E.Findings.count(F))
      FP += "  " + F + "\n";
  for (auto &F : E.Findings)
    if (!Got.count(F))
      FN += "  " + F + "\n";
  EXPECT_TRUE(FP.empty() && FN.empty())
      << baseName(P.Source) << "\nfalse positives:\n"
      << FP << "false negatives:\n"
      << FN << "stderr:\n"
      << ErrText;
  int WantExit = E.Exit >= 0 ? E.Exit : (E.Findings.empty() ? 0 : 66);
  EXPECT_EQ(Code, WantExit) << baseName(P.Source) << "\nstderr:\n" << ErrText;
  for (auto &H : E.Held)
    EXPECT_TRUE(Held.count(H)) << "no thread with locks held " << H;
  for (auto &S : E.Stacks)
    EXPECT_TRUE(Stacks.count(S)) << "no thread with stack " << S;
  for (auto &S : E.Stderr)
    EXPECT_NE(ErrText.find(S), std::string::npos)
        << "stderr lacks '" << S << "':\n"
        << ErrText;
}

TEST_P(ProgramTest, FindingsMatchExpectations) {
  const Program &P = Programs[GetParam()];
  Expectation E = readExpectation(P.Source);
  runAndCheck(P, E, "");
  for (const std::string &V : E.Variants)
    runAndCheck(P, E, V);
}

std::string programName(const ::testing::TestParamInfo<size_t> &I) {
  std::string N = baseName(Programs[I.param].Source);
  for (char &C : N)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return N;
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
  ASSERT_EQ(Recorded.rfind("ravel-schedule 2\n", 0), 0u) << Recorded;
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
  EXPECT_NE(Err.find("the recording has a choice"), std::string::npos) << Err;
  EXPECT_NE(Err.find("sched_input.c:"), std::string::npos) << Err;
  EXPECT_NE(slurp(Again).find("\nexact 0\n"), std::string::npos);

  // A version 1 recording (no fingerprints) replays without checks.
  std::string V1 = Recorded.substr(0, Recorded.find("\nfingerprints ") + 1);
  V1.replace(0, 16, "ravel-schedule 1");
  { std::ofstream(Rec) << V1; }
  Err = runWith(Bin, Replay, "", "3");
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

// The race sched_exit_race.c finds at the exit point replays: the same
// finding, exactly, from the recorded choices.
TEST(Replay, ExitPointReplays) {
  std::string Dir = ::testing::TempDir();
  std::string Rec = Dir + "ravel-exit.sched", Report = Dir + "ravel-exit.jsonl";
  auto Run = [&](const std::string &Opts) {
    std::remove(Report.c_str());
    std::string Cmd = "RAVEL_OPTIONS='" + Opts + " report=" + Report +
                      "' timeout 60 '" + binaryOf("sched_exit_race.c") +
                      "' > /dev/null 2>&1";
    std::system(Cmd.c_str());
    std::ifstream In(Report);
    std::string Line;
    EXPECT_TRUE(std::getline(In, Line)) << Opts << ": no finding";
    return Line.empty() ? nlohmann::json() : nlohmann::json::parse(Line);
  };
  auto Recorded =
      Run("schedule=pct seed=12 depth=4 steps_hint=12 record=" + Rec);
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
    std::remove(Report.c_str());
    std::string Cmd = "RAVEL_OPTIONS='" + Opts + " report=" + Report +
                      "' timeout 60 '" + binaryOf("sched_livelock.c") +
                      "' > /dev/null 2>&1";
    std::system(Cmd.c_str());
    std::ifstream In(Report);
    std::string Line;
    EXPECT_TRUE(std::getline(In, Line)) << Opts << ": no finding";
    return Line.empty() ? nlohmann::json() : nlohmann::json::parse(Line);
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

INSTANTIATE_TEST_SUITE_P(Runtime, ProgramTest,
                         ::testing::Range<size_t>(0, std::size(Programs)),
                         programName);
} // namespace

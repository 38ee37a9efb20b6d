//===- tests/tool/driver_test.cpp - ravel run/replay/shrink/report --------===//
//
// Drives the real `ravel` binary against ravel_fake_program, whose findings,
// crashes, failures and hangs are a fixed function of the seed (see its
// header), so every count and run index below is exact.
//
//===----------------------------------------------------------------------===//
#include "report_model.h"
#include "schedule_document.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <tuple>
#include <unistd.h>

using nlohmann::json;

namespace {

const std::string Ravel = RAVEL_BIN;
const std::string Fake = RAVEL_FAKE_PROGRAM;
const std::string FakeFork = RAVEL_FAKE_FORK_PROGRAM;
// The fake's races, grouped by variable (docs/report-format.md); the pairs
// keep the fake's own ids (RV-DR-...a1 and so on).
const std::string Counter = ravel::report::raceGroupId("counter");
const std::string Total = ravel::report::raceGroupId("total");

std::string readFile(const std::string &Path) {
  std::ifstream In(Path);
  std::ostringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

std::vector<std::string> listDir(const std::string &Dir) {
  std::vector<std::string> Names;
  if (DIR *D = opendir(Dir.c_str())) {
    while (dirent *E = readdir(D))
      if (std::string(E->d_name) != "." && std::string(E->d_name) != "..")
        Names.push_back(E->d_name);
    closedir(D);
  }
  std::sort(Names.begin(), Names.end());
  return Names;
}

size_t count(const std::string &Text, const std::string &What) {
  size_t N = 0;
  for (size_t P = Text.find(What); P != std::string::npos;
       P = Text.find(What, P + 1))
    ++N;
  return N;
}

/// Live (not zombie) fake programs whose command line contains Token.
size_t processesWith(const std::string &Token) {
  size_t N = 0;
  for (const std::string &Pid : listDir("/proc")) {
    if (Pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::string Cmd = readFile("/proc/" + Pid + "/cmdline");
    std::string Argv0 = Cmd.substr(0, Cmd.find('\0'));
    std::string Stat = readFile("/proc/" + Pid + "/stat");
    size_t Paren = Stat.rfind(')');
    char State = Paren != std::string::npos && Paren + 2 < Stat.size()
                     ? Stat[Paren + 2]
                     : 'X';
    if (Argv0.size() >= 4 && Argv0.substr(Argv0.size() - 4) == "fake" &&
        Cmd.find(Token) != std::string::npos && State != 'Z' && State != 'X')
      ++N;
  }
  return N;
}

/// SIGKILL is delivered asynchronously: a killed orphan may take a moment
/// to go. Waits for that condition (bounded at 5 s), not for a time.
bool allGone(const std::string &Token) {
  for (int I = 0; I < 5000; ++I) {
    if (processesWith(Token) == 0)
      return true;
    usleep(1000);
  }
  return false;
}

struct Result {
  int Code = -1;
  std::string Out, Err;
};

/// A scratch directory per test: the program is copied in as ./fake, ravel
/// runs there, and TMPDIR points into it so leftovers can be checked.
class Driver : public ::testing::Test {
protected:
  void SetUp() override {
    char Template[] = "/tmp/ravel-driver-test-XXXXXX";
    ASSERT_NE(mkdtemp(Template), nullptr);
    Dir = Template;
    ASSERT_EQ(mkdir((Dir + "/tmp").c_str(), 0700), 0);
    ASSERT_EQ(std::system(("cp " + Fake + " " + Dir + "/fake").c_str()), 0);
  }
  void TearDown() override {
    if (!HasFailure())
      std::system(("rm -rf " + Dir).c_str());
    else
      std::fprintf(stderr, "kept %s\n", Dir.c_str());
  }

  Result ravel(const std::string &Args) {
    std::string Cmd = "cd " + Dir + " && TMPDIR=" + Dir + "/tmp " + Ravel +
                      " " + Args + " >" + Dir + "/out 2>" + Dir + "/err";
    int Status = std::system(Cmd.c_str());
    Result R;
    R.Code = WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
    R.Out = readFile(Dir + "/out");
    R.Err = readFile(Dir + "/err");
    return R;
  }

  json report(const std::string &Name = "ravel-report.json") {
    return json::parse(readFile(Dir + "/" + Name));
  }

  /// id -> {runs, first_run}
  std::map<std::string, std::pair<int, int>> counts(const json &R) {
    std::map<std::string, std::pair<int, int>> Out;
    for (const json &F : R["findings"])
      Out[F["id"]] = {F["runs"], F["first_run"]};
    return Out;
  }

  std::string Dir;
};

TEST_F(Driver, CleanProgramExitsZero) {
  Result R = ravel("run --runs 5 -- ./fake clean");
  EXPECT_EQ(R.Code, 0) << R.Err;
  EXPECT_EQ(R.Out, "ravel: no findings in 5 runs\n");
  json J = report();
  EXPECT_EQ(J["runs"], 5);
  EXPECT_EQ(J["program"], json({"./fake", "clean"}));
  EXPECT_EQ(J["schedule"]["strategy"], "pct");
  EXPECT_TRUE(J["findings"].empty());
  EXPECT_TRUE(listDir(Dir + "/tmp").empty()) << "per-run files left behind";
}

TEST_F(Driver, DeduplicatesAcrossRunsAndKeepsTheFirstSchedule) {
  // Seeds 1..10: race A when even (runs 1,3,5,7,9), race B at 5 and 10.
  Result R = ravel("run --runs 10 --jobs 2 -- ./fake two-races");
  EXPECT_EQ(R.Code, 1) << R.Err;
  json J = report();
  EXPECT_EQ(counts(J), (std::map<std::string, std::pair<int, int>>{
                           {Counter, {5, 1}}, {Total, {2, 4}}}));
  const json &A = J["findings"][0];
  EXPECT_EQ(A["id"], Counter);
  EXPECT_EQ(A["schedule"]["seed"], 2);
  EXPECT_EQ(A["schedule"]["strategy"], "pct");
  EXPECT_EQ(J["findings"][1]["schedule"]["seed"], 5);
  // One kept schedule per finding, recorded by its first run, and its
  // shrunk form: these races need no preemption at all.
  EXPECT_EQ(listDir(Dir + "/ravel-schedules/ravel-report"),
            (std::vector<std::string>{"RV-DR-00000000000000a1.min.sched",
                                      "RV-DR-00000000000000a1.sched",
                                      "RV-DR-00000000000000b2.min.sched",
                                      "RV-DR-00000000000000b2.sched"}));
  EXPECT_EQ(A["schedule"]["replay_file"],
            "ravel-schedules/ravel-report/RV-DR-00000000000000a1.min.sched");
  auto Min = ravel::driver::readScheduleFile(
      Dir + "/ravel-schedules/ravel-report/RV-DR-00000000000000a1.min.sched");
  ASSERT_TRUE(static_cast<bool>(Min));
  EXPECT_EQ(Min->forcedDecisions(), 0u);
  EXPECT_EQ(Min->Decisions.size(), 20u);
  auto S = ravel::driver::readScheduleFile(
      Dir + "/ravel-schedules/ravel-report/RV-DR-00000000000000b2.sched");
  ASSERT_TRUE(static_cast<bool>(S)) << llvm::toString(S.takeError());
  EXPECT_EQ(S->get("seed"), "5");
  EXPECT_EQ(S->get("finding"), "RV-DR-00000000000000b2");
  EXPECT_EQ(S->program(), (std::vector<std::string>{"./fake", "two-races"}));
  EXPECT_TRUE(listDir(Dir + "/tmp").empty());
  // The summary table and each finding's text.
  EXPECT_NE(R.Out.find("ravel: 2 findings in 10 runs"), std::string::npos);
  EXPECT_EQ(count(R.Err, "WARNING: ravel: data-race"), 2u);
  EXPECT_NE(R.Err.find("ravel: 10/10 runs done, 2 findings"),
            std::string::npos);
}

TEST_F(Driver, RacesOnOneVariableAreOneFindingWithEveryPair) {
  // Seeds 0..9. counter: C1 in runs 0,2,4,6,8; C2 in 0,3,6,9; C3 (written
  // s->counter) in 2,7; so 8 runs in all. total: D1 in runs 1,5,9.
  json Reports[2];
  for (int Jobs : {1, 2}) {
    std::string Name = Jobs == 1 ? "one.json" : "two.json";
    Result R = ravel("run --runs 10 --seed 0 --jobs " + std::to_string(Jobs) +
                     " --report " + Name + " -- ./fake grouped");
    ASSERT_EQ(R.Code, 1) << R.Err;
    EXPECT_NE(R.Out.find("ravel: 2 findings in 10 runs"), std::string::npos)
        << R.Out;
    EXPECT_EQ(count(R.Err, "WARNING: ravel: data-race"), 2u) << R.Err;
    json J = report(Name);
    EXPECT_EQ(counts(J), (std::map<std::string, std::pair<int, int>>{
                             {Counter, {8, 0}}, {Total, {3, 1}}}));
    const json &C = J["findings"][0];
    ASSERT_EQ(C["id"], Counter);
    EXPECT_EQ(C["variable_key"], "counter");
    // The representative pair: the earliest run's, then the smallest id.
    EXPECT_EQ(C["threads"][0]["stack"][0]["line"], 40);
    EXPECT_NE(C["summary"].get<std::string>().find(
                  "(and 2 other site pairs on counter)"),
              std::string::npos);
    ASSERT_EQ(C["pairs"].size(), 3u);
    std::vector<std::tuple<std::string, int, int, int, int>> Pairs;
    for (const json &P : C["pairs"])
      Pairs.emplace_back(P["id"], P["sites"][0]["line"], P["sites"][1]["line"],
                         P["runs"], P["first_run"]);
    EXPECT_EQ(Pairs, (std::vector<std::tuple<std::string, int, int, int, int>>{
                         {"RV-DR-00000000000000c1", 40, 50, 5, 0},
                         {"RV-DR-00000000000000c2", 60, 70, 4, 0},
                         {"RV-DR-00000000000000c3", 80, 90, 2, 2}}));
    EXPECT_EQ(C["pairs"][2]["schedule"]["seed"], 2);
    EXPECT_EQ(C["pairs"][2]["sites"][0]["variable"], "s->counter");
    EXPECT_EQ(C["pairs"][2]["sites"][0]["op"], "write");
    // The finding replays its representative pair, whose schedule is
    // shrunk; every pair keeps its own recorded schedule.
    std::string Dir1 = "ravel-schedules/" + Name.substr(0, 3) + "/";
    EXPECT_EQ(C["schedule"]["replay_file"],
              Dir1 + "RV-DR-00000000000000c1.min.sched");
    EXPECT_EQ(C["pairs"][0]["schedule"]["replay_file"],
              Dir1 + "RV-DR-00000000000000c1.min.sched");
    EXPECT_EQ(C["pairs"][2]["schedule"]["replay_file"],
              Dir1 + "RV-DR-00000000000000c3.sched");
    const json &T = J["findings"][1];
    EXPECT_EQ(T["id"], Total);
    ASSERT_EQ(T["pairs"].size(), 1u);
    EXPECT_EQ(T["pairs"][0]["id"], "RV-DR-00000000000000d1");
    Reports[Jobs - 1] = J["findings"];
  }
  // The same ids, pairs and counts whatever --jobs is.
  for (json &Findings : Reports)
    for (json &F : Findings) {
      F["schedule"].erase("replay_file");
      for (json &P : F["pairs"])
        P["schedule"].erase("replay_file");
    }
  EXPECT_EQ(Reports[0], Reports[1]);

  // `--finding ID` replays the representative pair, a pair's id that pair.
  Result R = ravel("replay one.json --finding " + Counter);
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_NE(R.Out.find("ravel: reproduced " + Counter +
                       ", site pair RV-DR-00000000000000c1\n"),
            std::string::npos)
      << R.Out;
  R = ravel("replay one.json --finding RV-DR-00000000000000c3");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_NE(R.Out.find("ravel: reproduced RV-DR-00000000000000c3\n"),
            std::string::npos)
      << R.Out;

  // Text: the representative in full, the other pairs in a line each.
  R = ravel("report one.json");
  EXPECT_EQ(R.Code, 0);
  EXPECT_NE(R.Out.find("  also racing on counter: fake.c:60:5 (write) vs "
                       "fake.c:70:3 (read), seen in 4 runs (--finding "
                       "RV-DR-00000000000000c2)\n"),
            std::string::npos)
      << R.Out;
  EXPECT_EQ(count(R.Out, "also racing on"), 2u);
  // SARIF: one result per variable, the other pairs' sites related.
  ASSERT_EQ(ravel("report one.json --format sarif -o r.sarif").Code, 0);
  json S = json::parse(readFile(Dir + "/r.sarif"));
  const json &Results = S["runs"][0]["results"];
  ASSERT_EQ(Results.size(), 2u);
  EXPECT_EQ(Results[0]["relatedLocations"].size(), 5u); // 1 + 2 pairs x 2
  EXPECT_EQ(Results[1]["relatedLocations"].size(), 1u);
  // HTML: the other pairs collapsed under the finding.
  ASSERT_EQ(ravel("report one.json --format html -o r.html").Code, 0);
  std::string Html = readFile(Dir + "/r.html");
  EXPECT_EQ(count(Html, "<details class=\"pairs\">"), 1u);
  EXPECT_NE(Html.find("<summary>2 other site pairs racing on "
                      "<code>counter</code></summary>"),
            std::string::npos);
}

TEST_F(Driver, ParallelRunsGiveTheSameReport) {
  ASSERT_EQ(ravel("run --runs 12 --jobs 1 --report one.json -- ./fake "
                  "two-races")
                .Code,
            1);
  ASSERT_EQ(ravel("run --runs 12 --jobs 2 --report two.json -- ./fake "
                  "two-races")
                .Code,
            1);
  // The same findings; each report keeps its schedules in its own folder.
  json One = report("one.json")["findings"],
       Two = report("two.json")["findings"];
  ASSERT_EQ(One.size(), Two.size());
  for (size_t I = 0; I < One.size(); ++I) {
    std::string F1 = One[I]["schedule"]["replay_file"];
    std::string F2 = Two[I]["schedule"]["replay_file"];
    EXPECT_EQ(F1.rfind("ravel-schedules/one/", 0), 0u) << F1;
    EXPECT_EQ(F2.rfind("ravel-schedules/two/", 0), 0u) << F2;
    EXPECT_EQ(F1.substr(F1.rfind('/')), F2.substr(F2.rfind('/')));
    One[I]["schedule"].erase("replay_file");
    Two[I]["schedule"].erase("replay_file");
    for (json *F : {&One[I], &Two[I]})
      for (json &P : (*F)["pairs"])
        P["schedule"].erase("replay_file");
  }
  EXPECT_EQ(One, Two);
}

TEST_F(Driver, OlderRuntimeIsSpawnedWithANote) {
  // The fake has no fork server: every run is spawned, said once.
  Result R = ravel("run --runs 10 --jobs 2 -- ./fake two-races");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_EQ(count(R.Err, "older ravel runtime (no fork server)"), 1u) << R.Err;
  EXPECT_EQ(ravel("run --runs 10 --jobs 2 --no-fork-server -- ./fake "
                  "two-races")
                .Err.find("fork server"),
            std::string::npos);
}

TEST_F(Driver, FailedForkServerFallsBackToSpawningEveryRun) {
  // It claims a fork server but refuses the key at start-up: ravel notes
  // it once and spawns all runs, with the same results as ./fake.
  ASSERT_EQ(std::system(("cp " + FakeFork + " " + Dir + "/fake").c_str()), 0);
  Result R = ravel("run --runs 10 --jobs 2 -- ./fake two-races");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_EQ(count(R.Err, "did not start as a fork server"), 1u) << R.Err;
  EXPECT_NE(R.Err.find("unknown key 'fork_server'"), std::string::npos)
      << R.Err;
  json J = report();
  EXPECT_EQ(J["runs"], 10);
  EXPECT_EQ(counts(J), (std::map<std::string, std::pair<int, int>>{
                           {Counter, {5, 1}}, {Total, {2, 4}}}));
  EXPECT_TRUE(listDir(Dir + "/tmp").empty());
  EXPECT_TRUE(allGone("two-races"));
}

TEST_F(Driver, QuietPrintsOnlyTheSummary) {
  Result R = ravel("run --runs 3 --quiet -- ./fake race");
  EXPECT_EQ(R.Code, 1);
  EXPECT_EQ(R.Err, "");
  EXPECT_EQ(count(R.Out, Counter), 1u);
}

TEST_F(Driver, SeedOffsetsEachRun) {
  // Seed 3 is the only race seed among 3..4.
  Result R = ravel("run --runs 2 --seed 3 --quiet -- ./fake race");
  EXPECT_EQ(R.Code, 1);
  EXPECT_EQ(counts(report()),
            (std::map<std::string, std::pair<int, int>>{{Counter, {1, 0}}}));
  EXPECT_EQ(ravel("run --runs 2 --seed 4 --quiet -- ./fake race").Code, 0);
}

TEST_F(Driver, StopOnFirst) {
  Result R = ravel("run --runs 50 --jobs 1 --stop-on-first --quiet -- ./fake "
                   "race");
  EXPECT_EQ(R.Code, 1);
  json J = report();
  EXPECT_EQ(J["runs"], 3); // seed 3 is run 2
  EXPECT_EQ(J["findings"].size(), 1u);
}

TEST_F(Driver, AssertionIsACrashWithItsText) {
  // Seeds 1..8: the assertion fails at seeds 1 and 5 (runs 0 and 4).
  Result R = ravel("run --runs 8 -- ./fake assert");
  EXPECT_EQ(R.Code, 1) << R.Err;
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u);
  const json &F = J["findings"][0];
  EXPECT_EQ(F["kind"], "crash");
  EXPECT_EQ(F["id"].get<std::string>().substr(0, 6), "RV-CR-");
  EXPECT_EQ(F["runs"], 2);
  EXPECT_EQ(F["first_run"], 0);
  std::string Summary = F["summary"];
  EXPECT_EQ(Summary.rfind("assertion `Balance >= 0` failed at ", 0), 0u)
      << Summary;
  EXPECT_NE(Summary.find("(SIGABRT)"), std::string::npos);
  // As assert() names it: clang prints C's `int main(int, char **)`, GCC
  // `main` (the fake is built by whichever compiler builds the tests).
  std::string Function = F["threads"][0]["stack"][0]["function"];
  EXPECT_TRUE(Function == "main" || Function == "int main(int, char **)")
      << Function;
  EXPECT_NE(F["details"].get<std::string>().find("Assertion `Balance >= 0' "
                                                 "failed."),
            std::string::npos);
}

TEST_F(Driver, AssertionInAFileWithASpaceAndEscapesInStderr) {
  Result R = ravel("run --runs 1 -- ./fake assert-space");
  EXPECT_EQ(R.Code, 1) << R.Err;
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u);
  EXPECT_EQ(J["findings"][0]["summary"],
            "assertion `n > 0` failed at my file.c:7 in int main(int, char "
            "**) (SIGABRT)");
  EXPECT_EQ(J["findings"][0]["threads"][0]["stack"][0]["file"], "my file.c");
  // The program's escape sequences reach the terminal as text only.
  EXPECT_EQ(R.Err.find('\033'), std::string::npos);
  EXPECT_NE(R.Err.find("\\x1b[31mred"), std::string::npos) << R.Err;
  Result T = ravel("report ravel-report.json --format text");
  EXPECT_EQ(T.Out.find('\033'), std::string::npos);
}

TEST_F(Driver, SignalIsACrash) {
  // Seeds 1..8: SIGSEGV at seeds 2 and 6 (runs 1 and 5).
  Result R = ravel("run --runs 8 --quiet -- ./fake segv");
  EXPECT_EQ(R.Code, 1);
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u);
  EXPECT_EQ(J["findings"][0]["kind"], "crash");
  EXPECT_EQ(J["findings"][0]["summary"],
            "./fake killed by SIGSEGV (Segmentation fault)");
  EXPECT_EQ(J["findings"][0]["runs"], 2);
  EXPECT_EQ(J["findings"][0]["first_run"], 1);
}

TEST_F(Driver, NonZeroExitWhereOthersSucceedIsAFailure) {
  // Seeds 1..8: exit 3 at odd seeds (runs 0, 2, 4, 6).
  Result R = ravel("run --runs 8 --quiet -- ./fake fail");
  EXPECT_EQ(R.Code, 1);
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u);
  EXPECT_EQ(J["findings"][0]["kind"], "failure");
  EXPECT_EQ(J["findings"][0]["runs"], 4);
  EXPECT_EQ(J["findings"][0]["first_run"], 0);
  EXPECT_EQ(J["findings"][0]["details"].get<std::string>().substr(0, 13),
            "exit status 3");
  // Run 0 failed before any run had succeeded: its schedule was kept anyway.
  std::string Id = J["findings"][0]["id"];
  EXPECT_EQ(J["findings"][0]["schedule"]["replay_file"],
            "ravel-schedules/ravel-report/" + Id + ".min.sched");
  EXPECT_EQ(listDir(Dir + "/ravel-schedules/ravel-report"),
            (std::vector<std::string>{Id + ".min.sched", Id + ".sched"}));
  EXPECT_TRUE(listDir(Dir + "/tmp").empty());
}

TEST_F(Driver, FailingEveryRunIsANoteNotAFinding) {
  // No finding: exit 2 with the note as the message, and the report says it.
  Result R = ravel("run --runs 4 --quiet -- ./fake always-fail");
  EXPECT_EQ(R.Code, 2);
  std::string Note = "every run of fake exited with status 5, whatever the "
                     "schedule: that is the program's own result, not a "
                     "finding";
  EXPECT_NE(R.Err.find(Note), std::string::npos) << R.Err;
  json J = report();
  EXPECT_EQ(J["findings"].size(), 0u);
  EXPECT_EQ(J["runs"], 4);
  ASSERT_EQ(J["notes"].size(), 1u);
  EXPECT_EQ(J["notes"][0], Note);
  EXPECT_NE(R.Out.find("ravel: note: " + Note), std::string::npos) << R.Out;
}

TEST_F(Driver, FindingsOfRunsThatAllFailAreReported) {
  // Seeds 1..6: race A at seeds 3 and 6 (runs 2 and 5), exit 4 in all.
  Result R = ravel("run --runs 6 --quiet --sarif out.sarif -- ./fake "
                   "race-fail");
  EXPECT_EQ(R.Code, 1) << R.Err;
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u);
  EXPECT_EQ(J["findings"][0]["kind"], "data-race");
  EXPECT_EQ(J["findings"][0]["runs"], 2);
  EXPECT_EQ(J["findings"][0]["first_run"], 2);
  ASSERT_EQ(J["notes"].size(), 1u);
  EXPECT_NE(J["notes"][0].get<std::string>().find(
                "every run of fake exited with status 4"),
            std::string::npos);
  json S = report("out.sarif");
  const json &Inv = S["runs"][0]["invocations"][0];
  ASSERT_EQ(Inv["toolExecutionNotifications"].size(), 1u);
  EXPECT_EQ(Inv["toolExecutionNotifications"][0]["message"]["text"],
            J["notes"][0]);
  // Rendered again from the saved report, the note is still there.
  Result T = ravel("report ravel-report.json --format text");
  EXPECT_EQ(T.Code, 0) << T.Err;
  EXPECT_NE(T.Out.find("ravel: note: every run of fake exited with status 4"),
            std::string::npos)
      << T.Out;
}

TEST_F(Driver, DifferentStatusesInEveryRunAreCounted) {
  Result R = ravel("run --runs 5 --quiet -- ./fake mixed-fail");
  EXPECT_EQ(R.Code, 2);
  json J = report();
  ASSERT_EQ(J["notes"].size(), 1u);
  EXPECT_EQ(J["notes"][0],
            "every run of fake exited with a non-zero status (4 in 3 runs, "
            "6 in 2 runs), whatever the schedule: that is the program's own "
            "result, not a finding");
}

TEST_F(Driver, OutputThatIsAnInputIsRefusedBeforeRunning) {
  std::string Before = readFile(Dir + "/fake");
  Result R = ravel("run --runs 2 --report fake -- ./fake race");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("--report fake is the program itself"),
            std::string::npos)
      << R.Err;
  EXPECT_EQ(readFile(Dir + "/fake"), Before);
  R = ravel("run --runs 2 --report r.json --sarif ./r.json -- ./fake race");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("--report and --sarif name the same file"),
            std::string::npos)
      << R.Err;
  EXPECT_TRUE(readFile(Dir + "/r.json").empty()); // nothing ran
  ASSERT_EQ(ravel("run --runs 3 --quiet -- ./fake race").Code, 1);
  std::string Report = readFile(Dir + "/ravel-report.json");
  R = ravel("report ravel-report.json --format html -o ravel-report.json");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("is the report being rendered"), std::string::npos)
      << R.Err;
  EXPECT_EQ(readFile(Dir + "/ravel-report.json"), Report);
}

TEST_F(Driver, OutputIntoAFifoOrThroughALink) {
  ASSERT_EQ(ravel("run --runs 3 --quiet -- ./fake race").Code, 1);
  // A FIFO is written into (a reader on the other end gets the document),
  // never replaced by a file.
  std::string Fifo = Dir + "/out.fifo";
  ASSERT_EQ(mkfifo(Fifo.c_str(), 0600), 0);
  // The reader gives up after 30 s, so a ravel that never opens the FIFO
  // fails the test instead of hanging it.
  int Status = std::system(("cd " + Dir + " && (timeout 30 cat out.fifo >got " +
                            "& " + Ravel + " report ravel-report.json " +
                            "--format json -o out.fifo; rc=$?; wait; exit $rc)")
                               .c_str());
  EXPECT_TRUE(WIFEXITED(Status) && WEXITSTATUS(Status) == 0);
  std::string Got = readFile(Dir + "/got");
  struct stat St;
  ASSERT_EQ(lstat(Fifo.c_str(), &St), 0);
  EXPECT_TRUE(S_ISFIFO(St.st_mode));
  EXPECT_EQ(json::parse(Got)["findings"], report()["findings"]);
  // A link stays a link; the file it names gets the output.
  ASSERT_EQ(symlink("target.html", (Dir + "/link.html").c_str()), 0);
  Result R = ravel("report ravel-report.json --format html -o link.html");
  EXPECT_EQ(R.Code, 0) << R.Err;
  ASSERT_EQ(lstat((Dir + "/link.html").c_str(), &St), 0);
  EXPECT_TRUE(S_ISLNK(St.st_mode));
  EXPECT_EQ(readFile(Dir + "/target.html").rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(listDir(Dir + "/tmp").empty());
}

TEST_F(Driver, TwoReportsInOneDirectoryKeepTheirOwnSchedules) {
  // Seeds 1..3 and 4..6: race A at seeds 3 and 6, each report its own.
  ASSERT_EQ(ravel("run --runs 3 --seed 1 --quiet --report a.json -- ./fake "
                  "race")
                .Code,
            1);
  ASSERT_EQ(ravel("run --runs 3 --seed 4 --quiet --report b.json -- ./fake "
                  "race")
                .Code,
            1);
  json A = report("a.json"), B = report("b.json");
  std::string FA = A["findings"][0]["schedule"]["replay_file"];
  std::string FB = B["findings"][0]["schedule"]["replay_file"];
  EXPECT_EQ(FA.rfind("ravel-schedules/a/", 0), 0u) << FA;
  EXPECT_EQ(FB.rfind("ravel-schedules/b/", 0), 0u) << FB;
  auto SA = ravel::driver::readScheduleFile(Dir + "/" + FA);
  auto SB = ravel::driver::readScheduleFile(Dir + "/" + FB);
  ASSERT_TRUE(static_cast<bool>(SA)) << llvm::toString(SA.takeError());
  ASSERT_TRUE(static_cast<bool>(SB)) << llvm::toString(SB.takeError());
  EXPECT_EQ(SA->get("seed"), "3");
  EXPECT_EQ(SB->get("seed"), "6");
  EXPECT_EQ(ravel("replay a.json").Code, 1);
  EXPECT_EQ(ravel("replay b.json").Code, 1);
}

TEST_F(Driver, TimeoutKillsTheRunAndReportsAHang) {
  // Seeds 1..5: seed 3 (run 2) blocks forever. The token marks its processes.
  Result R =
      ravel("run --runs 5 --timeout 0.5 --quiet -- ./fake hang token-5f3a");
  EXPECT_EQ(R.Code, 1) << R.Err;
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u);
  const json &F = J["findings"][0];
  EXPECT_EQ(F["kind"], "hang");
  EXPECT_EQ(F["first_run"], 2);
  EXPECT_EQ(F["schedule"]["seed"], 3);
  EXPECT_EQ(F["summary"], "./fake did not finish within the time limit "
                          "(0.5 s): livelock, starvation or a thread blocked "
                          "forever, or a program that needs longer under "
                          "ravel (then raise --timeout)");
  // The hung program and its child are gone.
  EXPECT_TRUE(allGone("token-5f3a"));
}

TEST_F(Driver, RunZeroOverItsGuessedBudgetRunsAgainWithALargerOne) {
  // 500,000 steps: past run 0's budget (200,000, nothing known yet), within
  // ten times it. Runs 1 and 2 get 100 times run 0's steps.
  Result R = ravel("run --runs 3 --schedule pct -- ./fake long 500000");
  EXPECT_EQ(R.Code, 0) << R.Err;
  json J = report();
  EXPECT_TRUE(J["findings"].empty()) << J.dump(2);
  EXPECT_NE(R.Err.find("running it again with 2000000"), std::string::npos)
      << R.Err;
}

TEST_F(Driver, ALongerRunPastTheLargestBudgetIsStillAHang) {
  // 100 times the first budget runs out too: the hang is kept, at 20M.
  Result R =
      ravel("run --runs 1 --schedule pct --quiet -- ./fake long 100000000");
  EXPECT_EQ(R.Code, 1) << R.Err;
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u) << J.dump(2);
  EXPECT_EQ(J["findings"][0]["kind"], "hang");
  EXPECT_EQ(J["findings"][0]["step_budget"], 20000000);
}

TEST_F(Driver, AUserStepBudgetIsNotRaised) {
  Result R = ravel("run --runs 1 --schedule pct --max-steps 1000 --quiet -- "
                   "./fake long 5000");
  EXPECT_EQ(R.Code, 1) << R.Err;
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u) << J.dump(2);
  EXPECT_EQ(J["findings"][0]["step_budget"], 1000);
}

TEST_F(Driver, TimeoutWhoseReplayFinishesIsANote) {
  // Seeds 1..5: seed 3 (run 2) blocks the first time only, as a run killed
  // on a busy machine would: run again, it finishes, so it is no finding.
  Result R = ravel("run --runs 5 --timeout 0.5 --quiet -- ./fake hang-once "
                   "marker");
  EXPECT_EQ(R.Code, 0) << R.Err;
  json J = report();
  EXPECT_TRUE(J["findings"].empty()) << J.dump(2);
  ASSERT_EQ(J["notes"].size(), 1u) << J.dump(2);
  EXPECT_EQ(J["notes"][0],
            "run 2 (pct seed 3) passed the 0.5 s time limit but the same "
            "run again finished: not reported as a hang (the machine was "
            "busy?)");
  EXPECT_TRUE(listDir(Dir + "/tmp").empty());
}

TEST_F(Driver, InterruptKeepsTheCompletedRuns) {
  // Runs 0 and 1 finish; run 2 (seed 3) hangs with a child, and ravel gets
  // SIGINT once both processes of that run exist.
  pid_t Pid = fork();
  ASSERT_GE(Pid, 0);
  if (Pid == 0) {
    if (chdir(Dir.c_str()) != 0)
      _exit(127);
    setenv("TMPDIR", (Dir + "/tmp").c_str(), 1);
    freopen("out", "w", stdout);
    freopen("err", "w", stderr);
    execl(Ravel.c_str(), Ravel.c_str(), "run", "--runs", "5", "--jobs", "1",
          "--timeout", "60", "--", "./fake", "hang", "token-int7", nullptr);
    _exit(127);
  }
  // Wait for the condition, not for a time: bounded at 30 s.
  for (int I = 0; I < 30000 && processesWith("token-int7") < 2; ++I)
    usleep(1000);
  ASSERT_EQ(processesWith("token-int7"), 2u);
  kill(Pid, SIGINT);
  int Status = 0;
  ASSERT_EQ(waitpid(Pid, &Status, 0), Pid);
  EXPECT_EQ(WEXITSTATUS(Status), 2);
  EXPECT_NE(readFile(Dir + "/err")
                .find("interrupted after 2 of 5 runs; "
                      "ravel-report.json holds what they "
                      "found"),
            std::string::npos)
      << readFile(Dir + "/err");
  EXPECT_EQ(report()["runs"], 2);
  EXPECT_TRUE(allGone("token-int7"));
  EXPECT_TRUE(listDir(Dir + "/tmp").empty());
}

TEST_F(Driver, ProgramNotBuiltWithRavel) {
  Result R = ravel("run --runs 1 -- /bin/true");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("/bin/true: not built with ravel"), std::string::npos);
  EXPECT_NE(R.Err.find("ravel-cc/ravel-c++"), std::string::npos);
  R = ravel("run --runs 1 -- " + Dir + "/err");
  EXPECT_EQ(R.Code, 2);
}

TEST_F(Driver, MissingProgram) {
  Result R = ravel("run --runs 1 -- ./no-such-program");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("./no-such-program: no such program"),
            std::string::npos);
  R = ravel("run --runs 1");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("missing program"), std::string::npos);
}

TEST_F(Driver, BadOptions) {
  for (const char *Args :
       {"--runs 0", "--runs many", "--schedule fifo", "--depth 0",
        "--timeout -1", "--jobs 0", "--no-such-option", "--schedule replay"}) {
    Result R = ravel(std::string("run ") + Args + " -- ./fake clean");
    EXPECT_EQ(R.Code, 2) << Args;
    EXPECT_NE(R.Err.find("ravel run: "), std::string::npos) << Args;
  }
  EXPECT_EQ(ravel("run --help").Code, 0);
  // Numbers out of range are explained in words, not as a 309-digit range,
  // and a seed past int64 is refused, never wrapped.
  for (auto [Args, Says] : std::vector<std::pair<std::string, std::string>>{
           {"--runs 0", "--runs: expected an integer of at least 1, got 0"},
           {"--timeout 0", "--timeout: expected a number of seconds greater "
                           "than 0, got 0"},
           {"--seed 9223372036854775808",
            "--seed: expected an integer of at least 0, got "
            "9223372036854775808"},
           {"--seed 9223372036854775807 --runs 2",
            "--seed 9223372036854775807 is too large for 2 runs"}}) {
    Result R = ravel("run " + Args + " -- ./fake clean");
    EXPECT_EQ(R.Code, 2) << Args;
    EXPECT_NE(R.Err.find("ravel run: " + Says), std::string::npos) << R.Err;
    EXPECT_LT(R.Err.size(), 400u) << R.Err;
  }
}

TEST_F(Driver, RuntimeStartupErrorIsReportedOnce) {
  Result R = ravel("run --runs 20 --schedule pct -- ./fake unsupported");
  EXPECT_EQ(R.Code, 2);
  EXPECT_EQ(count(R.Err, "refused to start"), 1u) << R.Err;
  EXPECT_EQ(count(R.Err, "schedule=pct is not supported"), 1u);
  EXPECT_NE(R.Err.find("--schedule native"), std::string::npos);
  EXPECT_EQ(R.Out, "");
  EXPECT_EQ(ravel("run --runs 3 --schedule native -- ./fake unsupported").Code,
            0);
}

TEST_F(Driver, UserRavelOptionsAreKept) {
  // The fake rejects unknown keys like the runtime: a user key reaches it,
  // and ravel's own keys replace the user's.
  Result R = ravel("run --runs 1 --schedule native -- ./fake clean");
  ASSERT_EQ(R.Code, 0);
  std::string Cmd = "cd " + Dir + " && RAVEL_OPTIONS='bogus=1' " + Ravel +
                    " run --runs 1 --schedule native -- ./fake clean "
                    ">/dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(std::system(Cmd.c_str())), 2);
  Cmd = "cd " + Dir + " && RAVEL_OPTIONS='schedule=pct:seed=9' " + Ravel +
        " run --runs 1 --schedule native -- ./fake unsupported >/dev/null "
        "2>&1";
  EXPECT_EQ(WEXITSTATUS(std::system(Cmd.c_str())), 0);
  // A user's run-defining key never reaches a run ravel starts, also one
  // that does not set it itself (a shrink replay has no seed).
  Cmd = "cd " + Dir + " && RAVEL_OPTIONS='seed=abc' " + Ravel +
        " run --runs 6 --quiet -- ./fake race >/dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(std::system(Cmd.c_str())), 1);
  json J = report();
  ASSERT_EQ(J["findings"].size(), 1u);
  EXPECT_EQ(J["findings"][0]["schedule"]["exact"], true);
  Cmd = "cd " + Dir + " && RAVEL_OPTIONS='seed=abc' " + Ravel +
        " replay ravel-report.json >/dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(std::system(Cmd.c_str())), 1);
}

TEST_F(Driver, CorruptFindingsAreAnErrorAndKeepTheOldReport) {
  ASSERT_EQ(ravel("run --runs 3 --quiet -- ./fake race").Code, 1);
  std::string Before = readFile(Dir + "/ravel-report.json");
  Result R = ravel("run --runs 3 --quiet -- ./fake corrupt");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("not valid JSON"), std::string::npos) << R.Err;
  EXPECT_NE(R.Err.find("run 0 (schedule pct seed 1)"), std::string::npos);
  EXPECT_EQ(readFile(Dir + "/ravel-report.json"), Before);
  EXPECT_TRUE(listDir(Dir + "/tmp").empty());
  for (const std::string &Name : listDir(Dir))
    EXPECT_EQ(Name.find(".tmp."), std::string::npos) << Name;
}

TEST_F(Driver, WritesSarifAndHtml) {
  Result R = ravel("run --runs 3 --quiet --sarif r.sarif --html r.html -- "
                   "./fake race");
  EXPECT_EQ(R.Code, 1);
  json S = json::parse(readFile(Dir + "/r.sarif"));
  EXPECT_EQ(S["runs"][0]["results"][0]["ruleId"], "data-race");
  EXPECT_NE(readFile(Dir + "/r.html").find("id=\"" + Counter + "\""),
            std::string::npos);
}

// --junit writes one test case for the program with one failure per
// finding (its summary, kind and text report), and a passing test case for
// a clean run; the schema check is the report_junit_schema_* tests.
TEST_F(Driver, WritesJunit) {
  Result R = ravel("run --runs 10 --quiet --junit r.xml -- ./fake two-races");
  EXPECT_EQ(R.Code, 1) << R.Err;
  std::string X = readFile(Dir + "/r.xml");
  EXPECT_NE(X.find("<testsuites name=\"ravel\" tests=\"1\" failures=\"2\""),
            std::string::npos)
      << X;
  EXPECT_NE(X.find("<testcase classname=\"ravel\" name=\"./fake two-races\">"),
            std::string::npos)
      << X;
  size_t Failures = 0;
  for (size_t P = X.find("<failure "); P != std::string::npos;
       P = X.find("<failure ", P + 1))
    ++Failures;
  EXPECT_EQ(Failures, 2u) << X;
  EXPECT_NE(X.find("type=\"data-race\">=================="), std::string::npos)
      << X;
  EXPECT_NE(X.find("WARNING: ravel: data-race (RV-DR-"), std::string::npos) << X;
  R = ravel("run --runs 3 --quiet --junit clean.xml -- ./fake");
  EXPECT_EQ(R.Code, 0) << R.Err;
  X = readFile(Dir + "/clean.xml");
  EXPECT_NE(X.find("failures=\"0\""), std::string::npos) << X;
  EXPECT_NE(X.find("<testcase classname=\"ravel\" name=\"./fake\"/>"),
            std::string::npos)
      << X;
  R = ravel("run --runs 2 --report r.json --junit ./r.json -- ./fake race");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("--report and --junit name the same file"),
            std::string::npos)
      << R.Err;
}

// Findings a suppression rule matched are counted by rule and kind in the
// report, the text summary and JUnit, never dropped silently.
TEST_F(Driver, SuppressedFindingsAreCounted) {
  Result R = ravel("run --runs 6 --report r.json --junit r.xml -- ./fake "
                   "suppressed");
  EXPECT_EQ(R.Code, 1) << R.Err;
  json J = report("r.json");
  ASSERT_EQ(J["suppressed"].size(), 1u) << J.dump();
  EXPECT_EQ(J["suppressed"][0]["rule"], "noisy");
  EXPECT_EQ(J["suppressed"][0]["kind"], "data-race");
  EXPECT_EQ(J["suppressed"][0]["findings"], 2);
  EXPECT_EQ(J["suppressed"][0]["runs"], 6);
  EXPECT_EQ(J["findings"].size(), 1u);
  EXPECT_NE(R.Out.find("ravel: suppressed: 2 data-race findings in 6 runs by "
                       "the rule `noisy`"),
            std::string::npos)
      << R.Out;
  EXPECT_NE(readFile(Dir + "/r.xml").find("name=\"suppressed\" value=\"2 "
                                          "data-race finding(s) in 6 run(s)"),
            std::string::npos);
  // The report reads back with them, and renders them again.
  R = ravel("report r.json --format text");
  EXPECT_EQ(R.Code, 0) << R.Err;
  EXPECT_NE(R.Out.find("ravel: suppressed: 2 data-race findings"),
            std::string::npos)
      << R.Out;
}

TEST_F(Driver, ReplayReproducesFromTheReportAndTheScheduleFile) {
  ASSERT_EQ(ravel("run --runs 10 --quiet -- ./fake two-races").Code, 1);
  Result R = ravel("replay ravel-report.json --finding RV-DR-00000000000000b2");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_NE(R.Out.find("WARNING: ravel: data-race (RV-DR-00000000000000b2)"),
            std::string::npos);
  EXPECT_NE(R.Out.find("ravel: reproduced RV-DR-00000000000000b2\n"),
            std::string::npos);
  // Default: the first finding.
  R = ravel("replay ravel-report.json");
  EXPECT_EQ(R.Code, 1);
  // A grouped race replays its representative pair.
  EXPECT_NE(R.Out.find("ravel: reproduced " + Counter +
                       ", site pair RV-DR-00000000000000a1\n"),
            std::string::npos);
  R = ravel("replay ravel-schedules/ravel-report/RV-DR-00000000000000b2.sched");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_NE(R.Out.find("ravel: reproduced RV-DR-00000000000000b2\n"),
            std::string::npos);
}

TEST_F(Driver, ReplayThatDoesNotReproduceSaysSo) {
  ASSERT_EQ(
      ravel("run --runs 10 --quiet --shrink-replays 0 -- ./fake two-races")
          .Code,
      1);
  // Make the recorded schedule one that shows nothing (seed 1).
  std::string Path =
      Dir + "/ravel-schedules/ravel-report/RV-DR-00000000000000b2.sched";
  auto S = ravel::driver::readScheduleFile(Path);
  ASSERT_TRUE(static_cast<bool>(S));
  S->set("seed", "1");
  std::ofstream(Path) << ravel::driver::printScheduleFile(*S);
  Result R = ravel("replay ravel-report.json --finding RV-DR-00000000000000b2");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("did not reproduce RV-DR-00000000000000b2 in 1 run "
                       "(the program ran clean)"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("The schedule was followed but the finding did not "
                       "happen"),
            std::string::npos);
  // Seed 2 shows the other race instead.
  S->set("seed", "2");
  std::ofstream(Path) << ravel::driver::printScheduleFile(*S);
  R = ravel("replay ravel-report.json --finding RV-DR-00000000000000b2");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("the replay showed instead:\n  RV-DR-00000000000000a1"),
            std::string::npos)
      << R.Err;
}

TEST_F(Driver, ReplayNativeFindingReusesTheSeed) {
  ASSERT_EQ(ravel("run --runs 6 --schedule native --quiet -- ./fake race").Code,
            1);
  json J = report();
  EXPECT_FALSE(J["findings"][0]["schedule"].contains("replay_file"));
  EXPECT_FALSE(J["findings"][0]["schedule"]["exact"]);
  Result R = ravel("replay ravel-report.json");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_NE(R.Out.find("reproduced " + Counter +
                       ", site pair RV-DR-00000000000000a1 (attempt 1 of 10)"),
            std::string::npos)
      << R.Out;
}

TEST_F(Driver, ReplayCrashAndFailureFindings) {
  ASSERT_EQ(ravel("run --runs 8 --quiet -- ./fake assert").Code, 1);
  Result R = ravel("replay ravel-report.json");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_NE(R.Out.find("ravel: reproduced RV-CR-"), std::string::npos);
  ASSERT_EQ(ravel("run --runs 8 --quiet -- ./fake fail").Code, 1);
  R = ravel("replay ravel-report.json");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_NE(R.Out.find("ravel: reproduced RV-FL-"), std::string::npos);
}

TEST_F(Driver, ReplayDivergenceIsExplained) {
  // The fake, like the runtime, re-records `exact 0` and a note when it
  // cannot follow the file.
  std::ofstream(Dir + "/d.sched")
      << "ravel-schedule 1\nstrategy pct\nseed 4\nargv "
         "[\"./fake\",\"diverge\"]\nfinding "
         "RV-DR-00000000000000a1\ndecisions 2\n0 1\n";
  Result R = ravel("replay d.sched");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("did not reproduce RV-DR-00000000000000a1"),
            std::string::npos)
      << R.Err;
  EXPECT_NE(R.Err.find("(it diverged):\n    replay diverged at step 4: the "
                       "recorded choice is not possible here"),
            std::string::npos)
      << R.Err;
}

TEST_F(Driver, ReplayShowsARuntimeErrorOnce) {
  std::ofstream(Dir + "/u.sched")
      << "ravel-schedule 1\nargv [\"./fake\",\"unsupported\"]\ndecisions "
         "0\n\n";
  Result R = ravel("replay u.sched");
  EXPECT_EQ(R.Code, 2);
  EXPECT_EQ(count(R.Err, "schedule=replay is not supported"), 1u) << R.Err;
  EXPECT_NE(R.Err.find("runtime stopped with an error"), std::string::npos);
}

TEST_F(Driver, PctRunsGetTheStepCountOfRunZeroAsHint) {
  // Run 0 records `steps 20`; runs 1 and 2 get steps_hint=20, whatever
  // --jobs is, so they (and only they) show the fake's race.
  for (const char *Jobs : {"1", "2"}) {
    Result R = ravel(std::string("run --runs 3 --quiet --jobs ") + Jobs +
                     " -- ./fake steps-hint");
    EXPECT_EQ(R.Code, 1) << R.Err;
    EXPECT_EQ(counts(report()),
              (std::map<std::string, std::pair<int, int>>{{Counter, {2, 1}}}))
        << Jobs;
  }
  // Native runs record nothing and get no hint.
  EXPECT_EQ(
      ravel("run --runs 3 --quiet --schedule native -- ./fake steps-hint").Code,
      0);
}

TEST_F(Driver, ReplayOfBadInputNamesTheFile) {
  Result R = ravel("replay missing.json");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("missing.json: cannot open"), std::string::npos);
  std::ofstream(Dir + "/half.json") << "{\"tool\": \"ravel\", \"runs\": ";
  R = ravel("replay half.json");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("half.json: not valid JSON"), std::string::npos);
  std::ofstream(Dir + "/bad.sched") << "ravel-schedule 1\nstrategy pct\n";
  R = ravel("replay bad.sched");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("bad.sched: truncated schedule file"),
            std::string::npos);
  ASSERT_EQ(
      ravel("run --runs 3 --quiet --shrink-replays 0 -- ./fake race").Code, 1);
  R = ravel("replay ravel-report.json --finding RV-XX-1");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("no finding RV-XX-1; the report has:\n  " + Counter),
            std::string::npos);
  unlink((Dir + "/ravel-schedules/ravel-report/RV-DR-00000000000000a1.sched")
             .c_str());
  R = ravel("replay ravel-report.json");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("RV-DR-00000000000000a1.sched: cannot open"),
            std::string::npos)
      << R.Err;
}

TEST_F(Driver, ReplayOfAProgramNotBuiltWithRavelIsRefused) {
  ASSERT_EQ(
      ravel("run --runs 3 --quiet --shrink-replays 0 -- ./fake race").Code, 1);
  // The recorded schedule, its program swapped for one without the runtime
  // (a rebuild without ravel, or another binary at that path).
  std::string Kept;
  for (const std::string &Name : listDir(Dir + "/ravel-schedules/ravel-report"))
    Kept = Dir + "/ravel-schedules/ravel-report/" + Name;
  ASSERT_FALSE(Kept.empty());
  std::string Text = readFile(Kept), Out;
  std::istringstream In(Text);
  for (std::string Line; std::getline(In, Line);)
    Out += (Line.rfind("argv ", 0) == 0 ? "argv [\"/bin/true\"]" : Line) + "\n";
  std::ofstream(Dir + "/other.sched") << Out;
  Result R = ravel("replay other.sched");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("/bin/true: not built with ravel"), std::string::npos)
      << R.Err;
}

TEST_F(Driver, ReplayShowsTheProgramAndNeverSearchesPath) {
  ASSERT_EQ(
      ravel("run --runs 3 --quiet --shrink-replays 0 -- ./fake race").Code, 1);
  Result R = ravel("replay ravel-report.json");
  EXPECT_EQ(R.Code, 1) << R.Err;
  EXPECT_EQ(R.Err.rfind("ravel replay: running ./fake race\n", 0), 0u) << R.Err;
  // A report naming a bare program: `ls` is on $PATH, but a report from
  // somewhere else must not make ravel run whatever $PATH finds.
  json J = report();
  J["program"] = {"ls", "-la"};
  std::ofstream(Dir + "/bare.json") << J.dump();
  R = ravel("replay bare.json");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("bare.json names the program `ls` without a folder; "
                       "ravel replay does not look programs up on $PATH"),
            std::string::npos)
      << R.Err;
  EXPECT_EQ(R.Out, "");
}

TEST_F(Driver, ReplayOfARebuiltProgramSaysSo) {
  ASSERT_EQ(
      ravel("run --runs 3 --quiet --shrink-replays 0 -- ./fake race").Code, 1);
  json J = report();
  EXPECT_EQ(J["build"].get<std::string>().rfind("fnv1a64:", 0), 0u);
  Result R = ravel("replay ravel-report.json");
  EXPECT_EQ(R.Code, 1);
  EXPECT_EQ(R.Err.find("is not the program the finding was recorded with"),
            std::string::npos)
      << R.Err;
  // "Rebuilt": the same program with other bytes.
  std::ofstream(Dir + "/fake", std::ios::app) << "rebuilt";
  for (const char *From : {"ravel-report.json", "sched"}) {
    std::string Arg = From;
    if (Arg == "sched")
      Arg = J["findings"][0]["schedule"]["replay_file"];
    R = ravel("replay " + Arg);
    EXPECT_EQ(R.Code, 1) << R.Err;
    EXPECT_NE(R.Err.find("ravel replay: note: ./fake is not the program the "
                         "finding was recorded with (it was rebuilt or "
                         "replaced since)"),
              std::string::npos)
        << From << ": " << R.Err;
  }
}

TEST_F(Driver, ReportOfAScheduleFilePointsToReplay) {
  std::ofstream(Dir + "/x.sched") << "ravel-schedule 2\nstrategy pct\n";
  Result R = ravel("report x.sched --format text");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("x.sched: this is a schedule file, not a report; "
                       "replay it with `ravel replay x.sched`"),
            std::string::npos)
      << R.Err;
}

TEST_F(Driver, ShrinkKeepsOnlyTheNeededPreemptions) {
  ASSERT_EQ(
      ravel("run --runs 2 --quiet --shrink-replays 0 -- ./fake preempt").Code,
      1);
  Result R = ravel("shrink ravel-report.json");
  EXPECT_EQ(R.Code, 0) << R.Err;
  EXPECT_NE(R.Out.find("shrunk RV-DR-00000000000000a1 from 20 to 2 forced "
                       "decisions"),
            std::string::npos)
      << R.Out;
  auto S = ravel::driver::readScheduleFile(
      Dir + "/ravel-schedules/ravel-report/RV-DR-00000000000000a1.min.sched");
  ASSERT_TRUE(static_cast<bool>(S));
  ASSERT_EQ(S->Decisions.size(), 20u);
  std::vector<size_t> Forced;
  for (size_t I = 0; I < S->Decisions.size(); ++I)
    if (S->Decisions[I] != ravel::driver::NoPreemption)
      Forced.push_back(I);
  EXPECT_EQ(Forced, (std::vector<size_t>{7, 13}));
  EXPECT_EQ(S->get("finding"), "RV-DR-00000000000000a1");
  EXPECT_EQ(report()["findings"][0]["schedule"]["replay_file"],
            "ravel-schedules/ravel-report/RV-DR-00000000000000a1.min.sched");
  EXPECT_EQ(ravel("replay ravel-report.json").Code, 1);
  // The original recording is kept.
  EXPECT_EQ(listDir(Dir + "/ravel-schedules/ravel-report"),
            (std::vector<std::string>{"RV-DR-00000000000000a1.min.sched",
                                      "RV-DR-00000000000000a1.sched"}));
}

TEST_F(Driver, RunShrinksNewFindings) {
  Result R = ravel("run --runs 2 -- ./fake preempt");
  EXPECT_EQ(R.Code, 1);
  EXPECT_NE(
      R.Err.find("ravel: " + Counter + " needs 2 of its 20 recorded choices"),
      std::string::npos)
      << R.Err;
  json J = report();
  EXPECT_EQ(J["findings"][0]["schedule"]["replay_file"],
            "ravel-schedules/ravel-report/RV-DR-00000000000000a1.min.sched");
  EXPECT_TRUE(J["findings"][0]["schedule"]["exact"]);
  auto S = ravel::driver::readScheduleFile(
      Dir + "/ravel-schedules/ravel-report/RV-DR-00000000000000a1.min.sched");
  ASSERT_TRUE(static_cast<bool>(S));
  EXPECT_EQ(S->forcedDecisions(), 2u);
  EXPECT_EQ(ravel("replay ravel-report.json").Code, 1);
  // A budget too small to finish still leaves a schedule that replays.
  R = ravel("run --runs 2 --quiet --shrink-replays 3 -- ./fake preempt");
  EXPECT_EQ(R.Code, 1);
  EXPECT_EQ(ravel("replay ravel-report.json").Code, 1);
}

TEST_F(Driver, RunMarksAScheduleThatDoesNotReplay) {
  // The fake shows this race only with steps_hint=, which a replay does not
  // pass: the recorded schedule does not bring it back.
  Result R = ravel("run --runs 2 -- ./fake steps-hint");
  EXPECT_EQ(R.Code, 1);
  EXPECT_NE(R.Err.find("replaying the recorded schedule of " + Counter +
                       " did not show it again"),
            std::string::npos)
      << R.Err;
  EXPECT_FALSE(report()["findings"][0]["schedule"]["exact"]);
}

TEST_F(Driver, ShrinkNeedsARecordedSchedule) {
  ASSERT_EQ(ravel("run --runs 3 --schedule native --quiet -- ./fake race").Code,
            1);
  Result R = ravel("shrink ravel-report.json");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("records no schedule"), std::string::npos);
}

TEST_F(Driver, ReportCommandRendersEveryFormat) {
  ASSERT_EQ(ravel("run --runs 3 --quiet -- ./fake race").Code, 1);
  Result R = ravel("report ravel-report.json");
  EXPECT_EQ(R.Code, 0);
  EXPECT_NE(
      R.Out.find("Replay: ravel replay ravel-report.json --finding " + Counter),
      std::string::npos);
  EXPECT_EQ(ravel("report ravel-report.json --format json -o r2.json").Code, 0);
  EXPECT_EQ(report("r2.json"), report());
  EXPECT_EQ(ravel("report ravel-report.json --format sarif -o r.sarif").Code,
            0);
  EXPECT_EQ(ravel("report ravel-report.json --format html -o r.html").Code, 0);
  EXPECT_EQ(ravel("report ravel-report.json --format pdf").Code, 2);
  R = ravel("report nothere.json");
  EXPECT_EQ(R.Code, 2);
  EXPECT_NE(R.Err.find("nothere.json: cannot open"), std::string::npos);
}

TEST(DriverScheduleFile, ParsesAndPrintsTheRuntimeFormat) {
  std::string Text = "ravel-schedule 1\nstrategy pct\nseed 17\ndepth "
                     "3\nsteps 1234\nexact 1\nargv "
                     "[\"./bank\",\"--accounts\",\"4\"]\nnote one\nnote "
                     "two\nx-later 42\ndecisions 6\n1 0*3\n2 -\n";
  auto S = ravel::driver::parseScheduleFile(Text, "s");
  ASSERT_TRUE(static_cast<bool>(S)) << llvm::toString(S.takeError());
  EXPECT_EQ(S->program(),
            (std::vector<std::string>{"./bank", "--accounts", "4"}));
  EXPECT_EQ(S->get("steps"), "1234");
  EXPECT_EQ(S->get("x-later"), "42");
  EXPECT_EQ(S->all("note"), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(S->Decisions,
            (std::vector<int64_t>{1, 0, 0, 0, 2, ravel::driver::NoPreemption}));
  EXPECT_EQ(S->forcedDecisions(), 5u);
  EXPECT_EQ(ravel::driver::printScheduleFile(*S),
            "ravel-schedule 1\nstrategy pct\nseed 17\ndepth 3\nsteps "
            "1234\nexact 1\nargv [\"./bank\",\"--accounts\",\"4\"]\nnote "
            "one\nnote two\nx-later 42\ndecisions 6\n1 0*3 2 -\n");
  // 32 values per line, as the runtime writes them.
  ravel::driver::ScheduleFile Long;
  for (int I = 0; I < 33; ++I)
    Long.Decisions.push_back(I);
  std::string Printed = ravel::driver::printScheduleFile(Long);
  EXPECT_NE(Printed.find(" 31\n32\n"), std::string::npos) << Printed;
  auto Again = ravel::driver::parseScheduleFile(Printed, "long");
  ASSERT_TRUE(static_cast<bool>(Again));
  EXPECT_EQ(Again->Decisions, Long.Decisions);
}

TEST(DriverScheduleFile, ErrorsNameFileAndLine) {
  auto Err = [](const std::string &Text) {
    auto S = ravel::driver::parseScheduleFile(Text, "s.sched");
    return S ? std::string() : llvm::toString(S.takeError());
  };
  EXPECT_EQ(Err("hello\n"), "s.sched: not a ravel schedule file (the first "
                            "line must be `ravel-schedule 3`)");
  EXPECT_EQ(Err("ravel-schedule 1\nseed\n"),
            "s.sched:2: expected `key value` in the header");
  EXPECT_EQ(Err("ravel-schedule 1\ndecisions many\n"),
            "s.sched:2: expected `decisions <count>`");
  EXPECT_EQ(Err("ravel-schedule 1\ndecisions 2\n0 x\n"),
            "s.sched:3: expected a decision (a number or `-`), got `x`");
  EXPECT_EQ(Err("ravel-schedule 1\ndecisions 2\n0 1*\n"),
            "s.sched:3: expected a repeat count after `*`");
  EXPECT_EQ(Err("ravel-schedule 1\ndecisions 2\n0 1*5\n"),
            "s.sched:3: more decisions than the header declares (2)");
  EXPECT_EQ(Err("ravel-schedule 1\ndecisions 3\n0 1\n"),
            "s.sched: truncated schedule file (2 of 3 decisions)");
  EXPECT_EQ(Err("ravel-schedule 1\nseed 1\n"),
            "s.sched: truncated schedule file (no `decisions` line)");
  // A short file that claims two billion decisions is refused before
  // anything is allocated for them.
  std::string Huge = "ravel-schedule 2\ndecisions 2000000000\n-*2000000000\n";
  EXPECT_EQ(Err(Huge),
            "s.sched:2: declares 2000000000 decisions, more than a schedule "
            "file of 51 bytes can hold (at most 16829440); the file is "
            "damaged: record it again");
  // Many decisions in a few bytes are fine within the bound.
  auto Long = ravel::driver::parseScheduleFile(
      "ravel-schedule 2\ndecisions 100000\n-*100000\n", "l.sched");
  ASSERT_TRUE(static_cast<bool>(Long)) << llvm::toString(Long.takeError());
  EXPECT_EQ(Long->Decisions.size(), 100000u);
}

} // namespace

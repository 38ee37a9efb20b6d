//===- tests/tool/report_test.cpp - report model and renderers ------------===//
#include "report_model.h"
#include "step_order.h"
#include "render.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

using namespace ravel::report;
using nlohmann::json;

namespace {

const std::string Data = RAVEL_TEST_DATA;

Report fixture() {
  auto R = readReport(Data + "/report.json");
  if (!R) {
    ADD_FAILURE() << llvm::toString(R.takeError());
    return {};
  }
  return *R;
}

json fixtureJson() {
  std::ifstream In(Data + "/report.json");
  return json::parse(In);
}

/// The error text of a parse of J, or "" if it parsed.
std::string parseError(const json &J) {
  auto R = parseReport(J);
  if (R)
    return "";
  return llvm::toString(R.takeError());
}

std::string writeTemp(const std::string &Text) {
  char Name[] = "/tmp/ravel-report-test-XXXXXX";
  int Fd = mkstemp(Name);
  EXPECT_GE(Fd, 0);
  EXPECT_EQ(write(Fd, Text.data(), Text.size()),
            static_cast<ssize_t>(Text.size()));
  close(Fd);
  return Name;
}

TEST(FindingParse, ReadsTheFixture) {
  Report R = fixture();
  EXPECT_EQ(R.Version, "0.1.0");
  EXPECT_EQ(R.Program,
            (std::vector<std::string>{"./counter", "--iterations", "1000"}));
  EXPECT_EQ(R.Runs, 100);
  EXPECT_EQ(R.Settings.Strategy, "pct");
  EXPECT_EQ(R.Settings.Jobs, 2);
  ASSERT_EQ(R.Findings.size(), 3u);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.Id, "RV-DR-3f9a1c0d2b4e5f60");
  EXPECT_EQ(F.Kind, "data-race");
  ASSERT_EQ(F.Threads.size(), 2u);
  EXPECT_EQ(F.Threads[0].Variable, "counter");
  EXPECT_EQ(F.Threads[0].At[0].Line, 14);
  EXPECT_EQ(F.Threads[0].Events.size(), 3u);
  EXPECT_EQ(F.Threads[1].LocksHeld[0].Name, "m");
  EXPECT_EQ(F.Threads[1].LocksHeld[0].Acquired[0].Line, 11);
  EXPECT_EQ(F.Sched.Seed, 7);
  EXPECT_EQ(F.Sched.ReplayFile, "ravel-schedules/RV-DR-3f9a1c0d2b4e5f60.sched");
  EXPECT_EQ(F.Runs, 37);
  EXPECT_EQ(F.FirstRun, 6);
  EXPECT_EQ(R.Findings[1].Cycle.size(), 2u);
  EXPECT_FALSE(R.Findings[1].Sched.Exact);
  EXPECT_TRUE(R.Findings[2].Threads.empty());
}

TEST(FindingParse, RoundTripsThroughJson) {
  Report R = fixture();
  auto Again = parseReport(json::parse(toJson(R).dump()));
  ASSERT_TRUE(static_cast<bool>(Again)) << llvm::toString(Again.takeError());
  EXPECT_EQ(toJson(*Again).dump(), toJson(R).dump());
}

TEST(FindingParse, ErrorsNameTheField) {
  json J = fixtureJson();
  J["findings"][0]["threads"][1]["stack"][0].erase("line");
  EXPECT_EQ(parseError(J), "findings[0].threads[1].stack[0].line: missing");

  J = fixtureJson();
  J["findings"][0]["threads"][0]["tid"] = "2";
  EXPECT_EQ(parseError(J), "findings[0].threads[0].tid: expected an integer");

  J = fixtureJson();
  J["findings"][2]["kind"] = "race";
  EXPECT_EQ(parseError(J).rfind("findings[2].kind: unknown finding kind", 0),
            0u);

  J = fixtureJson();
  J["findings"][1]["cycle"][0]["holds"] = 3;
  EXPECT_EQ(parseError(J), "findings[1].cycle[0].holds: expected a string");

  J = fixtureJson();
  J.erase("program");
  EXPECT_EQ(parseError(J), "program: missing");

  J = fixtureJson();
  J["program"][1] = 5;
  EXPECT_EQ(parseError(J), "program[1]: expected a string");

  J = fixtureJson();
  J["tool"] = "tsan";
  EXPECT_EQ(parseError(J), "tool: expected \"ravel\" (not a ravel report)");

  J = fixtureJson();
  J["findings"][0]["schedule"]["exact"] = "yes";
  EXPECT_EQ(parseError(J),
            "findings[0].schedule.exact: expected true or false");

  EXPECT_EQ(parseError(json::array()), "document: expected an object");
}

TEST(FindingParse, FilesNameThemselves) {
  auto Missing = readReport("/nonexistent/r.json");
  ASSERT_FALSE(static_cast<bool>(Missing));
  EXPECT_EQ(llvm::toString(Missing.takeError())
                .rfind("/nonexistent/r.json: cannot open", 0),
            0u);
  std::string Truncated = writeTemp("{\"tool\": \"ravel\", \"findings\": [");
  auto Bad = readReport(Truncated);
  ASSERT_FALSE(static_cast<bool>(Bad));
  EXPECT_EQ(llvm::toString(Bad.takeError()),
            Truncated + ": not valid JSON (truncated or not a ravel report?)");
  unlink(Truncated.c_str());
}

TEST(FindingLines, ParsesRuntimeOutput) {
  json F = fixtureJson()["findings"][0];
  std::string Lines = F.dump() + "\n\n" + F.dump() + "\n";
  std::string Path = writeTemp(Lines);
  auto Found = readFindingLines(Path);
  ASSERT_TRUE(static_cast<bool>(Found)) << llvm::toString(Found.takeError());
  EXPECT_EQ(Found->size(), 2u);
  unlink(Path.c_str());

  Path = writeTemp(F.dump() + "\n{\"id\": 3}\n");
  auto Bad = readFindingLines(Path);
  ASSERT_FALSE(static_cast<bool>(Bad));
  EXPECT_EQ(llvm::toString(Bad.takeError()),
            Path + ":2: id: expected a string");
  unlink(Path.c_str());
}

TEST(FindingId, IsFnv1aOverKindAndSortedSites) {
  // Checked independently: FNV-1a 64 of
  // "data-race\na.c:1:2:read\na.c:3:4:write".
  EXPECT_EQ(makeFindingId("data-race", {"a.c:3:4:write", "a.c:1:2:read"}),
            "RV-DR-4e909f2ab1b00386");
  EXPECT_EQ(makeFindingId("data-race", {"a.c:1:2:read", "a.c:3:4:write"}),
            "RV-DR-4e909f2ab1b00386");
  EXPECT_NE(makeFindingId("deadlock", {"a.c:1:2:read", "a.c:3:4:write"}),
            "RV-DL-4e909f2ab1b00386");
  EXPECT_EQ(makeFindingId("hang", {}).substr(0, 6), "RV-HG-");
}

TEST(Interleaving, OrdersByStepAndMarksTheFinding) {
  Report R = fixture();
  std::vector<InterleavedStep> Steps = interleave(R.Findings[0]);
  ASSERT_EQ(Steps.size(), 5u);
  std::vector<int64_t> Order;
  std::vector<bool> Keys;
  for (const InterleavedStep &S : Steps) {
    Order.push_back(S.E->Step);
    Keys.push_back(S.Key);
  }
  EXPECT_EQ(Order, (std::vector<int64_t>{40, 41, 42, 43, 44}));
  // T1's read at 41 is at the same site but is not its last access there.
  EXPECT_EQ(Keys, (std::vector<bool>{false, false, false, true, true}));
}

const char *const ExpectedRaceText = R"(==================
WARNING: ravel: data-race (RV-DR-3f9a1c0d2b4e5f60)
  data race on counter: write by thread T2 at counter.cpp:14:5 vs write by thread T1 at counter.cpp:14:5

  Write of size 4 to counter by thread T2:
    #0 worker counter.cpp:14:5
           14 |     counter++;
    locks held: none

  Previous write of size 4 to counter by thread T1:
    #0 worker counter.cpp:14:5
           14 |     counter++;
    locks held: m (acquired at counter.cpp:11:5)

  Thread T2 created at:
    #0 main counter.cpp:21:15
           21 |   std::thread t2(worker);
  Thread T1 created at:
    #0 main counter.cpp:20:15
           20 |   std::thread t1(worker);

  Interleaving (last steps of each thread, oldest first; >> marks the finding):
     step   40  T2  lock m                   counter.cpp:11:5
                      |     m.lock();
     step   41  T1  read counter             counter.cpp:14:5
                      |     counter++;
     step   42  T2  unlock m                 counter.cpp:13:5
                      |     m.unlock();
  >> step   43  T1  write counter            counter.cpp:14:5
                      |     counter++;
  >> step   44  T2  write counter            counter.cpp:14:5
                      |     counter++;

  Seen in 37 runs (first: run 6, schedule pct seed 7 depth 3)
  Replay: ravel replay out/report.json --finding RV-DR-3f9a1c0d2b4e5f60
==================
)";

TEST(TextRenderer, RaceReadsLikeTsanWithSourceLines) {
  Report R = fixture();
  SourceFiles Sources({Data});
  RenderContext Ctx{"out/report.json", &Sources};
  EXPECT_EQ(renderText(R.Findings[0], Ctx), ExpectedRaceText);
}

TEST(TextRenderer, DeadlockCycleAndCrashDetails) {
  Report R = fixture();
  RenderContext Ctx{"r.json", nullptr};
  EXPECT_EQ(renderText(R.Findings[1], Ctx),
            R"(==================
WARNING: ravel: potential-deadlock (RV-PD-0123456789abcdef)
  lock order inversion: a_mu then b_mu in T1, b_mu then a_mu in T2

  Lock of b_mu by thread T1:
    #0 transfer counter.cpp:31:5
    locks held: a_mu (acquired at counter.cpp:30:5)

  Lock of a_mu by thread T2:
    #0 transfer counter.cpp:34:5
    locks held: b_mu

  Lock cycle: a_mu -> b_mu -> a_mu
    T1 holds a_mu (acquired at counter.cpp:30:5) and then acquires b_mu at counter.cpp:31:5
    T2 holds b_mu and then acquires a_mu at counter.cpp:34:5

  Seen in 1 run (first: run 1, schedule native (not exactly replayable))
  Replay: ravel replay r.json --finding RV-PD-0123456789abcdef
==================
)");
  EXPECT_EQ(renderText(R.Findings[2], Ctx),
            R"(==================
WARNING: ravel: crash (RV-CR-00000000000000c3)
  counter killed by SIGSEGV (Segmentation fault)

  Details:
    last lines of stderr:
    starting <3 workers>

  Seen in 2 runs (first: run 8, schedule pct seed 9 depth 3)
  Replay: ravel replay r.json --finding RV-CR-00000000000000c3
==================
)");
}

// A `hang` at the runtime's step budget: the spinning threads and their
// sites survive parsing and JSON, and the text and HTML name them and
// suggest --max-steps; a hang killed at the time-out (no budget) does not.
TEST(TextRenderer, HangAtTheStepBudgetNamesTheSpinners) {
  json J = {{"id", "RV-HG-00000000000000aa"},
            {"kind", "hang"},
            {"summary", "the run took more than its budget of 5000 scheduling "
                        "steps (livelock or starvation) with 2 live thread(s)"},
            {"threads",
             {{{"tid", 1}, {"op", "run"}, {"stack", json::array()}},
              {{"tid", 2}, {"op", "run"}, {"stack", json::array()}}}},
            {"schedule", {{"strategy", "pct"}, {"seed", 1}, {"depth", 3}}},
            {"step_budget", 5000},
            {"spinning",
             {{{"tid", 1},
               {"op", "read"},
               {"what", "flag_b"},
               {"file", "l.c"},
               {"line", 28},
               {"column", 9},
               {"count", 2400}},
              {{"tid", 2},
               {"op", "yield"},
               {"what", "sched_yield()"},
               {"file", "l.c"},
               {"line", 37},
               {"column", 5},
               {"count", 12}}}}};
  auto F = parseFinding(J);
  ASSERT_TRUE(static_cast<bool>(F)) << llvm::toString(F.takeError());
  EXPECT_EQ(F->StepBudget, 5000);
  ASSERT_EQ(F->Spinning.size(), 2u);
  EXPECT_EQ(F->Spinning[1].Op, "yield");
  auto Again = parseFinding(json::parse(toJson(*F).dump()));
  ASSERT_TRUE(static_cast<bool>(Again));
  EXPECT_EQ(toJson(*Again), toJson(*F));

  RenderContext Ctx{"r.json", nullptr};
  std::string Text = renderText(*F, Ctx);
  EXPECT_NE(Text.find("  Spinning (no progress):\n"
                      "    T1 re-reads flag_b at l.c:28:9 (2400 times; no "
                      "other thread wrote it)\n"
                      "    T2 yields (sched_yield()) at l.c:37:5 (12 re-reads "
                      "and yields without progress)\n"
                      "  The run used its whole budget of 5000 scheduling "
                      "steps; every thread that could run was spinning "
                      "without progress: a livelock, unless the program only "
                      "needs more steps. If it only needs more, run again with "
                      "--max-steps 50000.\n"),
            std::string::npos)
      << Text;
  Report R;
  R.Findings = {*F};
  std::string Html = renderHtml(R, Ctx);
  EXPECT_NE(Html.find("T1 re-reads <code>flag_b</code> at l.c:28:9"),
            std::string::npos);
  EXPECT_NE(Html.find("--max-steps 50000"), std::string::npos);

  // Nobody spinning: a livelock the rule cannot see (through locks), or a
  // program that needs more steps.
  F->Spinning.clear();
  EXPECT_NE(renderText(*F, Ctx).find(
                "no thread was seen spinning (re-reading memory nobody wrote, "
                "or yielding without progress), so either the threads "
                "livelock through locks or calls, or the program needs more "
                "steps. If it only needs more, run again with --max-steps "
                "50000."),
            std::string::npos);
  // A hang at the time-out has no budget: no advice, no new fields.
  F->StepBudget = 0;
  EXPECT_EQ(renderText(*F, Ctx).find("--max-steps"), std::string::npos);
  EXPECT_FALSE(toJson(*F).contains("step_budget"));
}

TEST(TextRenderer, AssertionCrash) {
  Finding F;
  F.Id = "RV-CR-0000000000000001";
  F.Kind = "crash";
  F.Summary = "assertion `balance >= 0` failed at counter.cpp:24 in int "
              "main() (SIGABRT)";
  Thread T;
  T.Name = "?";
  T.Op = "assert";
  T.Variable = "balance >= 0";
  T.At.push_back({"int main()", "counter.cpp", 24, 0, false, {}, {}});
  F.Threads.push_back(T);
  F.Sched = {"pct", 3, 3, "", true, ""};
  SourceFiles Sources({Data});
  EXPECT_EQ(renderText(F, {"", &Sources}),
            R"(==================
WARNING: ravel: crash (RV-CR-0000000000000001)
  assertion `balance >= 0` failed at counter.cpp:24 in int main() (SIGABRT)

  Assertion `balance >= 0` failed:
    #0 int main() counter.cpp:24
           24 |   return counter == 2000 ? 0 : 1;

  Seen in 1 run (first: run 0, schedule pct seed 3 depth 3)
==================
)");
  Report R;
  R.Findings.push_back(F);
  json S = json::parse(renderSarif(R, {"", nullptr}));
  EXPECT_EQ(S["runs"][0]["results"][0]["locations"][0]["message"]["text"],
            "assertion `balance >= 0` failed");
}

TEST(TextRenderer, ReplayCommandQuotesAndFallsBackToTheScheduleFile) {
  Report R = fixture();
  EXPECT_EQ(replayCommand(R.Findings[0], {"my reports/r.json", nullptr}),
            "ravel replay 'my reports/r.json' --finding "
            "RV-DR-3f9a1c0d2b4e5f60");
  EXPECT_EQ(replayCommand(R.Findings[0], {"", nullptr}),
            "ravel replay ravel-schedules/RV-DR-3f9a1c0d2b4e5f60.sched");
  EXPECT_EQ(replayCommand(R.Findings[2], {"", nullptr}), "");
}

TEST(TextRenderer, SummaryTable) {
  Report R = fixture();
  EXPECT_EQ(renderSummaryTable(R),
            "ravel: 3 findings in 100 runs\n"
            "  KIND                ID                       RUNS  SUMMARY\n"
            "  data-race           RV-DR-3f9a1c0d2b4e5f60     37  data race "
            "on counter: write by thread T2 at counter.cpp:14:5 vs write by "
            "thread T1 at counter.cpp:14:5\n"
            "  potential-deadlock  RV-PD-0123456789abcdef      1  lock order "
            "inversion: a_mu then b_mu in T1, b_mu then a_mu in T2\n"
            "  crash               RV-CR-00000000000000c3      2  counter "
            "killed by SIGSEGV (Segmentation fault)\n");
  R.Findings.resize(1);
  R.Findings[0].Summary = std::string(200, 'x');
  EXPECT_EQ(renderSummaryTable(R),
            "ravel: 1 finding in 100 runs\n"
            "  KIND                ID                       RUNS  SUMMARY\n"
            "  data-race           RV-DR-3f9a1c0d2b4e5f60     37  " +
                std::string(117, 'x') + "...\n");
  R.Findings.clear();
  R.Runs = 1;
  EXPECT_EQ(renderSummaryTable(R), "ravel: no findings in 1 run\n");
}

TEST(JsonRenderer, IsTheReportDocument) {
  Report R = fixture();
  json J = json::parse(renderJson(R));
  EXPECT_EQ(J["tool"], "ravel");
  EXPECT_EQ(J["findings"].size(), 3u);
  EXPECT_EQ(J["findings"][0]["runs"], 37);
  EXPECT_EQ(J["findings"][0]["first_run"], 6);
  EXPECT_EQ(J["findings"][0]["threads"][1]["locks_held"][0]["name"], "m");
  EXPECT_TRUE(J["schedule"]["timeout"].is_number_integer());
  EXPECT_EQ(J["schedule"]["timeout"], 30);
  R.Settings.Timeout = 0.5;
  EXPECT_EQ(json::parse(renderJson(R))["schedule"]["timeout"], 0.5);
  EXPECT_FALSE(J["findings"][2].contains("cycle"));
}

TEST(SarifRenderer, MapsFindingsToResults) {
  Report R = fixture();
  RenderContext Ctx{"r.json", nullptr};
  json S = json::parse(renderSarif(R, Ctx));
  EXPECT_EQ(S["version"], "2.1.0");
  const json &Run = S["runs"][0];
  EXPECT_EQ(Run["tool"]["driver"]["rules"].size(), findingKinds().size());
  ASSERT_EQ(Run["results"].size(), 3u);
  const json &Race = Run["results"][0];
  EXPECT_EQ(Race["ruleId"], "data-race");
  EXPECT_EQ(Race["partialFingerprints"]["ravelFindingId/v1"],
            "RV-DR-3f9a1c0d2b4e5f60");
  const json &Loc = Race["locations"][0]["physicalLocation"];
  EXPECT_EQ(Loc["artifactLocation"]["uri"], "counter.cpp");
  EXPECT_EQ(Loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(Loc["region"]["startLine"], 14);
  EXPECT_EQ(Loc["region"]["startColumn"], 5);
  EXPECT_EQ(Race["relatedLocations"][0]["message"]["text"],
            "write of counter by thread T1 (holding m)");
  const json &Flows = Race["codeFlows"][0]["threadFlows"];
  ASSERT_EQ(Flows.size(), 2u);
  EXPECT_EQ(Flows[0]["locations"][2]["executionOrder"], 44);
  EXPECT_EQ(Flows[0]["locations"][2]["importance"], "essential");
  EXPECT_EQ(Flows[0]["locations"][0]["importance"], "important");
  // The deadlock's cycle acquisitions become related locations.
  EXPECT_EQ(Run["results"][1]["relatedLocations"].size(), 3u);
  // A crash without a source site points at the program.
  EXPECT_EQ(Run["results"][2]["locations"][0]["physicalLocation"]
               ["artifactLocation"]["uri"],
            "./counter");
}

TEST(HtmlRenderer, IsSelfContainedAndEscapes) {
  Report R = fixture();
  R.Findings[0].Threads[0].Variable = "a<b>&\"c\"";
  SourceFiles Sources({Data});
  std::string H = renderHtml(R, {"r.json", &Sources});
  EXPECT_EQ(H.find("<link"), std::string::npos);
  EXPECT_EQ(H.find("src=\""), std::string::npos);
  EXPECT_EQ(H.find("http://"), std::string::npos);
  EXPECT_EQ(H.find("https://"), std::string::npos);
  EXPECT_NE(H.find("a&lt;b&gt;&amp;&quot;c&quot;"), std::string::npos);
  EXPECT_EQ(H.find("a<b>"), std::string::npos);
  for (const Finding &F : R.Findings)
    EXPECT_NE(H.find("id=\"" + F.Id + "\""), std::string::npos) << F.Id;
  // One column per thread, the two racing steps highlighted, the source
  // line quoted and the replay command shown.
  EXPECT_NE(H.find("<th>step</th><th>T2</th><th>T1</th>"), std::string::npos);
  size_t Keys = 0;
  for (size_t P = H.find("ev filled key"); P != std::string::npos;
       P = H.find("ev filled key", P + 1))
    ++Keys;
  EXPECT_EQ(Keys, 2u);
  EXPECT_NE(H.find("<span class=\"hit\">   14 |     counter++;</span>"),
            std::string::npos);
  EXPECT_NE(H.find("ravel replay r.json --finding RV-DR-3f9a1c0d2b4e5f60"),
            std::string::npos);
}

Report groupedFixture() {
  auto R = readReport(Data + "/report-grouped.json");
  if (!R) {
    ADD_FAILURE() << llvm::toString(R.takeError());
    return {};
  }
  return *R;
}

TEST(RaceGroups, VariableKeyIsTheNameAcrossObjectsAndSubscripts) {
  auto Key = [](std::string A, std::string B = "") {
    Finding F;
    F.Kind = "data-race";
    F.Threads.resize(2);
    F.Threads[0].Variable = A;
    F.Threads[1].Variable = B;
    return raceVariableKey(F);
  };
  EXPECT_EQ(Key("counter", "counter"), "counter");
  EXPECT_EQ(Key("r->tail"), "tail");
  EXPECT_EQ(Key("Stats.BytesIn", "S.BytesIn"), "BytesIn");
  EXPECT_EQ(Key("r->slots[r->tail]", "r->slots[at]"), "slots[]");
  EXPECT_EQ(Key("Config::Instance"), "Instance");
  EXPECT_EQ(Key("*Admitted"), "*Admitted");
  EXPECT_EQ(Key("&(x)"), "x");
  EXPECT_EQ(Key("(*p).x", "p->x"), "x");
  EXPECT_EQ(Key("limits().RequestsPerSecond"), "RequestsPerSecond");
  EXPECT_EQ(Key("get(a.b)[i]"), "get()[]"); // an element of what it returns
  // Either thread's text, the same whichever came first.
  EXPECT_EQ(Key("b", "a"), Key("a", "b"));
  EXPECT_EQ(Key("", "total"), "total");
  // A call names no variable; nor does an empty text.
  EXPECT_EQ(Key("memcpy(dst, src, n)"), "");
  EXPECT_EQ(Key("memcpy(d.buf, s->p, n)"), "");
  EXPECT_EQ(Key(""), "");
  // The id is the kind and the key, nothing of the sites or the run.
  EXPECT_EQ(raceGroupId("counter"),
            makeFindingId("data-race", {"variable counter"}));
  EXPECT_NE(raceGroupId("counter"), raceGroupId("total"));
}

TEST(RaceGroups, ParseRoundTripAndPairLookup) {
  Report R = groupedFixture();
  ASSERT_EQ(R.Findings.size(), 3u);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.Id, raceGroupId("counter"));
  EXPECT_EQ(F.VariableKey, "counter");
  ASSERT_EQ(F.Pairs.size(), 3u);
  EXPECT_EQ(F.Pairs[1].A.Line, 17);
  EXPECT_EQ(F.Pairs[1].A.Op, "read");
  EXPECT_EQ(F.Pairs[1].Runs, 3);
  EXPECT_EQ(F.Pairs[2].B.Line, 14);
  EXPECT_EQ(F.Pairs[2].A.Variable, "stats->counter");
  EXPECT_FALSE(F.Pairs[2].Sched.Exact);
  EXPECT_EQ(findPair(F, "RV-DR-00000000000000e1"), &F.Pairs[1]);
  EXPECT_EQ(findPair(F, F.Id), nullptr);
  // Round trip, and other kinds and older reports carry no pairs.
  auto Again = parseReport(json::parse(renderJson(R)));
  ASSERT_TRUE(static_cast<bool>(Again));
  EXPECT_EQ(renderJson(*Again), renderJson(R));
  EXPECT_FALSE(json::parse(renderJson(R))["findings"][1].contains("pairs"));
  EXPECT_TRUE(fixture().Findings[0].Pairs.empty());
  EXPECT_FALSE(
      json::parse(renderJson(fixture()))["findings"][0].contains("pairs"));
  // A pair needs its two sites.
  json J = json::parse(renderJson(R));
  J["findings"][0]["pairs"][1]["sites"].erase(1);
  EXPECT_EQ(parseError(J), "findings[0].pairs[1].sites: expected two sites");
  J = json::parse(renderJson(R));
  J["findings"][0]["pairs"][0]["sites"][0].erase("op");
  EXPECT_EQ(parseError(J), "findings[0].pairs[0].sites[0].op: missing");
}

TEST(RaceGroups, TextListsTheOtherPairsAfterTheRepresentative) {
  Report R = groupedFixture();
  std::string T = renderText(R.Findings[0], {"r.json", nullptr});
  size_t Also = T.find("  also racing on counter: counter.cpp:17:12 (read) "
                       "vs counter.cpp:14:5 (write), seen in 3 runs "
                       "(--finding RV-DR-00000000000000e1)\n");
  EXPECT_NE(Also, std::string::npos) << T;
  EXPECT_NE(T.find("  also racing on counter: report.cpp:25:7 (write) vs "
                   "counter.cpp:14:5 (write), seen in 1 run (--finding "
                   "RV-DR-00000000000000e2)\n"),
            std::string::npos)
      << T;
  // After the representative pair's threads, before the replay line.
  EXPECT_LT(T.find("Previous write of size 4 to counter"), Also);
  EXPECT_GT(
      T.find("Replay: ravel replay r.json --finding " + raceGroupId("counter")),
      Also);
  // An older report's race, and a group of one, list nothing more.
  EXPECT_EQ(renderText(fixture().Findings[0], {}).find("also racing"),
            std::string::npos);
  Finding One = R.Findings[0];
  One.Pairs.resize(1);
  EXPECT_EQ(renderText(One, {}).find("also racing"), std::string::npos);
}

TEST(RaceGroups, SarifRelatesEverySiteOfTheOtherPairs) {
  Report R = groupedFixture();
  json S = json::parse(renderSarif(R, {"r.json", nullptr}));
  const json &Race = S["runs"][0]["results"][0];
  EXPECT_EQ(S["runs"][0]["results"].size(), 3u);
  // The representative's other thread, then both sites of each other pair.
  ASSERT_EQ(Race["relatedLocations"].size(), 5u);
  for (size_t I = 0; I < 5; ++I)
    EXPECT_EQ(Race["relatedLocations"][I]["id"], I);
  const json &L = Race["relatedLocations"][3];
  EXPECT_EQ(L["physicalLocation"]["artifactLocation"]["uri"], "report.cpp");
  EXPECT_EQ(L["physicalLocation"]["region"]["startLine"], 25);
  EXPECT_EQ(L["message"]["text"],
            "write of stats->counter (site pair RV-DR-00000000000000e2: "
            "report.cpp:25:7 (write) vs counter.cpp:14:5 (write), seen in 1 "
            "run)");
  EXPECT_EQ(Race["properties"]["pairs"], 3);
  EXPECT_EQ(Race["properties"]["variableKey"], "counter");
}

TEST(RaceGroups, HtmlCollapsesTheOtherPairs) {
  Report R = groupedFixture();
  std::string H = renderHtml(R, {"r.json", nullptr});
  size_t Open = H.find("<details class=\"pairs\"><summary>2 other site pairs "
                       "racing on <code>counter</code></summary>");
  ASSERT_NE(Open, std::string::npos);
  EXPECT_EQ(H.find("<details", Open + 1), std::string::npos);
  EXPECT_NE(H.find("<li id=\"RV-DR-00000000000000e1\"><code>counter.cpp:17:12 "
                   "(read) vs counter.cpp:14:5 (write)</code>, seen in 3 "
                   "run(s); first in run 7",
                   Open),
            std::string::npos);
  EXPECT_NE(
      H.find("ravel replay r.json --finding RV-DR-00000000000000e2", Open),
      std::string::npos);
  EXPECT_EQ(renderHtml(fixture(), {"r.json", nullptr}).find("<details"),
            std::string::npos);
}

} // namespace

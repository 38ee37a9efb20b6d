//===- tool/report/render_sarif.cpp - SARIF 2.1.0 for code scanning -------===//
//
// One run, one rule per finding kind (rule id = kind), one result per
// finding: its first thread's site is the location, the other threads' sites
// are related locations, and each thread's recent events form one threadFlow
// of a codeFlow (executionOrder = the global step). Relative site paths are
// given against %SRCROOT%, as GitHub code scanning expects.
//
//===----------------------------------------------------------------------===//
#include "step_order.h"
#include "render.h"

#include <fmt/format.h>

namespace ravel::report {

using nlohmann::ordered_json;

namespace {

struct RuleText {
  const char *Kind;
  const char *Name;
  const char *Short;
  const char *Help;
};

const RuleText Rules[] = {
    {"data-race", "DataRace",
     "Two threads access the same memory without synchronisation",
     "Two threads accessed the same variable, at least one of them writing, "
     "and no lock, atomic or thread operation ordered the accesses. Protect "
     "the variable with one lock held by every access, or make it atomic."},
    {"potential-deadlock", "PotentialDeadlock",
     "Locks are acquired in inconsistent orders",
     "Threads acquired the same locks in different orders; under another "
     "schedule each can hold one and wait for the other. Acquire the locks in "
     "one global order, or together (std::scoped_lock)."},
    {"deadlock", "Deadlock", "Threads blocked each other forever",
     "Under the recorded schedule no thread could make progress (a lock "
     "cycle, a relock of a held mutex, a lost wake-up or a join on a blocked "
     "thread). Replay the schedule to watch it happen."},
    {"mutex-misuse", "MutexMisuse", "A mutex was used against its contract",
     "A mutex was unlocked while not held, destroyed while locked, or "
     "otherwise misused."},
    {"crash", "Crash", "The program crashed under a schedule",
     "The program died of a signal or a failed assertion under this "
     "schedule; replay it to reproduce the crash deterministically."},
    {"failure", "Failure", "The program failed under a schedule",
     "The program exited with an error under this schedule while other "
     "schedules succeeded."},
    {"hang", "Hang", "The program did not finish under a schedule",
     "The run exceeded its step budget or time limit (livelock or "
     "starvation)."},
};

/// Percent-encodes what may not appear in a URI reference path.
std::string uriPath(const std::string &Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (std::isalnum(C) || std::string_view("-._~/!$&'()*+,;=:@").find(C) !=
                               std::string_view::npos)
      Out += static_cast<char>(C);
    else {
      static const char Hex[] = "0123456789ABCDEF";
      Out += '%';
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

ordered_json physical(const std::string &File, int64_t Line, int64_t Column) {
  ordered_json Artifact;
  if (!File.empty() && File[0] == '/')
    Artifact["uri"] = "file://" + uriPath(File);
  else {
    Artifact["uri"] = uriPath(File.empty() ? "unknown" : File);
    Artifact["uriBaseId"] = "%SRCROOT%";
  }
  ordered_json P;
  P["artifactLocation"] = std::move(Artifact);
  if (Line > 0) {
    ordered_json Region;
    Region["startLine"] = Line;
    if (Column > 0)
      Region["startColumn"] = Column;
    P["region"] = std::move(Region);
  }
  return P;
}

ordered_json location(const Frame &F, const std::string &Message) {
  ordered_json L;
  L["physicalLocation"] = physical(F.File, F.Line, F.Column);
  if (!Message.empty())
    L["message"] = {{"text", Message}};
  return L;
}

/// A thread's whole stack as a SARIF stack, innermost frame first. A frame
/// of uninstrumented code has a source location only when its module's
/// debug information gave one (symbolize.h); its message names it, `module`
/// its module, properties.uninstrumented and .offset mark it.
ordered_json stackJson(const Stack &S, const std::string &Message) {
  ordered_json Frames = ordered_json::array();
  for (const Frame &Fr : S) {
    ordered_json SF;
    std::string Name = Fr.Function.empty() ? "<unknown>" : Fr.Function;
    if (Fr.Uninstrumented) {
      if (Fr.Line > 0 && Fr.File != Fr.Module) { // symbolized
        SF["location"] = location(Fr, Name);
        SF["location"]["message"] = {{"text", Name + " " + siteText(Fr)}};
      } else {
        SF["location"] = {{"message", {{"text", Name + " " + siteText(Fr)}}}};
      }
      SF["module"] = Fr.Module;
      SF["properties"] = {{"uninstrumented", true}, {"offset", Fr.Offset}};
    } else {
      SF["location"] = location(Fr, Name);
    }
    Frames.push_back(std::move(SF));
  }
  return {{"message", {{"text", Message}}}, {"frames", std::move(Frames)}};
}

std::string accessText(const Thread &T) {
  std::string S = threadTitle(T);
  S[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(S[0])));
  if (!T.LocksHeld.empty()) {
    S += " (holding";
    for (const HeldLock &L : T.LocksHeld)
      S += " " + L.Name;
    S += ")";
  }
  return S;
}

ordered_json result(const Finding &F, const Report &R,
                    const RenderContext &Ctx) {
  ordered_json Res;
  Res["ruleId"] = F.Kind;
  for (size_t I = 0; I < std::size(Rules); ++I)
    if (F.Kind == Rules[I].Kind)
      Res["ruleIndex"] = I;
  Res["level"] = "error";
  std::string Msg = F.Summary;
  std::string Replay = replayCommand(F, Ctx);
  if (!Replay.empty())
    Msg += " Replay: " + Replay;
  Res["message"] = {{"text", Msg}};

  // Primary location: the first thread with a stack; then the cycle; then
  // the program itself (crashes and hangs without a source site).
  ordered_json Locations = ordered_json::array();
  ordered_json Related = ordered_json::array();
  int64_t RelatedId = 0;
  for (const Thread &T : F.Threads) {
    if (T.At.empty())
      continue;
    if (Locations.empty())
      Locations.push_back(location(T.At.front(), accessText(T)));
    else {
      ordered_json L = location(T.At.front(), accessText(T));
      L["id"] = RelatedId++;
      Related.push_back(std::move(L));
    }
  }
  for (const CycleEdge &C : F.Cycle) {
    if (C.AcquiresAt.empty())
      continue;
    std::string Text = "T" + std::to_string(C.Tid) + " holds " + C.Holds +
                       " and acquires " + C.Acquires;
    if (Locations.empty())
      Locations.push_back(location(C.AcquiresAt.front(), Text));
    else {
      ordered_json L = location(C.AcquiresAt.front(), Text);
      L["id"] = RelatedId++;
      Related.push_back(std::move(L));
    }
  }
  // A grouped data race: the other site pairs, both sites each.
  for (size_t I = 1; I < F.Pairs.size(); ++I) {
    const RacePair &P = F.Pairs[I];
    for (const PairSite *S : {&P.A, &P.B}) {
      ordered_json L;
      L["id"] = RelatedId++;
      L["physicalLocation"] = physical(S->File, S->Line, S->Column);
      L["message"] = {
          {"text",
           fmt::format("{} of {} (site pair {}: {}, seen in {} run{})", S->Op,
                       S->Variable.empty() ? "memory" : S->Variable, P.Id,
                       pairText(P), P.Runs, P.Runs == 1 ? "" : "s")}};
      Related.push_back(std::move(L));
    }
  }
  if (Locations.empty()) {
    ordered_json L;
    L["physicalLocation"] =
        physical(R.Program.empty() ? "" : R.Program.front(), 0, 0);
    Locations.push_back(std::move(L));
  }
  Res["locations"] = std::move(Locations);
  if (!Related.empty())
    Res["relatedLocations"] = std::move(Related);
  ordered_json Stacks = ordered_json::array();
  for (const Thread &T : F.Threads)
    if (!T.At.empty())
      Stacks.push_back(stackJson(T.At, accessText(T)));
  if (!Stacks.empty())
    Res["stacks"] = std::move(Stacks);

  // The interleaving: one threadFlow per thread, ordered by global step.
  std::vector<InterleavedStep> Steps = interleave(F);
  if (!Steps.empty()) {
    ordered_json Flows = ordered_json::array();
    for (size_t TI = 0; TI < F.Threads.size(); ++TI) {
      ordered_json Locs = ordered_json::array();
      for (const InterleavedStep &S : Steps) {
        if (S.ThreadIndex != TI)
          continue;
        const Event &E = *S.E;
        ordered_json TL;
        ordered_json L;
        if (!E.File.empty())
          L["physicalLocation"] = physical(E.File, E.Line, E.Column);
        L["message"] = {{"text", F.Threads[TI].Name + ": " + E.Op +
                                     (E.What.empty() ? "" : " " + E.What)}};
        TL["location"] = std::move(L);
        TL["executionOrder"] = E.Step;
        TL["importance"] = S.Key ? "essential" : "important";
        Locs.push_back(std::move(TL));
      }
      if (Locs.empty())
        continue;
      ordered_json Flow;
      Flow["id"] = F.Threads[TI].Name;
      Flow["message"] = {{"text", "thread " + F.Threads[TI].Name}};
      Flow["locations"] = std::move(Locs);
      Flows.push_back(std::move(Flow));
    }
    if (!Flows.empty())
      Res["codeFlows"] = ordered_json::array(
          {{{"message", {{"text", "interleaving that shows the finding"}}},
            {"threadFlows", std::move(Flows)}}});
  }
  Res["partialFingerprints"] = {{"ravelFindingId/v1", F.Id}};
  Res["properties"] = {{"id", F.Id},
                       {"runs", F.Runs},
                       {"firstRun", F.FirstRun},
                       {"strategy", F.Sched.Strategy},
                       {"seed", F.Sched.Seed}};
  if (!F.Pairs.empty()) {
    Res["properties"]["variableKey"] = F.VariableKey;
    Res["properties"]["pairs"] = F.Pairs.size();
  }
  return Res;
}

} // namespace

std::string renderSarif(const Report &R, const RenderContext &Ctx) {
  ordered_json RulesJ = ordered_json::array();
  for (const RuleText &T : Rules)
    RulesJ.push_back({{"id", T.Kind},
                      {"name", T.Name},
                      {"shortDescription", {{"text", T.Short}}},
                      {"fullDescription", {{"text", T.Help}}},
                      {"help", {{"text", T.Help}}},
                      {"defaultConfiguration", {{"level", "error"}}},
                      {"properties", {{"tags", {"concurrency"}}}}});
  ordered_json Driver;
  Driver["name"] = "ravel";
  Driver["semanticVersion"] = R.Version.empty() ? "0.0.0" : R.Version;
  Driver["rules"] = std::move(RulesJ);

  ordered_json Results = ordered_json::array();
  for (const Finding &F : R.Findings)
    Results.push_back(result(F, R, Ctx));

  ordered_json Run;
  Run["tool"] = {{"driver", std::move(Driver)}};
  ordered_json Invocation = {
      {"executionSuccessful", true},
      {"arguments", R.Program},
      {"properties", {{"runs", R.Runs}, {"strategy", R.Settings.Strategy}}}};
  if (!R.Notes.empty()) {
    ordered_json Notes = ordered_json::array();
    for (const std::string &N : R.Notes)
      Notes.push_back({{"level", "note"}, {"message", {{"text", N}}}});
    Invocation["toolExecutionNotifications"] = std::move(Notes);
  }
  Run["invocations"] = ordered_json::array({std::move(Invocation)});
  Run["results"] = std::move(Results);

  ordered_json Doc;
  Doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  Doc["version"] = "2.1.0";
  Doc["runs"] = ordered_json::array({std::move(Run)});
  return Doc.dump(2) + "\n";
}

} // namespace ravel::report

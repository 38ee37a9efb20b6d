//===- tool/report/report_model.cpp - strict parsing of findings ----------===//
#include "report_model.h"

#include "ravel/contract/finding_id.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Demangle/Demangle.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <tuple>

using nlohmann::json;
using nlohmann::ordered_json;

namespace ravel::report {

const std::vector<std::string> &findingKinds() {
  static const std::vector<std::string> Kinds = [] {
    std::vector<std::string> K;
    for (const contract::FindingKindInfo &I : contract::FindingKinds)
      K.push_back(I.Name);
    return K;
  }();
  return Kinds;
}

std::string kindTag(const std::string &Kind) {
  contract::FindingKind K;
  if (!contract::parseFindingKind(Kind.c_str(), &K))
    return "";
  return contract::findingKindTag(K);
}

std::string makeFindingId(const std::string &Kind,
                          std::vector<std::string> Sites) {
  std::sort(Sites.begin(), Sites.end());
  contract::FindingIdHash H(Kind.c_str());
  for (const std::string &S : Sites)
    H.addSite(S.data(), S.size());
  char Id[contract::FindingIdMaxLen];
  contract::formatFindingId(Id, kindTag(Kind).c_str(), H.value());
  return Id;
}

namespace {

/// The text without spaces, subscripts' and call arguments' contents and
/// grouping parentheses: `a[i][j]` -> `a[][]`, `f(x).y` -> `f().y`,
/// `&(x)` -> `&x`.
std::string withoutSubscripts(const std::string &S) {
  std::string Out;
  std::vector<char> Open; // '[' subscript, 'c' call, 'g' grouping, 'd' dropped
  int Dropping = 0;
  for (char C : S) {
    if (std::isspace(static_cast<unsigned char>(C)))
      continue;
    if (C == '[' || C == '(') {
      bool Call = C == '(' && !Out.empty() &&
                  (std::isalnum(static_cast<unsigned char>(Out.back())) ||
                   Out.back() == '_' || Out.back() == ')' || Out.back() == ']');
      if (Dropping) {
        Open.push_back('d');
        ++Dropping;
      } else if (C == '[' || Call) {
        Out += C;
        Open.push_back(C == '[' ? '[' : 'c');
        ++Dropping;
      } else {
        Open.push_back('g');
      }
      continue;
    }
    if (C == ']' || C == ')') {
      if (Open.empty())
        continue;
      char Kind = Open.back();
      Open.pop_back();
      if (Kind != 'g' && --Dropping == 0)
        Out += Kind == '[' ? ']' : ')';
      continue;
    }
    if (!Dropping)
      Out += C;
  }
  return Out;
}

std::string variableKeyOf(const std::string &Text) {
  std::string S = withoutSubscripts(Text);
  // The last member or qualified name: the same field through any object.
  size_t Cut = 0;
  for (const char *Sep : {".", "->", "::"}) {
    size_t P = S.rfind(Sep);
    if (P != std::string::npos)
      Cut = std::max(Cut, P + std::string(Sep).size());
  }
  S = S.substr(Cut);
  if (!S.empty() && S.back() == ')')
    return ""; // a call (a modelled library function), not a variable
  // `*p` and `p` name different things; `&x` and `x` do not.
  while (!S.empty() && S[0] == '&')
    S.erase(0, 1);
  return S;
}

} // namespace

std::string raceVariableKey(const Finding &F) {
  std::string Best;
  for (const Thread &T : F.Threads) {
    // A modelled libc function's site names the function, not the memory.
    if (!T.At.empty() && T.At.front().File == "<libc>")
      continue;
    std::string K = variableKeyOf(T.Variable);
    if (!K.empty() && (Best.empty() || K < Best))
      Best = K;
  }
  return Best;
}

std::string raceGroupId(const std::string &VariableKey) {
  return makeFindingId("data-race", {"variable " + VariableKey});
}

static PairSite pairSiteOf(const Thread &T) {
  PairSite S;
  if (!T.At.empty()) {
    S.File = T.At.front().File;
    S.Line = T.At.front().Line;
    S.Column = T.At.front().Column;
  }
  S.Op = T.Op;
  S.Variable = T.Variable;
  return S;
}

RacePair racePairOf(const Finding &F) {
  RacePair P;
  P.Id = F.Id;
  if (!F.Threads.empty())
    P.A = pairSiteOf(F.Threads[0]);
  if (F.Threads.size() > 1)
    P.B = pairSiteOf(F.Threads[1]);
  // The pair is the same whichever thread came first in the run that
  // showed it (runs end out of order): its sites in a fixed order.
  if (std::tie(P.B.File, P.B.Line, P.B.Column, P.B.Op, P.B.Variable) <
      std::tie(P.A.File, P.A.Line, P.A.Column, P.A.Op, P.A.Variable))
    std::swap(P.A, P.B);
  P.Runs = F.Runs;
  P.FirstRun = F.FirstRun;
  P.Sched = F.Sched;
  return P;
}

const RacePair *findPair(const Finding &F, const std::string &PairId) {
  for (const RacePair &P : F.Pairs)
    if (P.Id == PairId)
      return &P;
  return nullptr;
}

namespace {

/// Reads the fields of one JSON object; the first problem wins and names the
/// full field path.
class FieldReader {
public:
  FieldReader(const json &Obj, std::string Path, std::string &Err)
      : Obj(Obj), Path(std::move(Path)), Err(Err) {
    if (!Obj.is_object())
      fail(this->Path.empty() ? "document" : this->Path, "expected an object");
  }

  std::string field(const char *Name) const {
    return Path.empty() ? Name : Path + "." + Name;
  }

  const json *get(const char *Name, bool Required) {
    if (!Err.empty() || !Obj.is_object())
      return nullptr;
    auto It = Obj.find(Name);
    if (It == Obj.end() || It->is_null()) {
      if (Required)
        fail(field(Name), "missing");
      return nullptr;
    }
    return &*It;
  }

  void str(const char *Name, std::string &Out, bool Required = true) {
    if (const json *V = get(Name, Required)) {
      if (!V->is_string())
        return fail(field(Name), "expected a string");
      Out = V->get<std::string>();
    }
  }
  void integer(const char *Name, int64_t &Out, bool Required = true) {
    if (const json *V = get(Name, Required)) {
      if (!V->is_number_integer())
        return fail(field(Name), "expected an integer");
      Out = V->get<int64_t>();
    }
  }
  void number(const char *Name, double &Out, bool Required = true) {
    if (const json *V = get(Name, Required)) {
      if (!V->is_number())
        return fail(field(Name), "expected a number");
      Out = V->get<double>();
    }
  }
  void boolean(const char *Name, bool &Out, bool Required = true) {
    if (const json *V = get(Name, Required)) {
      if (!V->is_boolean())
        return fail(field(Name), "expected true or false");
      Out = V->get<bool>();
    }
  }
  template <typename T, typename Fn>
  void array(const char *Name, std::vector<T> &Out, bool Required, Fn Each) {
    const json *V = get(Name, Required);
    if (!V)
      return;
    if (!V->is_array())
      return fail(field(Name), "expected an array");
    for (size_t I = 0; I < V->size() && Err.empty(); ++I) {
      T Item;
      Each((*V)[I], field(Name) + "[" + std::to_string(I) + "]", Item);
      Out.push_back(std::move(Item));
    }
  }

  void fail(const std::string &Field, const char *What) {
    if (Err.empty())
      Err = Field + ": " + What;
  }

private:
  const json &Obj;
  std::string Path;
  std::string &Err;
};

void parseFrame(const json &J, const std::string &Path, Frame &F,
                std::string &Err) {
  FieldReader R(J, Path, Err);
  R.str("function", F.Function, false);
  R.str("file", F.File);
  R.integer("line", F.Line);
  R.integer("column", F.Column, false);
  R.boolean("uninstrumented", F.Uninstrumented, false);
  if (F.Uninstrumented) {
    R.str("module", F.Module, false);
    R.str("offset", F.Offset, false);
    if (F.Module.empty())
      F.Module = F.File;
    // The runtime names it by its linker symbol (it links no demangler).
    F.Function = llvm::demangle(F.Function);
  }
}

void parseStack(FieldReader &R, const char *Name, Stack &Out, bool Required,
                std::string &Err) {
  R.array(Name, Out, Required,
          [&Err](const json &J, const std::string &P, Frame &F) {
            parseFrame(J, P, F, Err);
          });
}

void parseThread(const json &J, const std::string &Path, Thread &T,
                 std::string &Err) {
  FieldReader R(J, Path, Err);
  R.integer("tid", T.Tid);
  R.str("name", T.Name, false);
  if (T.Name.empty())
    T.Name = "T" + std::to_string(T.Tid);
  R.str("op", T.Op);
  R.integer("size", T.Size, false);
  R.boolean("atomic", T.Atomic, false);
  R.str("variable", T.Variable, false);
  R.str("address", T.Address, false);
  parseStack(R, "stack", T.At, true, Err);
  R.array("locks_held", T.LocksHeld, false,
          [&Err](const json &J, const std::string &P, HeldLock &L) {
            FieldReader LR(J, P, Err);
            LR.str("name", L.Name);
            parseStack(LR, "stack", L.Acquired, false, Err);
          });
  parseStack(R, "created_at", T.CreatedAt, false, Err);
  R.array("events", T.Events, false,
          [&Err](const json &J, const std::string &P, Event &E) {
            FieldReader ER(J, P, Err);
            ER.integer("step", E.Step);
            ER.str("op", E.Op);
            ER.str("what", E.What, false);
            ER.str("file", E.File, false);
            ER.integer("line", E.Line, false);
            ER.integer("column", E.Column, false);
          });
}

void parseSchedule(const json &J, const std::string &Path, Schedule &S,
                   std::string &Err) {
  FieldReader R(J, Path, Err);
  R.str("strategy", S.Strategy);
  R.integer("seed", S.Seed, false);
  R.integer("depth", S.Depth, false);
  R.str("replay_file", S.ReplayFile, false);
  R.boolean("exact", S.Exact, false);
  R.str("inexact_reason", S.InexactReason, false);
}

void parseFindingInto(const json &J, const std::string &Path, Finding &F,
                      std::string &Err) {
  FieldReader R(J, Path, Err);
  R.str("id", F.Id);
  R.str("kind", F.Kind);
  if (Err.empty() && kindTag(F.Kind).empty())
    R.fail(R.field("kind"), "unknown finding kind (expected data-race, "
                            "potential-deadlock, deadlock, mutex-misuse, "
                            "crash, failure or hang)");
  R.str("summary", F.Summary);
  R.array("threads", F.Threads, true,
          [&Err](const json &J, const std::string &P, Thread &T) {
            parseThread(J, P, T, Err);
          });
  R.array("cycle", F.Cycle, false,
          [&Err](const json &J, const std::string &P, CycleEdge &C) {
            FieldReader CR(J, P, Err);
            CR.integer("tid", C.Tid);
            CR.str("holds", C.Holds);
            parseStack(CR, "holds_at", C.HoldsAt, false, Err);
            CR.str("acquires", C.Acquires);
            parseStack(CR, "acquires_at", C.AcquiresAt, false, Err);
          });
  if (const json *S = R.get("schedule", false))
    parseSchedule(*S, R.field("schedule"), F.Sched, Err);
  R.str("details", F.Details, false);
  R.integer("runs", F.Runs, false);
  R.integer("first_run", F.FirstRun, false);
  R.integer("step_budget", F.StepBudget, false);
  R.array("spinning", F.Spinning, false,
          [&Err](const json &J, const std::string &P, Spin &S) {
            FieldReader SR(J, P, Err);
            SR.integer("tid", S.Tid);
            SR.str("op", S.Op);
            SR.str("what", S.What, false);
            SR.str("file", S.File, false);
            SR.integer("line", S.Line, false);
            SR.integer("column", S.Column, false);
            SR.integer("count", S.Count, false);
          });
  R.str("variable_key", F.VariableKey, false);
  auto Site = [&Err](const json &J, const std::string &P, PairSite &S) {
    FieldReader SR(J, P, Err);
    SR.str("file", S.File);
    SR.integer("line", S.Line);
    SR.integer("column", S.Column, false);
    SR.str("op", S.Op);
    SR.str("variable", S.Variable, false);
  };
  R.array("pairs", F.Pairs, false,
          [&Err, &Site](const json &J, const std::string &P, RacePair &Pair) {
            FieldReader PR(J, P, Err);
            PR.str("id", Pair.Id);
            std::vector<PairSite> Sites;
            PR.array("sites", Sites, true, Site);
            if (Err.empty() && Sites.size() != 2)
              PR.fail(PR.field("sites"), "expected two sites");
            if (Sites.size() == 2) {
              Pair.A = Sites[0];
              Pair.B = Sites[1];
            }
            PR.integer("runs", Pair.Runs, false);
            PR.integer("first_run", Pair.FirstRun, false);
            if (const json *S = PR.get("schedule", false))
              parseSchedule(*S, PR.field("schedule"), Pair.Sched, Err);
          });
}

} // namespace

llvm::Expected<Finding> parseFinding(const json &J, const std::string &Where) {
  Finding F;
  std::string Err;
  parseFindingInto(J, Where, F, Err);
  if (!Err.empty())
    return llvm::createStringError(Err);
  return F;
}

llvm::Expected<Report> parseReport(const json &J) {
  Report Rep;
  std::string Err;
  FieldReader R(J, "", Err);
  R.str("tool", Rep.Tool);
  if (Err.empty() && Rep.Tool != "ravel")
    R.fail("tool", "expected \"ravel\" (not a ravel report)");
  R.str("version", Rep.Version, false);
  R.array("program", Rep.Program, true,
          [&R](const json &A, const std::string &P, std::string &S) {
            if (!A.is_string())
              return R.fail(P, "expected a string");
            S = A.get<std::string>();
          });
  R.str("build", Rep.Build, false);
  R.integer("runs", Rep.Runs);
  if (const json *S = R.get("schedule", true)) {
    FieldReader SR(*S, "schedule", Err);
    SR.str("strategy", Rep.Settings.Strategy);
    SR.integer("seed", Rep.Settings.Seed, false);
    SR.integer("depth", Rep.Settings.Depth, false);
    SR.integer("jobs", Rep.Settings.Jobs, false);
    SR.number("timeout", Rep.Settings.Timeout, false);
  }
  R.array("findings", Rep.Findings, true,
          [&Err](const json &F, const std::string &P, Finding &Out) {
            parseFindingInto(F, P, Out, Err);
          });
  R.array("notes", Rep.Notes, false,
          [&R](const json &A, const std::string &P, std::string &S) {
            if (!A.is_string())
              return R.fail(P, "expected a string");
            S = A.get<std::string>();
          });
  R.array("suppressed", Rep.Suppressed, false,
          [&Err](const json &A, const std::string &P, SuppressedCount &S) {
            if (!A.is_object()) {
              Err += (Err.empty() ? "" : "; ") + P + ": expected an object";
              return;
            }
            FieldReader SR(A, P, Err);
            SR.str("rule", S.Rule);
            SR.str("kind", S.Kind);
            SR.integer("findings", S.Findings);
            SR.integer("runs", S.Runs);
          });
  if (!Err.empty())
    return llvm::createStringError(Err);
  return Rep;
}

static llvm::Expected<std::string> readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return llvm::createStringError(Path + ": cannot open (" +
                                   std::strerror(errno) + ")");
  std::ostringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

llvm::Expected<Report> readReport(const std::string &Path) {
  auto Text = readFile(Path);
  if (!Text)
    return Text.takeError();
  if (llvm::StringRef(*Text).starts_with("ravel-schedule"))
    return llvm::createStringError(
        Path +
        ": this is a schedule file, not a report; replay it with "
        "`ravel replay " +
        Path + "`");
  json J = json::parse(*Text, nullptr, /*allow_exceptions=*/false);
  if (J.is_discarded())
    return llvm::createStringError(
        Path + ": not valid JSON (truncated or not a ravel report?)");
  auto R = parseReport(J);
  if (!R)
    return llvm::createStringError(Path + ": " + llvm::toString(R.takeError()));
  return R;
}

llvm::Expected<std::vector<Finding>>
readFindingLines(const std::string &Path,
                 std::vector<SuppressedFinding> *Suppressed) {
  auto Text = readFile(Path);
  if (!Text)
    return Text.takeError();
  std::vector<Finding> Out;
  std::istringstream In(*Text);
  std::string Line;
  for (int LineNo = 1; std::getline(In, Line); ++LineNo) {
    if (Line.find_first_not_of(" \t\r") == std::string::npos)
      continue;
    std::string Where = Path + ":" + std::to_string(LineNo);
    json J = json::parse(Line, nullptr, /*allow_exceptions=*/false);
    if (J.is_discarded())
      return llvm::createStringError(Where + ": not valid JSON");
    if (J.is_object() && J.contains("suppressed")) {
      const json &S = J["suppressed"];
      if (!S.is_object() || !S.value("id", json()).is_string() ||
          !S.value("kind", json()).is_string() ||
          !S.value("rule", json()).is_string())
        return llvm::createStringError(
            Where + ": suppressed: expected an object with the strings id, "
                    "kind and rule");
      if (Suppressed)
        Suppressed->push_back({S["id"].get<std::string>(),
                               S["kind"].get<std::string>(),
                               S["rule"].get<std::string>()});
      continue;
    }
    auto F = parseFinding(J);
    if (!F)
      return llvm::createStringError(Where + ": " +
                                     llvm::toString(F.takeError()));
    Out.push_back(std::move(*F));
  }
  return Out;
}

static ordered_json stackJson(const Stack &S) {
  ordered_json A = ordered_json::array();
  for (const Frame &F : S) {
    ordered_json J = {{"function", F.Function},
                      {"file", F.File},
                      {"line", F.Line},
                      {"column", F.Column}};
    if (F.Uninstrumented) {
      J["uninstrumented"] = true;
      J["module"] = F.Module;
      J["offset"] = F.Offset;
    }
    A.push_back(std::move(J));
  }
  return A;
}

static ordered_json scheduleJson(const Schedule &Sc) {
  ordered_json S;
  S["strategy"] = Sc.Strategy;
  S["seed"] = Sc.Seed;
  S["depth"] = Sc.Depth;
  if (!Sc.ReplayFile.empty())
    S["replay_file"] = Sc.ReplayFile;
  S["exact"] = Sc.Exact;
  if (!Sc.Exact && !Sc.InexactReason.empty())
    S["inexact_reason"] = Sc.InexactReason;
  return S;
}

static ordered_json pairSiteJson(const PairSite &S) {
  return {{"file", S.File},
          {"line", S.Line},
          {"column", S.Column},
          {"op", S.Op},
          {"variable", S.Variable}};
}

ordered_json toJson(const Finding &F) {
  ordered_json J;
  J["id"] = F.Id;
  J["kind"] = F.Kind;
  J["summary"] = F.Summary;
  J["threads"] = ordered_json::array();
  for (const Thread &T : F.Threads) {
    ordered_json TJ;
    TJ["tid"] = T.Tid;
    TJ["name"] = T.Name;
    TJ["op"] = T.Op;
    TJ["size"] = T.Size;
    TJ["atomic"] = T.Atomic;
    TJ["variable"] = T.Variable;
    if (!T.Address.empty())
      TJ["address"] = T.Address;
    TJ["stack"] = stackJson(T.At);
    TJ["locks_held"] = ordered_json::array();
    for (const HeldLock &L : T.LocksHeld)
      TJ["locks_held"].push_back(
          {{"name", L.Name}, {"stack", stackJson(L.Acquired)}});
    TJ["created_at"] = stackJson(T.CreatedAt);
    TJ["events"] = ordered_json::array();
    for (const Event &E : T.Events)
      TJ["events"].push_back({{"step", E.Step},
                              {"op", E.Op},
                              {"what", E.What},
                              {"file", E.File},
                              {"line", E.Line},
                              {"column", E.Column}});
    J["threads"].push_back(std::move(TJ));
  }
  if (!F.Cycle.empty()) {
    J["cycle"] = ordered_json::array();
    for (const CycleEdge &C : F.Cycle)
      J["cycle"].push_back({{"tid", C.Tid},
                            {"holds", C.Holds},
                            {"holds_at", stackJson(C.HoldsAt)},
                            {"acquires", C.Acquires},
                            {"acquires_at", stackJson(C.AcquiresAt)}});
  }
  J["schedule"] = scheduleJson(F.Sched);
  if (!F.Details.empty())
    J["details"] = F.Details;
  J["runs"] = F.Runs;
  J["first_run"] = F.FirstRun;
  if (F.StepBudget) {
    J["step_budget"] = F.StepBudget;
    J["spinning"] = ordered_json::array();
    for (const Spin &S : F.Spinning)
      J["spinning"].push_back({{"tid", S.Tid},
                               {"op", S.Op},
                               {"what", S.What},
                               {"file", S.File},
                               {"line", S.Line},
                               {"column", S.Column},
                               {"count", S.Count}});
  }
  if (!F.Pairs.empty()) {
    J["variable_key"] = F.VariableKey;
    J["pairs"] = ordered_json::array();
    for (const RacePair &P : F.Pairs)
      J["pairs"].push_back({{"id", P.Id},
                            {"sites", ordered_json::array({pairSiteJson(P.A),
                                                           pairSiteJson(P.B)})},
                            {"runs", P.Runs},
                            {"first_run", P.FirstRun},
                            {"schedule", scheduleJson(P.Sched)}});
  }
  return J;
}

std::string stepBudgetAdvice(const Finding &F) {
  if (F.Kind != "hang" || F.StepBudget <= 0)
    return "";
  size_t Running = 0; // threads not blocked in a wait
  for (const Thread &T : F.Threads)
    Running += T.Op == "run";
  std::string Why =
      F.Spinning.empty()
          ? "no thread was seen spinning (re-reading memory nobody wrote, or "
            "yielding without progress), so either the threads livelock "
            "through locks or calls, or the program needs more steps"
      : F.Spinning.size() >= Running
          ? "every thread that could run was spinning without progress: a "
            "livelock, unless the program only needs more steps"
          : "the spinning threads wait for the others, which may just need "
            "more steps";
  return "The run used its whole budget of " + std::to_string(F.StepBudget) +
         " scheduling steps; " + Why +
         ". If it only needs more, run again "
         "with --max-steps " +
         std::to_string(F.StepBudget * 10) + ".";
}

ordered_json toJson(const Report &R) {
  ordered_json J;
  J["tool"] = R.Tool;
  J["version"] = R.Version;
  J["program"] = R.Program;
  if (!R.Build.empty())
    J["build"] = R.Build;
  J["runs"] = R.Runs;
  J["schedule"] = {{"strategy", R.Settings.Strategy},
                   {"seed", R.Settings.Seed},
                   {"depth", R.Settings.Depth},
                   {"jobs", R.Settings.Jobs},
                   {"timeout", R.Settings.Timeout}};
  // Whole seconds print as 30, not 30.0.
  if (R.Settings.Timeout ==
      static_cast<double>(static_cast<int64_t>(R.Settings.Timeout)))
    J["schedule"]["timeout"] = static_cast<int64_t>(R.Settings.Timeout);
  J["findings"] = ordered_json::array();
  for (const Finding &F : R.Findings)
    J["findings"].push_back(toJson(F));
  if (!R.Notes.empty())
    J["notes"] = R.Notes;
  if (!R.Suppressed.empty()) {
    J["suppressed"] = ordered_json::array();
    for (const SuppressedCount &S : R.Suppressed)
      J["suppressed"].push_back({{"rule", S.Rule},
                                 {"kind", S.Kind},
                                 {"findings", S.Findings},
                                 {"runs", S.Runs}});
  }
  return J;
}

} // namespace ravel::report

//===- tool/driver/classify.cpp - what one run showed ---------------------===//
#include "classify.h"

#include "files.h"
#include "schedule_document.h"

#include "ravel/contract/schedule_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <unistd.h>

namespace ravel::driver {

using report::Finding;

namespace {

std::string baseName(const std::string &P) {
  size_t Slash = P.rfind('/');
  return Slash == std::string::npos ? P : P.substr(Slash + 1);
}

Finding driverFinding(const RunFacts &F, const std::string &Kind,
                      std::vector<std::string> Sites,
                      const std::string &Summary) {
  std::string Prog = F.Program.empty() ? "?" : baseName(F.Program.front());
  Sites.push_back("program:" + Prog);
  Finding Out;
  Out.Kind = Kind;
  Out.Id = report::makeFindingId(Kind, Sites);
  Out.Summary = Summary;
  Out.Sched = F.Sched;
  Out.Sched.Exact = isControlled(F.Sched.Strategy);
  if (Out.Sched.Exact &&
      (F.RecordFile.empty() || access(F.RecordFile.c_str(), F_OK) != 0)) {
    // Killed before it could write its decisions (SIGKILL after the grace
    // period, or a program that ignores SIGTERM): nothing to replay from.
    Out.Sched.Exact = false;
    Out.Sched.InexactReason =
        "the run left no recorded schedule (killed before it could write it)";
  } else if (Out.Sched.Exact) {
    if (auto S = readScheduleFile(F.RecordFile)) {
      if (S->get(contract::schedule_file::KeyExact) == "0") {
        Out.Sched.Exact = false;
        auto Notes = S->all(contract::schedule_file::KeyNote);
        if (!Notes.empty())
          Out.Sched.InexactReason = Notes.front();
      }
    } else {
      llvm::consumeError(S.takeError());
    }
  }
  std::string Tail = lastLines(F.Stderr, 12);
  if (!Tail.empty())
    Out.Details = "last lines of stderr:\n" + Tail;
  return Out;
}

/// glibc's assert(): "prog: file.c:12: int main(): Assertion `x' failed."
struct Assertion {
  std::string File, Function, Expr;
  int64_t Line = 0;
};
/// glibc prints "PROGRAM: FILE:LINE: FUNCTION: Assertion `EXPR' failed.";
/// FILE may hold spaces (and FUNCTION colons, `ns::f()`), so the line is
/// taken from its start and the program's name is stripped from the front.
std::optional<Assertion> findAssertion(const std::string &Stderr,
                                       const std::string &ProgName) {
  static const std::regex Re(
      R"(^(.*):([0-9]+): (.*?): Assertion `(.*)' failed\.)");
  std::smatch M;
  std::istringstream In(Stderr);
  std::optional<Assertion> Last;
  for (std::string Line; std::getline(In, Line);)
    if (std::regex_search(Line, M, Re)) {
      std::string File = M[1];
      if (File.rfind(ProgName + ": ", 0) == 0)
        File = File.substr(ProgName.size() + 2);
      Last = Assertion{File, M[3], M[4], std::stoll(M[2])};
    }
  return Last;
}

/// libstdc++'s terminate handler: "terminate called after throwing an
/// instance of 'std::runtime_error'" and "  what():  message".
std::optional<std::string> findUncaught(const std::string &Stderr) {
  static const std::regex Re(
      R"(terminate called after throwing an instance of '([^']*)')");
  std::smatch M;
  if (!std::regex_search(Stderr, M, Re))
    return std::nullopt;
  std::string Type = M[1];
  static const std::regex What(R"(what\(\):\s+(.*))");
  std::string Rest = M.suffix();
  if (std::regex_search(Rest, M, What))
    return Type + ": " + std::string(M[1]);
  return Type;
}

/// The runtime's start-up errors are lines that begin with "ravel" or
/// "==<pid>==ravel" (docs/driver.md) on an exit with code 2.
std::string runtimeStartupError(const RunFacts &F) {
  if (F.Out.TimedOut || F.Out.Signaled ||
      F.Out.ExitCode != contract::StartupErrorExitCode)
    return "";
  std::istringstream In(F.Stderr);
  std::string Found;
  static const std::regex Re(R"(^(==[0-9]+==)?ravel\b.*)");
  for (std::string Line; std::getline(In, Line);)
    if (std::regex_match(Line, Re) ||
        Line.find("RAVEL_OPTIONS") != std::string::npos)
      Found += (Found.empty() ? "" : "\n") + Line;
  return Found;
}

} // namespace

llvm::Expected<RunVerdict> classifyRun(const RunFacts &F) {
  RunVerdict V;
  if (access(F.ReportFile.c_str(), F_OK) == 0) {
    auto Found = report::readFindingLines(F.ReportFile, &V.Suppressed);
    if (!Found)
      return llvm::createStringError(
          llvm::toString(Found.takeError()) +
          "\n  the program wrote findings ravel cannot read; is it built "
          "with the same version of ravel?");
    for (Finding &Fi : *Found) {
      bool Exact = Fi.Sched.Exact && isControlled(F.Sched.Strategy);
      std::string Why = Exact ? "" : Fi.Sched.InexactReason;
      Fi.Sched = F.Sched;
      Fi.Sched.Exact = Exact;
      Fi.Sched.InexactReason = Why;
      V.Findings.push_back(std::move(Fi));
    }
  }

  const Outcome &O = F.Out;
  std::string Prog = F.Program.empty() ? "?" : F.Program.front();
  if (O.TimedOut) {
    // The last finding (takeTimeoutHang relies on it).
    V.Findings.push_back(driverFinding(
        F, "hang", {"timeout"},
        fmt::format("{} did not finish within the time limit ({:g} s): "
                    "livelock, starvation or a thread blocked forever, or a "
                    "program that needs longer under ravel (then raise "
                    "--timeout)",
                    Prog, F.TimeoutSec)));
    return V;
  }
  if (O.Signaled) {
    std::string Sig = signalName(O.Signal);
    if (auto A = findAssertion(
            F.Stderr, F.Program.empty() ? "" : baseName(F.Program.front()))) {
      Finding C = driverFinding(
          F, "crash",
          // The file as assert() printed it may be an absolute build path:
          // only its name enters the id, so the id is the same everywhere.
          {"assert:" + baseName(A->File) + ":" + std::to_string(A->Line) + ":" +
           A->Expr},
          fmt::format("assertion `{}` failed at {}:{} in {} ({})", A->Expr,
                      A->File, A->Line, A->Function, Sig));
      report::Thread T;
      T.Name = "?";
      T.Op = "assert";
      T.Variable = A->Expr;
      T.At.push_back({A->Function, A->File, A->Line, 0, false, {}, {}});
      C.Threads.push_back(std::move(T));
      V.Findings.push_back(std::move(C));
    } else if (auto U = findUncaught(F.Stderr)) {
      V.Findings.push_back(
          driverFinding(F, "crash", {"uncaught:" + *U},
                        fmt::format("uncaught exception {} ({})", *U, Sig)));
    } else {
      V.Findings.push_back(driverFinding(
          F, "crash", {"signal:" + Sig},
          fmt::format("{} killed by {} ({})", Prog, Sig, strsignal(O.Signal))));
    }
    return V;
  }
  if (O.ExitCode == 0 ||
      (O.ExitCode == FindingExitCode && !V.Findings.empty())) {
    V.Succeeded = true;
    return V;
  }
  if (V.Findings.empty()) {
    V.RuntimeError = runtimeStartupError(F);
    if (!V.RuntimeError.empty())
      return V;
  }
  V.Failure = driverFinding(
      F, "failure", {"exit:" + std::to_string(O.ExitCode)},
      fmt::format("{} exited with status {} where other runs succeeded", Prog,
                  O.ExitCode));
  V.Failure->Details =
      fmt::format("exit status {}", O.ExitCode) +
      (V.Failure->Details.empty() ? "" : "; " + V.Failure->Details);
  return V;
}

std::optional<Finding> takeTimeoutHang(const RunFacts &F, RunVerdict &V) {
  if (!F.Out.TimedOut || V.Findings.empty() || V.Findings.back().Kind != "hang")
    return std::nullopt;
  Finding H = std::move(V.Findings.back());
  V.Findings.pop_back();
  return H;
}

bool confirmTimeout(const Launch &Again, const std::string &ReportFile,
                    const Finding &Hang, int64_t Run, std::string &Note) {
  auto Out = runOnce(Again);
  if (!Out) {
    llvm::consumeError(Out.takeError());
    return true;
  }
  if (Out->TimedOut)
    return true;
  // Finished: a hang only if the runtime stopped it at its step budget.
  if (access(ReportFile.c_str(), F_OK) == 0) {
    auto Found = report::readFindingLines(ReportFile);
    if (!Found) {
      llvm::consumeError(Found.takeError());
    } else {
      for (const Finding &F : *Found)
        if (F.Kind == "hang")
          return true;
    }
  }
  Note = fmt::format(
      "run {} ({} seed {}) passed the {:g} s time limit but the same run "
      "again finished: not reported as a hang (the machine was busy?)",
      Run, Hang.Sched.Strategy, Hang.Sched.Seed, Again.TimeoutSec);
  return false;
}

} // namespace ravel::driver

//===- tool/report/step_order.cpp - events of a finding in order ----------===//
#include "step_order.h"

#include <algorithm>
#include <tuple>

namespace ravel::report {

std::string siteText(const std::string &File, int64_t Line, int64_t Column) {
  std::string S = File.empty() ? "<unknown>" : File;
  if (Line > 0) {
    S += ":" + std::to_string(Line);
    if (Column > 0)
      S += ":" + std::to_string(Column);
  }
  return S;
}

std::string siteText(const Frame &F) {
  if (F.Uninstrumented) {
    // `(libevent-2.1.so.7+0x1f2a3) [not instrumented]`, and the source line
    // when a symbolizer found one.
    std::string Module = F.Module.empty() ? F.File : F.Module;
    std::string S = "(" + Module.substr(Module.rfind('/') + 1) +
                    (F.Offset.empty() ? "" : "+" + F.Offset) + ")";
    if (F.Line > 0 && F.File != Module) // symbolized (symbolize.h)
      S = siteText(F.File, F.Line, F.Column) + " " + S;
    return S + " [not instrumented]";
  }
  return siteText(F.File, F.Line, F.Column);
}

std::string opTitle(const std::string &Op) {
  if (Op.empty())
    return "Access";
  std::string S = Op;
  std::replace(S.begin(), S.end(), '-', ' ');
  S[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(S[0])));
  return S;
}

std::string threadTitle(const Thread &T) {
  if (T.Op == "assert")
    return "Assertion `" + T.Variable + "` failed";
  std::string S = opTitle(T.Op);
  if (!T.Variable.empty())
    S += " of " + T.Variable;
  return S + " by thread " + T.Name;
}

static bool sameSite(const Event &E, const Frame &F) {
  return E.File == F.File && E.Line == F.Line &&
         (E.Column == 0 || F.Column == 0 || E.Column == F.Column);
}

std::vector<InterleavedStep> interleave(const Finding &F) {
  std::vector<InterleavedStep> Steps;
  for (size_t TI = 0; TI < F.Threads.size(); ++TI) {
    const Thread &T = F.Threads[TI];
    // The thread's key sites: its reported access, and for a deadlock cycle
    // the acquisition it is blocked in.
    std::vector<Frame> Keys;
    if (!T.At.empty())
      Keys.push_back(T.At.front());
    for (const CycleEdge &C : F.Cycle)
      if (C.Tid == T.Tid && !C.AcquiresAt.empty())
        Keys.push_back(C.AcquiresAt.front());
    size_t First = Steps.size();
    for (const Event &E : T.Events)
      Steps.push_back({&E, TI, false});
    // Only the last matching event of the thread is the key step.
    for (size_t I = Steps.size(); I > First; --I) {
      const Event &E = *Steps[I - 1].E;
      if (std::any_of(Keys.begin(), Keys.end(),
                      [&E](const Frame &K) { return sameSite(E, K); })) {
        Steps[I - 1].Key = true;
        break;
      }
    }
  }
  // Events are stored per thread, so their addresses order ties within a
  // thread; threads keep their report order.
  std::sort(Steps.begin(), Steps.end(),
            [](const InterleavedStep &A, const InterleavedStep &B) {
              return std::make_tuple(A.E->Step, A.ThreadIndex, A.E) <
                     std::make_tuple(B.E->Step, B.ThreadIndex, B.E);
            });
  return Steps;
}

} // namespace ravel::report

//===- tool/driver/schedule_document.cpp - recorded schedules -------------===//
#include "schedule_document.h"

#include "files.h"

#include "ravel/contract/schedule_format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace ravel::driver {

namespace format = contract::schedule_file;
using format::Magic;
static constexpr int64_t MaxValue = format::NoPreemptionValue - 1;

std::string ScheduleFile::get(const std::string &Key) const {
  for (const auto &[K, V] : Header)
    if (K == Key)
      return V;
  return "";
}

void ScheduleFile::set(const std::string &Key, const std::string &Value) {
  for (auto &[K, V] : Header)
    if (K == Key) {
      V = Value;
      return;
    }
  Header.emplace_back(Key, Value);
}

std::vector<std::string> ScheduleFile::all(const std::string &Key) const {
  std::vector<std::string> Out;
  for (const auto &[K, V] : Header)
    if (K == Key)
      Out.push_back(V);
  return Out;
}

std::vector<std::string> ScheduleFile::program() const {
  auto J = nlohmann::json::parse(get(contract::schedule_file::KeyArgv), nullptr,
                                 false);
  std::vector<std::string> Out;
  if (!J.is_array())
    return Out;
  for (const auto &A : J) {
    if (!A.is_string())
      return {};
    Out.push_back(A.get<std::string>());
  }
  return Out;
}

size_t ScheduleFile::forcedDecisions() const {
  size_t N = 0;
  for (int64_t D : Decisions)
    N += D != NoPreemption;
  return N;
}

namespace {

bool parseNumber(const std::string &S, size_t &Pos, int64_t &Out) {
  size_t Start = Pos;
  Out = 0;
  while (Pos < S.size() && std::isdigit(static_cast<unsigned char>(S[Pos]))) {
    Out = Out * 10 + (S[Pos++] - '0');
    if (Out > MaxValue + 1)
      return false;
  }
  return Pos > Start;
}

/// The keys the runtime reads from the header must have values it accepts
/// (ravel/contract/schedule_format.h); others are kept as they are.
bool validHeaderValue(const std::string &Key, const std::string &Value) {
  const char *V = Value.data(), *End = V + Value.size();
  uint64_t N = 0;
  if (Key == format::KeySteps || Key == format::KeyMaxSteps)
    return format::parseHeaderNumber(V, End, N);
  if (Key == format::KeyPath)
    return format::parseHeaderHex(V, End, N);
  if (Key == format::KeyRacySite)
    return format::parseRacySite(V, End, N);
  if (Key == format::KeyPoints)
    return Value == format::PointsAll || Value == format::PointsShared;
  if (Key == format::KeySite) {
    const char *Sp = std::find(V, End, ' ');
    return Sp != End && format::parseHeaderNumber(V, Sp, N) && N > 0 &&
           N <= format::MaxSiteIndex;
  }
  return true;
}

} // namespace

llvm::Expected<ScheduleFile> parseScheduleFile(const std::string &Text,
                                               const std::string &Name) {
  std::istringstream In(Text);
  std::string Line;
  auto Error = [&Name](int LineNo, const std::string &What) {
    return llvm::createStringError(Name + ":" + std::to_string(LineNo) + ": " +
                                   What);
  };
  if (!std::getline(In, Line) || Line.rfind(Magic, 0) != 0)
    return llvm::createStringError(
        Name + ": not a ravel schedule file (the first line must be `" +
        std::string(Magic) + std::to_string(format::Version) + "`)");
  ScheduleFile S;
  if (Line.size() == format::MagicLen + 1 &&
      Line[format::MagicLen] >= '0' + format::OldestVersion &&
      Line[format::MagicLen] <= '0' + format::Version)
    S.Version = Line[format::MagicLen] - '0';
  else
    return llvm::createStringError(
        Name + ": unsupported schedule file version `" +
        Line.substr(format::MagicLen) +
        "` (this ravel reads versions 1 to 3); record it again");
  bool InDecisions = false, InFingerprints = false;
  int64_t Declared = 0, DeclaredFingerprints = 0;
  uint64_t LastStep = 0;
  int LineNo = 1;
  while (std::getline(In, Line)) {
    ++LineNo;
    if (!InDecisions) {
      if (Line.empty())
        continue;
      if (!format::isKeyValueLine(Line.data(), Line.data() + Line.size()))
        return Error(LineNo, "expected `key value` in the header");
      size_t Space = Line.find(' ');
      std::string Key = Line.substr(0, Space), Value = Line.substr(Space + 1);
      if (Key != format::KeyDecisions) {
        if (!validHeaderValue(Key, Value))
          return Error(LineNo, "bad `" + Key + "` value `" + Value + "`");
        S.Header.emplace_back(Key, Value);
        continue;
      }
      size_t Pos = 0;
      if (!parseNumber(Value, Pos, Declared) || Pos != Value.size())
        return Error(LineNo, "expected `decisions <count>`");
      int64_t Bound = static_cast<int64_t>(format::maxDecisions(Text.size()));
      if (Declared > Bound)
        return Error(LineNo, "declares " + std::to_string(Declared) +
                                 " decisions, more than a schedule file of " +
                                 std::to_string(Text.size()) +
                                 " bytes can hold (at most " +
                                 std::to_string(Bound) +
                                 "); the file is damaged: record it again");
      InDecisions = true;
      continue;
    }
    if (!InFingerprints &&
        static_cast<int64_t>(S.Decisions.size()) == Declared &&
        Line.rfind(std::string(format::KeyFingerprints) + " ", 0) == 0) {
      size_t Pos = 0;
      std::string Count =
          Line.substr(std::string(format::KeyFingerprints).size() + 1);
      if (S.Version < 2 || !parseNumber(Count, Pos, DeclaredFingerprints) ||
          Pos != Count.size() || DeclaredFingerprints != Declared)
        return Error(LineNo, "expected `fingerprints <count of decisions>` "
                             "(version 2 and 3 files only)");
      InFingerprints = true;
      continue;
    }
    if (InFingerprints) {
      // Tokens are separated by spaces, as the runtime reads them.
      std::istringstream Tokens(Line);
      for (std::string T; std::getline(Tokens, T, ' ');) {
        if (T.empty())
          continue;
        format::FingerprintFields F;
        if (!format::parseFingerprintToken(T.data(), T.data() + T.size(), F))
          return Error(LineNo, "malformed fingerprint `" + T + "`");
        if (static_cast<int64_t>(S.Fingerprints.size()) >= Declared)
          return Error(LineNo, "more fingerprints than decisions");
        S.Fingerprints.push_back(T);
      }
      continue;
    }
    if (S.Version >= 3) {
      std::istringstream Tokens(Line);
      for (std::string T; std::getline(Tokens, T, ' ');) {
        if (T.empty())
          continue;
        format::DecisionFields D;
        if (!format::parseDecisionToken(T.data(), T.data() + T.size(), D))
          return Error(LineNo, "expected a decision STEP KIND VALUE (e.g. "
                               "`17t2`), got `" + T + "`");
        if (static_cast<int64_t>(S.Decisions.size()) >= Declared)
          return Error(LineNo, "more decisions than the header declares (" +
                                   std::to_string(Declared) + ")");
        if (D.Step < LastStep)
          return Error(LineNo, "decision steps go backwards at `" + T + "`");
        LastStep = D.Step;
        size_t KindAt = T.find_first_not_of("0123456789");
        S.DecisionAt.push_back(T.substr(0, KindAt + 1));
        S.Decisions.push_back(D.Value == format::NoPreemptionValue
                                  ? NoPreemption
                                  : static_cast<int64_t>(D.Value));
      }
      continue;
    }
    for (size_t Pos = 0; Pos < Line.size();) {
      if (Line[Pos] == ' ') {
        ++Pos;
        continue;
      }
      int64_t Value = 0, Repeat = 1;
      if (Line[Pos] == format::NoPreemptionToken) {
        Value = NoPreemption;
        ++Pos;
      } else if (!parseNumber(Line, Pos, Value) || Value > MaxValue) {
        return Error(LineNo, "expected a decision (a number or `-`), got `" +
                                 Line.substr(Pos, 12) + "`");
      }
      if (Pos < Line.size() && Line[Pos] == format::RepeatToken) {
        ++Pos;
        if (!parseNumber(Line, Pos, Repeat) || Repeat == 0)
          return Error(LineNo, "expected a repeat count after `*`");
      }
      if (static_cast<int64_t>(S.Decisions.size()) + Repeat > Declared)
        return Error(LineNo, "more decisions than the header declares (" +
                                 std::to_string(Declared) + ")");
      S.Decisions.insert(S.Decisions.end(), static_cast<size_t>(Repeat), Value);
      if (Pos < Line.size() && Line[Pos] != ' ')
        return Error(LineNo, "expected a space between decisions");
    }
  }
  if (!InDecisions)
    return llvm::createStringError(
        Name + ": truncated schedule file (no `decisions` line)");
  if (static_cast<int64_t>(S.Decisions.size()) != Declared)
    return llvm::createStringError(Name + ": truncated schedule file (" +
                                   std::to_string(S.Decisions.size()) + " of " +
                                   std::to_string(Declared) + " decisions)");
  if (InFingerprints && static_cast<int64_t>(S.Fingerprints.size()) != Declared)
    return llvm::createStringError(Name + ": truncated schedule file (" +
                                   std::to_string(S.Fingerprints.size()) +
                                   " of " + std::to_string(Declared) +
                                   " fingerprints)");
  return S;
}

llvm::Expected<ScheduleFile> readScheduleFile(const std::string &Path) {
  auto Text = readWholeFile(Path);
  if (!Text)
    return Text.takeError();
  return parseScheduleFile(*Text, Path);
}

static std::string printFingerprints(const ScheduleFile &S, std::string &Out);

std::string printScheduleFile(const ScheduleFile &S) {
  std::string Out = std::string(Magic) + std::to_string(S.Version) + "\n";
  for (const auto &[K, V] : S.Header)
    Out += K + " " + V + "\n";
  Out += std::string(format::KeyDecisions) + " " +
         std::to_string(S.Decisions.size()) + "\n";
  if (S.Version >= 3 && S.DecisionAt.size() == S.Decisions.size()) {
    for (size_t I = 0; I < S.Decisions.size(); ++I) {
      if (I)
        Out += I % format::DecisionsPerLine ? ' ' : '\n';
      Out += S.DecisionAt[I];
      if (S.Decisions[I] == NoPreemption)
        Out += format::NoPreemptionToken;
      else
        Out += std::to_string(S.Decisions[I]);
    }
    Out += "\n";
    return printFingerprints(S, Out);
  }
  size_t Column = 0;
  for (size_t I = 0; I < S.Decisions.size();) {
    size_t Run = 1;
    while (I + Run < S.Decisions.size() &&
           S.Decisions[I + Run] == S.Decisions[I])
      ++Run;
    if (Column)
      Out += Column % format::DecisionsPerLine ? ' ' : '\n';
    if (S.Decisions[I] == NoPreemption)
      Out += format::NoPreemptionToken;
    else
      Out += std::to_string(S.Decisions[I]);
    if (Run > 1)
      Out += format::RepeatToken + std::to_string(Run);
    ++Column;
    I += Run;
  }
  Out += "\n";
  return printFingerprints(S, Out);
}

static std::string printFingerprints(const ScheduleFile &S, std::string &Out) {
  if (!S.Fingerprints.empty() && S.Fingerprints.size() == S.Decisions.size()) {
    Out += std::string(format::KeyFingerprints) + " " +
           std::to_string(S.Fingerprints.size());
    for (size_t I = 0; I < S.Fingerprints.size(); ++I)
      Out += (I % 16 ? " " : "\n") + S.Fingerprints[I];
    Out += "\n";
  }
  return Out;
}

} // namespace ravel::driver

//===- tool/driver/schedule_file.cpp - recorded schedules -----------------===//
#include "schedule_file.h"

#include "files.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace ravel::driver {

static const char *const Magic = "ravel-schedule 1";

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

std::vector<std::string> ScheduleFile::program() const {
  auto J = nlohmann::json::parse(get("program"), nullptr, false);
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

size_t ScheduleFile::preemptions() const {
  size_t N = 0;
  for (const Decision &D : Decisions)
    N += D.Preemption;
  return N;
}

llvm::Expected<ScheduleFile> parseScheduleFile(const std::string &Text,
                                               const std::string &Name) {
  std::istringstream In(Text);
  std::string Line;
  if (!std::getline(In, Line) || Line != Magic)
    return llvm::createStringError(
        Name + ": not a ravel schedule file (the first line must be `" + Magic +
        "`)");
  ScheduleFile S;
  bool InDecisions = false;
  for (int LineNo = 2; std::getline(In, Line); ++LineNo) {
    if (Line.empty() || Line[0] == '#')
      continue;
    if (!InDecisions) {
      if (Line == "decisions") {
        InDecisions = true;
        continue;
      }
      size_t Space = Line.find(' ');
      if (Space == std::string::npos || Space == 0)
        return llvm::createStringError(Name + ":" + std::to_string(LineNo) +
                                       ": expected `key value` in the header");
      S.set(Line.substr(0, Space), Line.substr(Space + 1));
      continue;
    }
    std::istringstream Fields(Line);
    long long Step, Tid;
    std::string Flag;
    if (!(Fields >> Step >> Tid >> Flag) || (Flag != "p" && Flag != "-"))
      return llvm::createStringError(
          Name + ":" + std::to_string(LineNo) +
          ": expected a decision `<step> <tid> <p|->`, got `" + Line + "`");
    S.Decisions.push_back({Line, Flag == "p"});
  }
  if (!InDecisions)
    return llvm::createStringError(
        Name + ": truncated schedule file (no `decisions` line)");
  return S;
}

llvm::Expected<ScheduleFile> readScheduleFile(const std::string &Path) {
  auto Text = readWholeFile(Path);
  if (!Text)
    return Text.takeError();
  return parseScheduleFile(*Text, Path);
}

std::string printScheduleFile(const ScheduleFile &S) {
  std::string Out = std::string(Magic) + "\n";
  for (const auto &[K, V] : S.Header)
    Out += K + " " + V + "\n";
  Out += "decisions\n";
  for (const Decision &D : S.Decisions)
    Out += D.Line + "\n";
  return Out;
}

} // namespace ravel::driver

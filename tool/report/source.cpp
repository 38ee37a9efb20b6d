//===- tool/report/source.cpp - source lines for excerpts -----------------===//
#include "source.h"

#include <fstream>

namespace ravel::report {

SourceFiles::SourceFiles(std::vector<std::string> R) : Roots(std::move(R)) {
  Roots.push_back(".");
}

const std::vector<std::string> *SourceFiles::lines(const std::string &File) {
  auto It = Cache.find(File);
  if (It == Cache.end()) {
    std::optional<std::vector<std::string>> Lines;
    std::vector<std::string> Candidates;
    if (!File.empty() && File[0] == '/')
      Candidates.push_back(File);
    else
      for (const std::string &Root : Roots)
        Candidates.push_back(Root + "/" + File);
    for (const std::string &C : Candidates) {
      std::ifstream In(C);
      if (!In)
        continue;
      Lines.emplace();
      for (std::string L; std::getline(In, L);) {
        if (!L.empty() && L.back() == '\r')
          L.pop_back();
        Lines->push_back(std::move(L));
      }
      break;
    }
    It = Cache.emplace(File, std::move(Lines)).first;
  }
  return It->second ? &*It->second : nullptr;
}

std::optional<std::string> SourceFiles::line(const std::string &File,
                                             int64_t N) {
  const std::vector<std::string> *L = lines(File);
  if (!L || N < 1 || N > static_cast<int64_t>(L->size()))
    return std::nullopt;
  return (*L)[N - 1];
}

} // namespace ravel::report

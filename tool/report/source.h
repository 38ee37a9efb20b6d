//===- tool/report/source.h - source lines for excerpts ---------*- C++ -*-===//
//
// Reports quote the user's source lines. Files are read once and cached;
// relative site paths (relative to the project root, docs/report-format.md)
// are looked up under each root in turn. Nothing here fails: a file that is
// not there simply has no lines.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_REPORT_SOURCE_H
#define RAVEL_TOOL_REPORT_SOURCE_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ravel::report {

class SourceFiles {
public:
  /// Roots tried in order for relative paths; "." is always tried last.
  explicit SourceFiles(std::vector<std::string> Roots = {});
  /// Line N (1-based) of File without its newline, if the file is readable.
  std::optional<std::string> line(const std::string &File, int64_t N);

private:
  const std::vector<std::string> *lines(const std::string &File);
  std::vector<std::string> Roots;
  std::map<std::string, std::optional<std::vector<std::string>>> Cache;
};

} // namespace ravel::report

#endif

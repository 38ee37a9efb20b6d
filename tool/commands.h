//===- tool/commands.h - entry points of the ravel subcommands -*- C++ -*-===//
//
// The ravel command is flags and wiring only: main.cpp picks a subcommand and
// hands it the remaining arguments. Each entry point returns the process exit
// code (docs/driver.md, "Exit codes": 0 clean, 1 findings, 2 usage or tool
// error; compiler wrappers return the compiler's code).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_COMMANDS_H
#define RAVEL_TOOL_COMMANDS_H

#include <string>
#include <vector>

namespace ravel::tool {

enum class Language { C, CXX };

/// `ravel cc|c++ ARGS...`, `ravel-cc`, `ravel-c++`: drop-in compiler.
int compilerMain(Language Lang, const std::vector<std::string> &Args);
/// `ravel instrument [-p BUILD_DIR] FILE... [-o DIR] [--stats]`.
int instrumentMain(const std::vector<std::string> &Args);
/// `ravel run [OPTIONS] -- PROGRAM ARGS...`.
int runMain(const std::vector<std::string> &Args);
/// `ravel replay REPORT.json [--finding ID]` or `ravel replay SCHEDULE_FILE`.
int replayMain(const std::vector<std::string> &Args);
/// `ravel report REPORT.json --format text|json|sarif|html|junit [-o FILE]`.
int reportMain(const std::vector<std::string> &Args);
/// `ravel shrink REPORT.json [--finding ID]`: shortest schedule of a finding.
int shrinkMain(const std::vector<std::string> &Args);

/// Directory holding the running ravel executable (for bin/../lib lookups).
std::string selfDirectory();

} // namespace ravel::tool

#endif

//===- CommandLine.h - classify a compiler driver command line --*- C++ -*-===//
//
// The wrappers must do what the real compiler would do with the same
// arguments, plus instrumentation. This classifies a clang/gcc-style command
// line: the inputs and their languages, what the command produces (link,
// object, assembly, preprocessed text, dependencies only, nothing), the
// output, and which flags belong to the preprocessor (they go to the `-E`
// step only) or are GCC-only (dropped with a note).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_COMPILE_COMMANDLINE_H
#define RAVEL_TOOL_COMPILE_COMMANDLINE_H

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace ravel::tool {

enum class SourceLanguage { C, CXX, Other };

enum class Mode {
  Link,       ///< no -c/-S/-E: compile and link
  Object,     ///< -c
  Assembly,   ///< -S
  Preprocess, ///< -E (or -M / -MM without -E: dependencies only)
  SyntaxOnly, ///< -fsyntax-only
  Query       ///< --version, -v alone, -print-*, -dumpversion, ...
};

struct Input {
  std::string Path;
  SourceLanguage Language;
  size_t ArgIndex; ///< position in Args
};

struct CommandLine {
  /// The arguments after @response-file expansion.
  std::vector<std::string> Args;
  Mode What = Mode::Link;
  std::vector<Input> Inputs; ///< every non-option argument (sources, objects)
  std::string Output;        ///< -o, empty when absent
  size_t OutputIndex = 0;    ///< index of the -o flag (its value follows)

  /// Flags for the preprocessing step (-E): everything but -o, -c, -S, the
  /// inputs, linker flags and GCC-only flags.
  std::vector<std::string> PreprocessFlags;
  /// Flags for checking the original source (-fsyntax-only), whose
  /// diagnostics are the user's: the preprocessing flags without the
  /// dependency-file ones.
  std::vector<std::string> CheckFlags;
  /// Flags for compiling the preprocessed text: everything but -o, -c, -S,
  /// the inputs, linker flags, preprocessor and dependency flags, -x.
  std::vector<std::string> CompileFlags;
  /// Language/target flags for parsing the preprocessed text with Clang.
  std::vector<std::string> LanguageFlags;
  /// Warning flags (-W..., -w, -pedantic...), in order: the parse must turn
  /// into errors exactly the diagnostics the real compile does (a
  /// -Wno-error=X keeps an error-by-default warning from failing it).
  std::vector<std::string> DiagnosticFlags;
  /// GCC-only flags that were dropped.
  std::vector<std::string> Dropped;

  bool HasDepFile = false;   ///< -MD / -MMD
  bool HasDepTarget = false; ///< -MT / -MQ
  bool HasDepOutput = false; ///< -MF

  /// Sources this command compiles that ravel instruments (C and C++).
  std::vector<const Input *> instrumentable() const;
};

/// Language of a file by extension (.c → C; .cc .cpp .cxx .C .c++ → C++).
SourceLanguage languageOf(const std::string &Path);

/// Classifies \p Args (without the program name). \p DefaultCXX: whether the
/// wrapper is the C++ one (it decides nothing for sources, clang does that by
/// extension, but ravel-c++ links the C++ runtime like clang++ does).
llvm::Expected<CommandLine> parseCommandLine(std::vector<std::string> Args);

} // namespace ravel::tool

#endif

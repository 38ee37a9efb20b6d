//===- Pipeline.h - preprocess, instrument, compile one source --*- C++ -*-===//
//
// The per-source pipeline of the wrappers and of `ravel instrument`
// (docs/instrumenter.md): a check of the original source with the real
// flags (`clang -fsyntax-only`: the user's diagnostics, exactly as clang
// gives them), `clang -E` with the real flags (line markers kept,
// dependency files written here), the rewrite of the preprocessed buffer,
// and the compile of the result as preprocessed input with the real flags
// minus the preprocessor ones and the frontend's warnings.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_COMPILE_PIPELINE_H
#define RAVEL_TOOL_COMPILE_PIPELINE_H

#include "CommandLine.h"

#include "ravel/instrument/Instrumenter.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace ravel::tool {

/// Runs \p Argv (Argv[0] is looked up on PATH unless it has a slash) and
/// returns its exit code; -1 when it could not be started. Prints the command
/// first when RAVEL_VERBOSE is set.
int runProgram(const std::vector<std::string> &Argv);

/// A private temporary directory, removed on destruction unless
/// RAVEL_KEEP_TEMPS=1 (then its path is printed).
class TempDir {
public:
  static llvm::Expected<TempDir> create();
  TempDir(TempDir &&Other) noexcept : Path(std::move(Other.Path)) {
    Other.Path.clear();
  }
  ~TempDir();
  const std::string &path() const { return Path; }

private:
  explicit TempDir(std::string P) : Path(std::move(P)) {}
  std::string Path;
};

struct SourceJob {
  std::string Compiler;       ///< real clang / clang++
  const CommandLine *Command; ///< the parsed command line
  const Input *Source;
  std::string TempDir;
  instrument::Options Options;
  unsigned Index = 0; ///< distinguishes sources with one name in a command
  /// The user's diagnostics were given by a check of the original source:
  /// the preprocessing is quiet.
  bool Checked = false;
};

/// Preprocesses and rewrites one source; the dependency file (if asked for
/// with -MD/-MMD) names \p DepTarget. Returns the rewritten text.
llvm::Expected<instrument::Result>
instrumentSource(const SourceJob &Job, const std::string &DepTarget);

/// Instruments and compiles one source into \p ObjectPath (-c, or -S when
/// \p Assembly). Returns the compiler's exit code, or an error.
llvm::Expected<int> compileSource(const SourceJob &Job,
                                  const std::string &ObjectPath, bool Assembly);

/// Options from RAVEL_ROOT and RAVEL_INSTRUMENT_DIRS (colon-separated).
instrument::Options optionsFromEnvironment();

} // namespace ravel::tool

#endif

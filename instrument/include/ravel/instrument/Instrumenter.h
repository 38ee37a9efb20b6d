//===- ravel/instrument/Instrumenter.h - rewrite a preprocessed TU -*- C++ -*-//
//
// The instrumenter's public interface. Input: one translation unit already
// preprocessed by the real compiler (line markers kept), and the language
// flags of the real compile. Output: the same translation unit with calls into
// libravel_rt (runtime/include/ravel/ravel.h) around shared accesses, atomics,
// sync calls, function scopes and modelled library calls, preceded by the
// prelude, the site records and the TU registration. docs/instrumenter.md
// describes every rewrite and every reason an edit is skipped.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_INSTRUMENTER_H
#define RAVEL_INSTRUMENT_INSTRUMENTER_H

#include "ravel/instrument/Stats.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace ravel::instrument {

struct Options {
  /// Project root: code whose presumed file is under it gets every rewrite,
  /// and sites name files relative to it. Empty: the working directory.
  std::string Root;
  /// Further directories whose code gets every rewrite (third-party headers
  /// the user wants checked, e.g. /usr/include/thread_pool).
  std::vector<std::string> InstrumentDirs;
};

struct Result {
  std::string Source; ///< The rewritten TU, ready for -x (c++-)cpp-output.
  Stats Statistics;
  unsigned NumSites = 0;
};

/// The macro to define when preprocessing (`-D` it): ravel.h's include
/// guard, so a source that includes ravel.h itself gets its declarations
/// once, from the prelude.
constexpr const char *AbiGuardMacro = "RAVEL_RAVEL_H";

/// Rewrites \p Preprocessed, the output of `clang -E` for \p MainFile
/// (preprocessed with AbiGuardMacro defined).
/// \p LanguageArgs are the real compile's language and target flags (-std=,
/// -f..., -m..., --target) and its warning flags (-W..., -w, -pedantic...);
/// preprocessor flags are not needed. Warnings are not shown (`-w` is added:
/// they are the real compile's business), but the user's flags still decide
/// which diagnostics are errors, so the parse fails exactly where the real
/// compile would (`-Wno-error=implicit-function-declaration` lets both
/// through). Fails with Clang's diagnostics when the buffer does not parse.
llvm::Expected<Result>
instrumentPreprocessed(llvm::StringRef Preprocessed, llvm::StringRef MainFile,
                       bool IsCXX, const std::vector<std::string> &LanguageArgs,
                       const Options &Opts);

} // namespace ravel::instrument

#endif

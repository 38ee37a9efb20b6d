//===- runtime/suppressions.h - suppressions file ---------------*- C++ -*-===//
//
// A suppressions file (suppressions=PATH) has one rule per line, in
// ThreadSanitizer's format: `race:PATTERN`, `race_top:PATTERN` (the top
// frame of each stack only), `deadlock:PATTERN` (potential-deadlock and
// deadlock findings), `mutex:PATTERN` (mutex-misuse), `called_from_lib:LIB`
// (races and misuse with a frame of the uninstrumented module LIB);
// `thread:` and `signal:` rules are read and match nothing (ravel has no
// such findings); `#` starts a comment. PATTERN matches a substring of a
// function name, a file name (a module's, for an uninstrumented frame) or
// a variable's source text of any frame of the finding, or the program's
// whole file name; `*` matches any run of characters, a leading `^` /
// trailing `$` anchor the match.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SUPPRESSIONS_H
#define RAVEL_RUNTIME_SUPPRESSIONS_H

#include "finding.h"

namespace ravel::rt {

/// Reads and checks the file; false with a message naming file and line.
bool loadSuppressions(const char *Path, TextBuffer *Err);
/// The pattern suppressing F, or null.
const char *suppressedBy(const Finding &F);
/// Exposed for tests: does Pattern match Text (rules above)?
bool suppressionPatternMatches(const char *Pattern, const char *Text);
/// Exposed for tests: does Pattern name the whole program file name Name?
bool suppressionNamesProgram(const char *Pattern, const char *Name);

} // namespace ravel::rt

#endif

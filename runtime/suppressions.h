//===- runtime/suppressions.h - suppressions file ---------------*- C++ -*-===//
//
// A suppressions file (suppressions=PATH) has one rule per line, like
// ThreadSanitizer's: `race:PATTERN`, `deadlock:PATTERN` (potential-deadlock
// and deadlock findings), `mutex:PATTERN` (mutex-misuse); `#` starts a
// comment. PATTERN matches a substring of a function name, a file name or a
// variable's source text of any frame of the finding; `*` matches any run
// of characters, a leading `^` / trailing `$` anchor the match.
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

} // namespace ravel::rt

#endif

//===- EditList.h - edits of one buffer, applied in one place ---*- C++ -*-===//
//
// Every rewrite adds its edits here; nothing touches the text elsewhere.
// Insertions wrap expressions, so nested rewrites compose: at one offset,
// suffixes come first (inner before outer: the inner expression closes
// first), then a replacement starting there, then prefixes (outer before
// inner). Replacements cover glue tokens only (e.g. `.fetch_add(`), never an
// operand, so they never overlap an insertion of another rewrite; the rewrite
// driver drops any group that would (SkippedConflict).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_EDITLIST_H
#define RAVEL_INSTRUMENT_EDITLIST_H

#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace ravel::instrument {

struct Edit {
  enum class Kind { Suffix, Replace, Prefix };
  Kind What;
  unsigned Offset;
  unsigned Length;   ///< replaced characters (Replace only)
  unsigned Extent;   ///< length of the wrapped expression, for nesting order
  unsigned Sequence; ///< order of creation, the tie breaker
  std::string Text;
};

/// One rewrite's edits: applied all together or not at all.
struct EditGroup {
  std::vector<Edit> Edits;

  void prefix(unsigned Begin, unsigned End, std::string Text);
  void suffix(unsigned Begin, unsigned End, std::string Text);
  void replace(unsigned Begin, unsigned End, std::string Text);
};

class EditList {
public:
  /// Adds \p Group unless it conflicts with a group already added (an
  /// insertion strictly inside a replaced range, or overlapping replacements).
  /// Returns false on conflict.
  bool add(const EditGroup &Group);

  /// The edits as non-overlapping Replacements of \p FileName.
  clang::tooling::Replacements toReplacements(llvm::StringRef FileName) const;

  /// Applies all edits to \p Code.
  llvm::Expected<std::string> apply(llvm::StringRef FileName,
                                    llvm::StringRef Code) const;

private:
  std::vector<Edit> Edits;
  unsigned NextSequence = 0;
};

} // namespace ravel::instrument

#endif

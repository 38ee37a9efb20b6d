//===- RewriteContext.h - state shared by the rewrites of one TU -*- C++ -*-=//
//
// Each rewrite (SharedAccessRewrite, AtomicRewrite, LockSiteRewrite,
// FunctionScopeRewrite, LibraryCallRewrite) proposes *candidates*: an outcome
// for one source range, with the edits and sites that outcome needs. The
// context resolves them once the whole TU has been visited:
//  - Template code is visited in every instantiation (the pattern cannot tell
//    a read from a non-read). Instantiations share the pattern's source
//    locations, so a candidate is applied only when every instantiation of
//    its enclosing function proposed the same edit; otherwise it is skipped
//    (SkippedTemplateMismatch). The rewritten pattern then works for every
//    instantiation of this TU.
//  - Each source range counts once in the statistics.
//  - Edits go to one EditList; a group that would conflict is dropped whole.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_REWRITECONTEXT_H
#define RAVEL_INSTRUMENT_REWRITECONTEXT_H

#include "EditList.h"
#include "Scope.h"
#include "ravel/instrument/Stats.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace ravel::instrument {

/// ravel.h's enum __ravel_site_kind.
enum class SiteKind : unsigned {
  Read = 1,
  Write = 2,
  Update = 3,
  Atomic = 4,
  Sync = 5,
  Thread = 6,
  Func = 7,
  Call = 8
};

/// Content of one __ravel_site record.
struct SiteSpec {
  std::string File, Function, Text;
  unsigned Line = 0, Column = 0;
  SiteKind Kind = SiteKind::Read;

  /// Symbol of the record: a hash of the content, so code from a header gets
  /// the same site symbol in every TU.
  std::string symbol() const;
};

/// Which rewrite a candidate comes from; part of its identity.
enum class RewriteKind {
  Access,
  Atomic,
  LockSite,
  FunctionScope,
  Library,
  Vptr
};

/// Half-open character range of a construct in the main buffer.
struct Range {
  unsigned Begin, End;
};

struct Candidate {
  Candidate() = default;
  Candidate(RewriteKind K, Range R) : Kind(K), Begin(R.Begin), End(R.End) {}
  RewriteKind Kind;
  unsigned Begin = 0, End = 0; ///< source range in the buffer
  Outcome What;
  EditGroup Edits;
  std::vector<SiteSpec> Sites;
};

class RewriteContext {
public:
  RewriteContext(clang::ASTContext &Ctx, Scope &Files);

  clang::ASTContext &ast() { return Ctx; }
  clang::SourceManager &sources() { return SM; }
  bool isCXX() const { return Ctx.getLangOpts().CPlusPlus; }

  /// Character range of \p R's tokens, if they are plain text of the main
  /// buffer (never for implicit or compiler-generated nodes).
  std::optional<Range> rangeOf(clang::SourceRange R) const;
  /// Also none for references the compiler synthesised at a declaration
  /// (the condition variable of `if (T x = ...)` is read or converted at
  /// its own name).
  std::optional<Range> rangeOf(const clang::Stmt *S) const;
  /// Text of a range, whitespace runs collapsed (for site texts).
  std::string textOf(Range R, bool Collapse = true) const;
  llvm::StringRef rawText(Range R) const;

  ScopeClass scopeOf(clang::SourceLocation Loc);

  /// A site at \p Loc, inside the current function.
  SiteSpec site(clang::SourceLocation Loc, SiteKind Kind, std::string Text);

  // -- Where the visitor is ---------------------------------------------------
  /// Entering the body of a function instance. \p Pattern identifies the
  /// source of all its instantiations (itself when not a template).
  /// \p Counted is false for the visit of a template pattern itself, which
  /// is not an instantiation.
  void enterFunction(const void *Pattern, std::string Name,
                     bool Counted = true);
  void exitFunction();
  bool inFunction() const { return !Functions.empty(); }
  const std::string &functionName() const;

  // -- Proposals
  // ----------------------------------------------------------------
  void propose(Candidate C);
  /// Whether \p E's value is discarded (an expression statement).
  bool isDiscarded(const clang::Expr *E);
  /// Counts an outcome that needs no edit and has no range (rare).
  void count(Outcome O) { Statistics.add(O); }

  /// Resolves all candidates into the edit list and statistics; returns the
  /// sites used by the applied edits.
  std::vector<SiteSpec> resolve(EditList &Edits);

  const Stats &stats() const { return Statistics; }

private:
  struct Frame {
    const void *Pattern;
    unsigned Instance;
    std::string Name;
  };
  using Key = std::tuple<unsigned, unsigned, int>; // begin, end, kind
  struct Proposal {
    Candidate C;
    const void *Pattern;
    unsigned Instance;
  };

  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  Scope &Files;
  Stats Statistics;
  std::vector<Frame> Functions;
  unsigned NextInstance = 0;
  llvm::DenseMap<const void *, llvm::DenseSet<unsigned>> Instances;
  std::map<Key, std::vector<Proposal>> Proposals;
  std::string NoFunction;
};

} // namespace ravel::instrument

#endif

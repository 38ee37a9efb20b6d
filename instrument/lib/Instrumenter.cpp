//===- Instrumenter.cpp - parse a preprocessed TU and rewrite it ----------===//
//
// One RecursiveASTVisitor walks the TU, template instantiations included, and
// hands each construct to the rewrite it concerns; it also keeps the context
// that decides whether an edit is allowed at all (inside a function body,
// evaluated, not constant-evaluated, not in asm). RewriteContext resolves the
// proposals; EditList applies them; the output is assembled here.
//
//===----------------------------------------------------------------------===//
#include "ravel/instrument/Instrumenter.h"

#include "AtomicQualifiedRewrite.h"
#include "AtomicRewrite.h"
#include "EditList.h"
#include "EscapeAnalysis.h"
#include "FunctionScopeRewrite.h"
#include "LibcCallRewrite.h"
#include "LibraryCallRewrite.h"
#include "LockSiteRewrite.h"
#include "Prelude.h"
#include "RewriteContext.h"
#include "Scope.h"
#include "SharedAccessRewrite.h"
#include "VptrRewrite.h"
#include "WaitableRewrite.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"

namespace ravel::instrument {

using namespace clang;

namespace {

class InstrumentVisitor : public RecursiveASTVisitor<InstrumentVisitor> {
  using Base = RecursiveASTVisitor<InstrumentVisitor>;

public:
  InstrumentVisitor(RewriteContext &RC, const EscapeAnalysis &Escapes)
      : RC(RC), Accesses(RC, Escapes), AtomicObjects(RC, Accesses), Atomics(RC),
        LockSites(RC), Waitables(RC), LibcCalls(RC), Scopes(RC),
        Library(RC, Escapes), Vptrs(RC) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  // -- Functions
  // ---------------------------------------------------------------
  bool TraverseDecl(Decl *D) {
    auto *F = dyn_cast_or_null<FunctionDecl>(D);
    if (!F || !F->doesThisDeclarationHaveABody() || F->isImplicit())
      return Base::TraverseDecl(D);
    // `= default`: the body clang synthesises has no text of its own (its
    // nodes sit on the declaration); nothing the user wrote is inside.
    if (F->isExplicitlyDefaulted())
      return true;
    if (const auto *M = dyn_cast<CXXMethodDecl>(F);
        M && M->getParent()->isLambda())
      return true; // traversed with its LambdaExpr
    return function(F, [&] { return Base::TraverseDecl(D); });
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    return function(L->getCallOperator(),
                    [&] { return Base::TraverseLambdaExpr(L); });
  }

  bool TraverseLambdaCapture(LambdaExpr *L, const LambdaCapture *C,
                             Expr *Init) {
    // The copy made by a plain capture has no text of its own (its location
    // is the capture's name): only init-captures are rewritten.
    if (!L->isInitCapture(C))
      return true;
    return Base::TraverseLambdaCapture(L, C, Init);
  }

  // -- Contexts where no edit is allowed
  // ----------------------------------------
  bool TraverseFieldDecl(FieldDecl *D) {
    return skipping(Outcome::SkippedFileScope,
                    [&] { return Base::TraverseFieldDecl(D); });
  }
  bool TraverseParmVarDecl(ParmVarDecl *D) {
    // Default arguments are evaluated in the caller, outside this body.
    return skipping(Outcome::SkippedFileScope,
                    [&] { return Base::TraverseParmVarDecl(D); });
  }
  bool TraverseConstantExpr(ConstantExpr *E) {
    return skipping(Outcome::SkippedConstexpr,
                    [&] { return Base::TraverseConstantExpr(E); });
  }
  bool TraverseStaticAssertDecl(StaticAssertDecl *D) {
    return skipping(Outcome::SkippedConstexpr,
                    [&] { return Base::TraverseStaticAssertDecl(D); });
  }
  bool TraverseTemplateArgumentLoc(const TemplateArgumentLoc &A) {
    return skipping(Outcome::SkippedConstexpr,
                    [&] { return Base::TraverseTemplateArgumentLoc(A); });
  }
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *E) {
    return skipping(Outcome::SkippedUnevaluated,
                    [&] { return Base::TraverseUnaryExprOrTypeTraitExpr(E); });
  }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc TL) {
    return skipping(Outcome::SkippedUnevaluated,
                    [&] { return Base::TraverseDecltypeTypeLoc(TL); });
  }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc TL) {
    return skipping(Outcome::SkippedUnevaluated,
                    [&] { return Base::TraverseTypeOfExprTypeLoc(TL); });
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *E) {
    return skipping(Outcome::SkippedUnevaluated,
                    [&] { return Base::TraverseCXXNoexceptExpr(E); });
  }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    if (E->isPotentiallyEvaluated())
      return Base::TraverseCXXTypeidExpr(E);
    return skipping(Outcome::SkippedUnevaluated,
                    [&] { return Base::TraverseCXXTypeidExpr(E); });
  }
  bool TraverseGenericSelectionExpr(GenericSelectionExpr *E) {
    return skipping(Outcome::SkippedUnevaluated,
                    [&] { return Base::TraverseGenericSelectionExpr(E); });
  }
  bool TraverseRequiresExpr(RequiresExpr *E) {
    return skipping(Outcome::SkippedUnevaluated,
                    [&] { return Base::TraverseRequiresExpr(E); });
  }
  bool TraverseConceptSpecializationExpr(ConceptSpecializationExpr *E) {
    return skipping(Outcome::SkippedUnevaluated,
                    [&] { return Base::TraverseConceptSpecializationExpr(E); });
  }
  bool TraverseGCCAsmStmt(GCCAsmStmt *S) {
    return skipping(Outcome::SkippedAsm,
                    [&] { return Base::TraverseGCCAsmStmt(S); });
  }
  bool TraverseMSAsmStmt(MSAsmStmt *S) {
    return skipping(Outcome::SkippedAsm,
                    [&] { return Base::TraverseMSAsmStmt(S); });
  }
  bool TraverseIfStmt(IfStmt *S) {
    if (!S->isConstexpr())
      return Base::TraverseIfStmt(S);
    // `if constexpr` conditions are constant-evaluated; the branches are not.
    if (S->getInit() && !TraverseStmt(S->getInit()))
      return false;
    if (!skipping(Outcome::SkippedConstexpr,
                  [&] { return TraverseStmt(S->getCond()); }))
      return false;
    return TraverseStmt(S->getThen()) && TraverseStmt(S->getElse());
  }
  bool TraverseReturnStmt(ReturnStmt *S) {
    // With a decltype(auto) return type, wrapping `return x;` would change
    // the deduced type from T to T&.
    if (DecltypeAutoReturn.empty() || !DecltypeAutoReturn.back())
      return Base::TraverseReturnStmt(S);
    return skipping(Outcome::SkippedDecltypeAuto,
                    [&] { return Base::TraverseReturnStmt(S); });
  }
  bool TraverseVarDecl(VarDecl *D) {
    if (const auto *A = D->getType()->getContainedAutoType();
        A && A->isDecltypeAuto())
      return skipping(Outcome::SkippedDecltypeAuto,
                      [&] { return Base::TraverseVarDecl(D); });
    return Base::TraverseVarDecl(D);
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    // The implicit __range/__begin/__end code has no text of its own: visit
    // what the user wrote (the loop variable, the range, the body).
    if (S->getInit() && !TraverseStmt(S->getInit()))
      return false;
    if (!TraverseStmt(S->getRangeInit()))
      return false;
    return TraverseStmt(S->getBody());
  }

  // Clang's -Wthread-safety analysis matches the capability expressions of
  // a lock, unlock or REQUIRES call (`state->mu->Lock()`, `lock(&g->mu)`)
  // against its attributes and GUARDED_BY fields by their text; a wrapped
  // operand is another expression ("cannot resolve lock expression", "still
  // held at the end of function"). The call itself is still visited.
  bool TraverseCallExpr(CallExpr *E) {
    if (!hasThreadSafetyAttr(E->getCalleeDecl()))
      return Base::TraverseCallExpr(E);
    return WalkUpFromCallExpr(E) && operandsAsWritten(E);
  }
  bool TraverseCXXMemberCallExpr(CXXMemberCallExpr *E) {
    if (!hasThreadSafetyAttr(E->getCalleeDecl()))
      return Base::TraverseCXXMemberCallExpr(E);
    return WalkUpFromCXXMemberCallExpr(E) && operandsAsWritten(E);
  }
  bool TraverseCXXOperatorCallExpr(CXXOperatorCallExpr *E) {
    if (!hasThreadSafetyAttr(E->getCalleeDecl()))
      return Base::TraverseCXXOperatorCallExpr(E);
    return WalkUpFromCXXOperatorCallExpr(E) && operandsAsWritten(E);
  }
  bool TraverseCXXConstructExpr(CXXConstructExpr *E) {
    if (!hasThreadSafetyAttr(E->getConstructor()))
      return Base::TraverseCXXConstructExpr(E);
    return WalkUpFromCXXConstructExpr(E) && operandsAsWritten(E);
  }

  // -- Constructs
  // ----------------------------------------------------------------
  // Loads, stores and updates of C11 _Atomic objects are atomic operations
  // (AtomicQualifiedRewrite); of everything else, plain accesses.
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) {
    if (E->getCastKind() == CK_LValueToRValue &&
        !AtomicObjects.handle(E, context()))
      Accesses.access(E->getSubExpr(), SiteKind::Read, accessContext());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *E) {
    if (AtomicObjects.handle(E, context()))
      return true;
    if (E->getOpcode() == BO_Assign)
      Accesses.access(E->getLHS(), SiteKind::Write, accessContext());
    else if (E->isCompoundAssignmentOp())
      Accesses.access(E->getLHS(), SiteKind::Update, accessContext());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *E) {
    if (AtomicObjects.handle(E, context()))
      return true;
    if (E->isIncrementDecrementOp())
      Accesses.access(E->getSubExpr(), SiteKind::Update, accessContext());
    return true;
  }
  bool VisitAtomicExpr(AtomicExpr *E) {
    Atomics.handle(E, statementContext());
    return true;
  }
  bool VisitCallExpr(CallExpr *E) {
    Vptrs.call(E, accessContext());
    if (Atomics.handle(E, statementContext()))
      return true;
    if (Waitables.handle(E, statementContext()))
      return true;
    if (LockSites.handle(E, context()))
      return true;
    if (LibcCalls.handle(E, accessContext()))
      return true;
    Library.handle(E, accessContext());
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    Vptrs.destroy(E, accessContext());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    LockSites.handle(E, context());
    return true;
  }

private:
  template <class Fn> bool function(FunctionDecl *F, Fn Traverse) {
    if (F->isDependentContext()) {
      // A template pattern: its accesses are decided in its instantiations;
      // the entry hook is the same for all of them.
      const void *Pattern = F;
      RC.enterFunction(Pattern, nameOf(F), /*Counted=*/false);
      if (!Scopes.whyNot(F))
        Scopes.enter(F);
      RC.exitFunction();
      return true;
    }
    const FunctionDecl *Pattern = F->getTemplateInstantiationPattern();
    if (!Pattern)
      Pattern = F;
    RC.enterFunction(Pattern, nameOf(Pattern));
    std::optional<Outcome> Not = Scopes.whyNot(F);
    if (!Not) {
      Scopes.enter(F);
      Vptrs.body(F);
    } else if (RC.rangeOf(F->getSourceRange()) &&
               RC.scopeOf(F->getLocation()) == ScopeClass::Full)
      RC.count(*Not);
    const auto *A = F->getDeclaredReturnType().isNull()
                        ? nullptr
                        : F->getDeclaredReturnType()->getContainedAutoType();
    DecltypeAutoReturn.push_back(A && A->isDecltypeAuto());
    // A function body is a barrier: what made its surroundings unrewritable
    // (a file-scope initialiser holding a lambda) does not reach inside.
    std::optional<Outcome> BodySkip;
    if (Not == Outcome::SkippedConstexpr)
      BodySkip = Outcome::SkippedConstexpr;
    else if (F->hasAttr<NakedAttr>())
      BodySkip = Outcome::SkippedAsm; // only asm may live there
    Skips.push_back({true, BodySkip});
    NoSanitize.push_back(noSanitizeThread(F));
    bool Ok = Traverse();
    NoSanitize.pop_back();
    Skips.pop_back();
    DecltypeAutoReturn.pop_back();
    RC.exitFunction();
    return Ok;
  }

  /// `__attribute__((no_sanitize("thread")))` (or `no_sanitize_thread`):
  /// as under ThreadSanitizer, the function's memory accesses are not
  /// checked; its atomics, synchronisation calls and entry still are.
  static bool noSanitizeThread(const FunctionDecl *F) {
    for (const auto *A : F->specific_attrs<NoSanitizeAttr>())
      if (A->getMask() & SanitizerKind::Thread)
        return true;
    return false;
  }

  static bool hasThreadSafetyAttr(const Decl *D) {
    const auto *F = dyn_cast_or_null<FunctionDecl>(D);
    if (!F)
      return false;
    // Attributes are inherited by later redeclarations.
    for (const Attr *A : F->getMostRecentDecl()->attrs())
      switch (A->getKind()) {
      case attr::AcquireCapability: // also exclusive/shared_lock_function
      case attr::ReleaseCapability: // also unlock_function
      case attr::TryAcquireCapability:
      case attr::ExclusiveTrylockFunction:
      case attr::SharedTrylockFunction:
      case attr::RequiresCapability: // also exclusive/shared_locks_required
      case attr::AssertCapability:
      case attr::AssertExclusiveLock:
      case attr::AssertSharedLock:
      case attr::LocksExcluded:
      case attr::LockReturned:
        return true;
      default:
        break;
      }
    return false;
  }

  /// The callee, object and arguments of \p E, with no edit inside.
  bool operandsAsWritten(Stmt *E) {
    return skipping(Outcome::SkippedThreadSafety, [&] {
      for (Stmt *Child : E->children())
        if (!TraverseStmt(Child))
          return false;
      return true;
    });
  }

  template <class Fn> bool skipping(Outcome Why, Fn Traverse) {
    Skips.push_back({false, Why});
    bool Ok = Traverse();
    Skips.pop_back();
    return Ok;
  }

  /// Why an access here cannot be rewritten, if it cannot.
  /// context(), for the checks of memory accesses (plain accesses, vptrs,
  /// libc and library calls): also skipped in a no_sanitize("thread")
  /// function.
  std::optional<Outcome> accessContext() const {
    if (auto Why = context())
      return Why;
    if (!NoSanitize.empty() && NoSanitize.back())
      return Outcome::SkippedNoSanitize;
    return std::nullopt;
  }

  std::optional<Outcome> context() const {
    for (auto It = Skips.rbegin(); It != Skips.rend(); ++It)
      if (It->second || It->first)
        return It->second;
    if (!RC.inFunction())
      return Outcome::SkippedFileScope;
    return std::nullopt;
  }
  /// Statement expressions are also impossible at file scope, which
  /// context() covers.
  std::optional<Outcome> statementContext() const { return context(); }

  std::string nameOf(const FunctionDecl *F) {
    const auto *M = dyn_cast<CXXMethodDecl>(F);
    if (M && M->getParent()->isLambda()) {
      SiteSpec Where =
          RC.site(M->getParent()->getBeginLoc(), SiteKind::Func, "");
      std::string Outer = RC.inFunction() ? RC.functionName() + "()::" : "";
      return Outer + "<lambda at " + Where.File + ":" +
             std::to_string(Where.Line) + ":" + std::to_string(Where.Column) +
             ">";
    }
    return F->getQualifiedNameAsString();
  }

  RewriteContext &RC;
  SharedAccessRewrite Accesses;
  AtomicQualifiedRewrite AtomicObjects;
  AtomicRewrite Atomics;
  LockSiteRewrite LockSites;
  WaitableRewrite Waitables;
  LibcCallRewrite LibcCalls;
  FunctionScopeRewrite Scopes;
  LibraryCallRewrite Library;
  VptrRewrite Vptrs;
  /// (is a function body, why edits are not allowed) from outer to inner.
  std::vector<std::pair<bool, std::optional<Outcome>>> Skips;
  // Per function being traversed, innermost last: marked no_sanitize.
  std::vector<bool> NoSanitize;
  std::vector<bool> DecltypeAutoReturn;
};

std::string escapeC(llvm::StringRef S) {
  std::string Out;
  for (unsigned char C : S) {
    if (C == '\\' || C == '"' || C == '?') {
      Out += '\\';
      Out += static_cast<char>(C);
    } else if (C < 0x20 || C >= 0x7f) {
      char Buf[8];
      std::snprintf(Buf, sizeof Buf, "\\%03o", C);
      Out += Buf;
    } else {
      Out += static_cast<char>(C);
    }
  }
  return Out;
}

/// The file name of the first line marker (`# 1 "foo.c"`), else \p Fallback.
std::string markerFile(llvm::StringRef Buffer, llvm::StringRef Fallback) {
  if (Buffer.starts_with("# ")) {
    size_t Open = Buffer.find('"'), Close = Buffer.find('"', Open + 1);
    size_t Eol = Buffer.find('\n');
    if (Open < Eol && Close < Eol)
      return Buffer.substr(Open + 1, Close - Open - 1).str();
  }
  return Fallback.str();
}

struct Output {
  bool Done = false;
  Result R;
  std::string Error;
};

class InstrumentConsumer : public ASTConsumer {
public:
  /// \p MainFile: the TU's presumed main file; \p Split: where the user's
  /// buffer starts in the parsed text (after the prelude).
  InstrumentConsumer(const Options &Opts, llvm::StringRef MainFile,
                     size_t Split, Output &Out)
      : Opts(Opts), MainFile(MainFile.str()), Split(Split), Out(Out) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    SourceManager &SM = Ctx.getSourceManager();
    llvm::StringRef Buffer = SM.getBufferData(SM.getMainFileID());
    const std::string &Main = MainFile;
    Scope Files(Opts.Root, Main, Opts.InstrumentDirs);
    EscapeAnalysis Escapes(Ctx);
    Escapes.run();
    RewriteContext RC(Ctx, Files);
    InstrumentVisitor V(RC, Escapes);
    V.TraverseDecl(Ctx.getTranslationUnitDecl());
    EditList Edits;
    std::vector<SiteSpec> Sites = RC.resolve(Edits);
    llvm::Expected<std::string> Rewritten = Edits.apply(Main, Buffer);
    if (!Rewritten) {
      Out.Error = llvm::toString(Rewritten.takeError());
      return;
    }
    bool CXX = Ctx.getLangOpts().CPlusPlus;
    const Stats &St = RC.stats();
    // The prelude was parsed with the TU (a source may use the ABI types
    // itself); the sites and the registration go between the two.
    std::string Text = Rewritten->substr(0, Split);
    Text += "\n/* Sites of this translation unit. */\n";
    for (const SiteSpec &S : Sites) {
      std::string Sym = S.symbol();
      std::string Init =
          " = {\"" + escapeC(S.File) + "\", \"" + escapeC(S.Function) +
          "\", \"" + escapeC(S.Text) + "\", " + std::to_string(S.Line) + ", " +
          std::to_string(S.Column) + ", " +
          std::to_string(static_cast<unsigned>(S.Kind)) + ", 0};\n";
      if (CXX)
        Text += "extern const __ravel_site " + Sym +
                " __attribute__((weak, visibility(\"hidden\")));\nconst "
                "__ravel_site " +
                Sym + Init;
      else
        Text += "const __ravel_site " + Sym +
                " __attribute__((weak, visibility(\"hidden\")))" + Init;
    }
    Text +=
        "static const __ravel_tu_info __ravel_this_tu = {RAVEL_ABI_VERSION, " +
        std::to_string(Sites.size()) + ", \"" +
        escapeC(Files.siteFileName(Main)) + "\", " +
        std::to_string(St.instrumentedAccesses()) + ", " +
        std::to_string(St.prunedAccesses()) + ", " +
        std::to_string(St.skippedAccesses()) + "};\n";
    Text += "__attribute__((constructor)) static void "
            "__ravel_register_this_tu(void) { "
            "__ravel_register_tu(&__ravel_this_tu); }\n";
    Text += Rewritten->substr(Split);
    Out.R.Source = std::move(Text);
    Out.R.Statistics = St;
    Out.R.NumSites = static_cast<unsigned>(Sites.size());
    Out.Done = true;
  }

private:
  const Options &Opts;
  std::string MainFile;
  size_t Split;
  Output &Out;
};

class InstrumentAction : public ASTFrontendAction {
public:
  InstrumentAction(const Options &Opts, llvm::StringRef MainFile, size_t Split,
                   Output &Out)
      : Opts(Opts), MainFile(MainFile.str()), Split(Split), Out(Out) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<InstrumentConsumer>(Opts, MainFile, Split, Out);
  }

private:
  const Options &Opts;
  std::string MainFile;
  size_t Split;
  Output &Out;
};

} // namespace

llvm::Expected<Result>
instrumentPreprocessed(llvm::StringRef Preprocessed, llvm::StringRef MainFile,
                       bool IsCXX, const std::vector<std::string> &LanguageArgs,
                       const Options &Opts) {
  std::vector<std::string> Args = {"-x",
                                   IsCXX ? "c++-cpp-output" : "cpp-output"};
  Args.insert(Args.end(), LanguageArgs.begin(), LanguageArgs.end());
  // -w hides warnings but keeps errors, the user's -Werror=X aside: clang
  // ignores under -w every diagnostic that is not an error by default, and
  // keeps those that are (implicit declarations, int conversions) unless
  // the user's own flags made them warnings again.
  Args.insert(Args.end(), {"-w", "-ferror-limit=20", "-resource-dir",
                           RAVEL_CLANG_RESOURCE_DIR});
  // The prelude is parsed with the TU, as an included file of its own.
  std::string Main = markerFile(Preprocessed, MainFile);
  std::string Parsed = "# 1 \"" + escapeC(Main) +
                       "\"\n# 1 \"<ravel prelude>\" 1 3\n" + prelude(IsCXX) +
                       "\n";
  size_t Split = Parsed.size();
  Parsed += "# 1 \"" + escapeC(Main) + "\" 2\n";
  Parsed += Preprocessed;
  Output Out;
  std::string VirtualName =
      (MainFile + (IsCXX ? ".ravel.ii" : ".ravel.i")).str();
  bool Ok = tooling::runToolOnCodeWithArgs(
      std::make_unique<InstrumentAction>(Opts, Main, Split, Out), Parsed, Args,
      VirtualName, "ravel-instrument");
  if (!Out.Error.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: cannot apply the rewrite: %s",
                                   MainFile.str().c_str(), Out.Error.c_str());
  if (!Ok || !Out.Done)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "%s: Clang cannot parse this translation unit (diagnostics above); "
        "fix the errors or build this file without ravel",
        MainFile.str().c_str());
  return std::move(Out.R);
}

} // namespace ravel::instrument

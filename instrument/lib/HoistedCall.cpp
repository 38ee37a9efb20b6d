//===- HoistedCall.cpp - re-issue a call on pre-evaluated operands --------===//
#include "HoistedCall.h"

#include "clang/AST/ExprCXX.h"

#include <algorithm>

namespace ravel::instrument {

using namespace clang;

bool isInlineConstant(const Expr *E, ASTContext &Ctx) {
  if (E->isValueDependent() || E->HasSideEffects(Ctx))
    return false;
  return E->isEvaluatable(Ctx) ||
         E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull);
}

static unsigned countNewlines(llvm::StringRef S) {
  return static_cast<unsigned>(std::count(S.begin(), S.end(), '\n'));
}

static bool hasLineMarker(llvm::StringRef S) {
  return S.contains("\n#") || S.starts_with("#");
}

bool hoist(
    RewriteContext &RC, const Expr *Call, std::vector<HoistedOperand> &Ops,
    bool UseAutoType,
    const std::function<std::string(const std::vector<HoistedOperand> &)> &Tail,
    EditGroup &Out, Outcome &Failure) {
  Failure = Outcome::SkippedConflict;
  std::optional<Range> CallRange = RC.rangeOf(Call);
  if (!CallRange)
    return false;
  std::vector<Range> OpRanges;
  for (HoistedOperand &Op : Ops) {
    const Expr *Bare = Op.E->IgnoreImplicit();
    if (isa<InitListExpr>(Bare) || isa<CXXStdInitializerListExpr>(Bare)) {
      Failure = Outcome::SkippedBraceArgument;
      return false;
    }
    std::optional<Range> R = RC.rangeOf(Op.E);
    if (!R || R->Begin < CallRange->Begin || R->End > CallRange->End ||
        (!OpRanges.empty() && R->Begin < OpRanges.back().End))
      return false;
    if (RC.rawText(*R).starts_with("{")) {
      Failure = Outcome::SkippedBraceArgument;
      return false;
    }
    OpRanges.push_back(*R);
  }

  // Walk the call: glue before each hoisted operand becomes the end of the
  // previous declaration and the start of this one; inline operands are part
  // of the glue.
  unsigned GlueBegin = CallRange->Begin;
  unsigned GlueNewlines = 0;
  std::string Pending = "__extension__ ({ ";
  bool First = true;
  auto FlushGlue = [&](unsigned End, const std::string &Text) {
    llvm::StringRef Glue =
        RC.rawText(Range{GlueBegin, std::max(GlueBegin, End)});
    if (hasLineMarker(Glue))
      return false;
    std::string WithLines = Text + std::string(countNewlines(Glue), '\n');
    if (End > GlueBegin)
      Out.replace(GlueBegin, End, WithLines);
    else if (First)
      Out.prefix(CallRange->Begin, CallRange->End, WithLines);
    else
      Out.suffix(CallRange->Begin, CallRange->End, WithLines); // not reached
    return true;
  };
  (void)GlueNewlines;
  for (size_t I = 0; I < Ops.size(); ++I) {
    HoistedOperand &Op = Ops[I];
    if (Op.How == HoistedOperand::Form::Inline) {
      llvm::StringRef Text = RC.rawText(OpRanges[I]);
      if (hasLineMarker(Text))
        return false;
      Op.Use = "(" + RC.textOf(OpRanges[I]) + ")";
      continue;
    }
    std::string Decl;
    switch (Op.How) {
    case HoistedOperand::Form::Value:
      Decl = (UseAutoType ? "__auto_type " : "auto ") + Op.Name + " = (";
      Op.Use = Op.Name;
      break;
    case HoistedOperand::Form::Reference:
      Decl = "auto &&" + Op.Name + " = (";
      Op.Use = "static_cast<decltype(" + Op.Name + ") &&>(" + Op.Name + ")";
      break;
    case HoistedOperand::Form::Address:
      Decl = (UseAutoType ? "__auto_type " : "auto *") + Op.Name +
             " = __builtin_addressof(";
      Op.Use = Op.Name;
      break;
    case HoistedOperand::Form::Pointer:
      Decl = (UseAutoType ? "__auto_type " : "auto *") + Op.Name + " = (";
      Op.Use = Op.Name;
      break;
    case HoistedOperand::Form::Inline:
      break;
    }
    if (!FlushGlue(OpRanges[I].Begin, Pending + Decl))
      return false;
    First = false;
    Pending = "); ";
    GlueBegin = OpRanges[I].End;
  }
  std::string End = (First ? Pending : Pending) + Tail(Ops);
  if (CallRange->End > GlueBegin) {
    if (!FlushGlue(CallRange->End, End))
      return false;
  } else {
    Out.suffix(CallRange->Begin, CallRange->End, End);
  }
  return true;
}

} // namespace ravel::instrument

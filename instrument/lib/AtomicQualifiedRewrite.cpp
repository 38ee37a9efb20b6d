//===- AtomicQualifiedRewrite.cpp - operators on _Atomic objects ---------===//
#include "AtomicQualifiedRewrite.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"

#include <algorithm>

namespace ravel::instrument {

using namespace clang;

namespace {

enum class Form { Load, Store, Compound, PreInc, PreDec, PostInc, PostDec };

/// Objects whose new value a compare-exchange loop can compute: no padding
/// bits, so the loop's byte comparison succeeds once nobody interferes.
bool hasLoopableValue(const ASTContext &Ctx, QualType T) {
  if (T->isBitIntType())
    return false;
  if (T->isIntegerType() || T->isPointerType())
    return true;
  if (T->isRealFloatingType()) {
    uint64_t Bits = Ctx.getTypeSize(T);
    return Bits == 32 || Bits == 64;
  }
  return false;
}

bool isRegisterVariable(const Expr *E) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParens()))
    if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
      return V->getStorageClass() == SC_Register;
  return false;
}

/// The glue between two operands as replacement text: \p Text plus the
/// newlines the glue held, so later lines keep their numbers. None when the
/// glue holds a line marker.
std::optional<std::string> glue(llvm::StringRef Glue, std::string Text) {
  if (Glue.contains("\n#") || Glue.starts_with("#"))
    return std::nullopt;
  return Text + std::string(std::count(Glue.begin(), Glue.end(), '\n'), '\n');
}

} // namespace

bool AtomicQualifiedRewrite::handle(const Expr *E,
                                    std::optional<Outcome> ContextSkip) {
  const Expr *Object = nullptr, *Operand = nullptr;
  Form F;
  SiteKind Access;
  std::string Op; // binary operator of a compound assignment
  if (const auto *C = dyn_cast<ImplicitCastExpr>(E)) {
    if (C->getCastKind() != CK_LValueToRValue)
      return false;
    Object = C->getSubExpr();
    F = Form::Load;
    Access = SiteKind::Read;
  } else if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_Assign) {
      F = Form::Store;
      Access = SiteKind::Write;
    } else if (B->isCompoundAssignmentOp()) {
      F = Form::Compound;
      Access = SiteKind::Update;
      Op = BinaryOperator::getOpcodeStr(
               BinaryOperator::getOpForCompoundAssignment(B->getOpcode()))
               .str();
    } else {
      return false;
    }
    Object = B->getLHS();
    Operand = B->getRHS();
  } else if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (!U->isIncrementDecrementOp())
      return false;
    F = U->isPrefix() ? (U->isIncrementOp() ? Form::PreInc : Form::PreDec)
                      : (U->isIncrementOp() ? Form::PostInc : Form::PostDec);
    Access = SiteKind::Update;
    Object = U->getSubExpr();
  } else {
    return false;
  }
  const auto *AT = Object->getType()->getAs<AtomicType>();
  if (!AT)
    return false;

  std::optional<Range> Obj = RC.rangeOf(Object);
  std::optional<Range> Whole = F == Form::Load ? Obj : RC.rangeOf(E);
  std::optional<Range> Arg;
  if (Operand)
    Arg = RC.rangeOf(Operand);
  if (!Obj || !Whole || (Operand && !Arg) ||
      RC.scopeOf(E->getBeginLoc()) == ScopeClass::None)
    return true;

  Candidate C(RewriteKind::Atomic, *Whole);
  bool Update = F != Form::Load && F != Form::Store;
  if (auto P = Plain.pruned(Object, Access)) {
    C.What = *P;
  } else if (ContextSkip) {
    C.What = *ContextSkip;
  } else if (isRegisterVariable(Object)) {
    C.What = Outcome::SkippedAsm; // no address
  } else if (throughPackedMember(Object)) {
    // A misaligned atomic needs libatomic, which the program may not link.
    C.What = Outcome::SkippedPacked;
  } else if (Update && !hasLoopableValue(RC.ast(), AT->getValueType())) {
    C.What = Outcome::SkippedAtomicQualified;
  } else {
    SiteSpec S =
        RC.site(Object->getBeginLoc(), SiteKind::Atomic, RC.textOf(*Obj));
    std::string Site = "&" + S.symbol();
    auto Hooks = [&](int AtomicOp, const std::string &Body) {
      std::string Args =
          "__rv_p, sizeof *__rv_p, " + std::to_string(AtomicOp) + ", 5, 5";
      return "__ravel_atomic_begin(" + Args + ", " + Site + "); " + Body +
             " __ravel_atomic_end(" + Args + ", 1, " + Site + "); ";
    };
    bool Discarded = RC.isDiscarded(E);
    auto Result = [&](const std::string &V) {
      return (Discarded ? "(void)" + V : V) + "; })";
    };
    std::string Open = std::string("__extension__ ({ __auto_type __rv_p = ") +
                       (RC.isCXX() ? "__builtin_addressof(" : "&(");
    const std::string ValueType = "__typeof__(__c11_atomic_load(__rv_p, 5))";
    // The compare-exchange loop of an update computing __rv_n from __rv_o.
    auto Loop = [&](const std::string &NewValue) {
      return ValueType + " __rv_o, __rv_n; " +
             Hooks(3, "__rv_o = __c11_atomic_load(__rv_p, 0); do __rv_n = " +
                          NewValue +
                          "; while (!__c11_atomic_compare_exchange_weak("
                          "__rv_p, &__rv_o, __rv_n, 5, 0));");
    };
    bool Ok = true;
    switch (F) {
    case Form::Load:
      C.Edits.prefix(Obj->Begin, Obj->End, Open);
      C.Edits.suffix(Obj->Begin, Obj->End,
                     "); " +
                         Hooks(1, "__auto_type __rv_r = "
                                  "__c11_atomic_load(__rv_p, 5);") +
                         Result("__rv_r"));
      break;
    case Form::Store:
    case Form::Compound: {
      if (Obj->Begin != Whole->Begin || Arg->End != Whole->End ||
          Arg->Begin < Obj->End) {
        Ok = false;
        break;
      }
      std::optional<std::string> Mid =
          glue(RC.rawText(Range{Obj->End, Arg->Begin}),
               F == Form::Store ? "); " + ValueType + " __rv_v = ("
                                : std::string("); __auto_type __rv_a = ("));
      if (!Mid) {
        Ok = false;
        break;
      }
      C.Edits.prefix(Whole->Begin, Whole->End, Open);
      C.Edits.replace(Obj->End, Arg->Begin, *Mid);
      if (F == Form::Store)
        C.Edits.suffix(Whole->Begin, Whole->End,
                       "); " +
                           Hooks(2, "__c11_atomic_store(__rv_p, __rv_v, 5);") +
                           Result("__rv_v"));
      else
        C.Edits.suffix(Whole->Begin, Whole->End,
                       "); " + Loop("__rv_o " + Op + " __rv_a") +
                           Result("__rv_n"));
      break;
    }
    case Form::PreInc:
    case Form::PreDec:
    case Form::PostInc:
    case Form::PostDec: {
      bool Pre = F == Form::PreInc || F == Form::PreDec;
      std::string Step =
          F == Form::PreInc || F == Form::PostInc ? "__rv_o + 1" : "__rv_o - 1";
      std::string Tail = "); " + Loop(Step) + Result(Pre ? "__rv_n" : "__rv_o");
      Range Token =
          Pre ? Range{Whole->Begin, Obj->Begin} : Range{Obj->End, Whole->End};
      if (Token.Begin >= Token.End ||
          (Pre ? Obj->End != Whole->End : Obj->Begin != Whole->Begin)) {
        Ok = false;
        break;
      }
      std::optional<std::string> Gone =
          glue(RC.rawText(Token), Pre ? "" : Tail);
      if (!Gone) {
        Ok = false;
        break;
      }
      // The operator token goes; the object keeps its text.
      C.Edits.prefix(Whole->Begin, Whole->End, Open);
      C.Edits.replace(Token.Begin, Token.End, *Gone);
      if (Pre)
        C.Edits.suffix(Whole->Begin, Whole->End, Tail);
      break;
    }
    }
    if (Ok) {
      C.What = Outcome::Atomic;
      C.Sites.push_back(std::move(S));
    } else {
      C.Edits.Edits.clear();
      C.What = Outcome::SkippedConflict;
    }
  }
  RC.propose(std::move(C));
  return true;
}

} // namespace ravel::instrument

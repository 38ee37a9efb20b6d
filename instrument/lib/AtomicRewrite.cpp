//===- AtomicRewrite.cpp - atomic operations and fences -------------------===//
#include "AtomicRewrite.h"

#include "EscapeAnalysis.h"
#include "HoistedCall.h"

#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/StringSwitch.h"

#include <functional>

namespace ravel::instrument {

using namespace clang;

namespace {

// ravel.h's enum __ravel_atomic_op.
enum class AtomicOp {
  None = 0,
  Load = 1,
  Store = 2,
  Rmw = 3,
  Cmpxchg = 4,
  Wait = 5,
  Notify = 6
};

AtomicOp memberOp(llvm::StringRef Name) {
  if (Name.starts_with("fetch_") || Name == "exchange" ||
      Name == "test_and_set" || Name.starts_with("operator"))
    return AtomicOp::Rmw;
  return llvm::StringSwitch<AtomicOp>(Name)
      .Cases("load", "test", AtomicOp::Load)
      .Cases("store", "clear", AtomicOp::Store)
      .Cases("compare_exchange_weak", "compare_exchange_strong",
             AtomicOp::Cmpxchg)
      .Case("wait", AtomicOp::Wait)
      .Cases("notify_one", "notify_all", AtomicOp::Notify)
      .Default(AtomicOp::None);
}

AtomicOp builtinOp(llvm::StringRef Name) {
  if (Name.contains("compare_exchange") || Name.contains("compare_and_swap"))
    return AtomicOp::Cmpxchg;
  if (Name.contains("load"))
    return AtomicOp::Load;
  if (Name.contains("store") || Name.contains("init") ||
      Name.contains("clear") || Name.contains("lock_release"))
    return AtomicOp::Store;
  return AtomicOp::Rmw;
}

bool isMemoryOrder(QualType T) {
  const auto *ET =
      T.getNonReferenceType().getCanonicalType()->getAs<EnumType>();
  if (!ET)
    return false;
  const EnumDecl *D = ET->getDecl();
  const DeclContext *DC = D->getDeclContext();
  while (DC && !DC->isNamespace())
    DC = DC->getParent();
  return D->getName() == "memory_order" && DC && DC->isStdNamespace();
}

bool hasText(const Expr *E) { return !isa<CXXDefaultArgExpr>(E); }

std::string opName(AtomicOp Op) { return std::to_string(static_cast<int>(Op)); }

/// Whether the atomic being rewritten is an expression statement.
bool CurrentDiscarded = false;

/// The begin/operation/end tail shared by all atomic rewrites.
std::string atomicTail(const std::string &Ptr, AtomicOp Op,
                       const std::string &Mo, const std::string &FailMo,
                       const std::string &Operation, bool HasResult,
                       const std::string &Succeeded, const std::string &Site,
                       bool AutoType) {
  bool Discarded = CurrentDiscarded;
  std::string Args =
      Ptr + ", sizeof *" + Ptr + ", " + opName(Op) + ", " + "__rv_mo, __rv_fmo";
  std::string T = "int __rv_mo = " + Mo + "; int __rv_fmo = " + FailMo +
                  "; (void)__rv_fmo; __ravel_atomic_begin(" + Args + ", " +
                  Site + "); ";
  if (HasResult)
    T += std::string(AutoType ? "__auto_type" : "auto") +
         " __rv_r = " + Operation + "; ";
  else
    T += Operation + "; ";
  T += "__ravel_atomic_end(" + Args + ", " + Succeeded + ", " + Site + "); ";
  // A discarded result is cast away (-Wunused-value).
  T += !HasResult ? "})" : Discarded ? "(void)__rv_r; })" : "__rv_r; })";
  return T;
}

/// How the rewrite names the atomic object. A std::atomic is keyed on its own
/// address. A std::atomic_ref is keyed on the object it refers to: the ref
/// (or a copy of a temporary one, which cannot have its address taken) is
/// hoisted and __ravel_ref_target (prelude) reads the referenced address out
/// of it, which is valid only for a ref that holds nothing but that pointer
/// (checked by refHoldsOnlyPointer).
struct ObjectForm {
  HoistedOperand::Form How;
  std::string Name;     ///< the hoisted temporary
  std::string Deref;    ///< the atomic object as an lvalue
  std::string Member;   ///< prefix of a member call on it
  std::string Prologue; ///< declares __rv_p, the address begin/end report
};

ObjectForm objectForm(bool Ref, bool Temporary, bool Arrow) {
  if (!Ref)
    return {Arrow ? HoistedOperand::Form::Pointer
                  : HoistedOperand::Form::Address,
            "__rv_p", "*__rv_p", "__rv_p->", ""};
  if (Temporary)
    return {HoistedOperand::Form::Value, "__rv_ref", "__rv_ref", "__rv_ref.",
            "auto *__rv_p = __ravel_ref_target(__rv_ref); "};
  return {Arrow ? HoistedOperand::Form::Pointer : HoistedOperand::Form::Address,
          "__rv_o", "(*__rv_o)", "__rv_o->",
          "auto *__rv_p = __ravel_ref_target(*__rv_o); "};
}

/// Whether \p E names a temporary object (whose address cannot be taken).
bool isTemporary(const Expr *E) {
  for (;;) {
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<ImplicitCastExpr>(E);
        C &&
        (C->getCastKind() == CK_NoOp || C->getCastKind() == CK_DerivedToBase ||
         C->getCastKind() == CK_UncheckedDerivedToBase)) {
      E = C->getSubExpr();
      continue;
    }
    return E->isPRValue() || isa<MaterializeTemporaryExpr>(E);
  }
}

bool isAtomicRefRecord(const CXXRecordDecl *R) {
  return R && (R->getName() == "atomic_ref" || R->getName() == "__atomic_ref");
}

/// Whether \p R (with its bases) holds exactly one non-static data member,
/// a pointer, and nothing else: then its bytes are the referenced address.
/// This looks at the layout, not at private names.
bool refHoldsOnlyPointer(ASTContext &Ctx, const CXXRecordDecl *R) {
  R = R ? R->getDefinition() : nullptr;
  if (!R || R->isDependentContext() || !R->isTriviallyCopyable())
    return false;
  unsigned Pointers = 0, Others = 0;
  std::function<void(const CXXRecordDecl *)> Walk =
      [&](const CXXRecordDecl *D) {
        for (const FieldDecl *F : D->fields())
          ++(F->getType()->isPointerType() ? Pointers : Others);
        for (const CXXBaseSpecifier &B : D->bases())
          if (const CXXRecordDecl *BD = B.getType()->getAsCXXRecordDecl())
            Walk(BD);
      };
  Walk(R);
  return Pointers == 1 && Others == 0 && !R->isPolymorphic() &&
         Ctx.getTypeSize(Ctx.getRecordType(R)) ==
             Ctx.getTypeSize(Ctx.VoidPtrTy);
}

/// The record of an atomic_ref object expression (through `->` when
/// \p Arrow).
const CXXRecordDecl *objectRecord(const Expr *Base, bool Arrow) {
  QualType T = Base->getType();
  if (Arrow)
    T = T->getPointeeType();
  return T.isNull() ? nullptr : T->getAsCXXRecordDecl();
}

} // namespace

bool isStdAtomicRecord(const CXXRecordDecl *R) {
  if (!R || !isStdRecord(R))
    return false;
  return llvm::StringSwitch<bool>(R->getName())
      .Cases("atomic", "atomic_ref", "atomic_flag", "__atomic_base",
             "__atomic_float", "__atomic_ref", "__atomic_flag_base", true)
      .Case("__atomic_impl", true)
      .Default(false);
}

bool AtomicRewrite::handle(const Expr *E, std::optional<Outcome> ContextSkip) {
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(E))
    return memberCall(M, ContextSkip);
  if (const auto *O = dyn_cast<CXXOperatorCallExpr>(E))
    return operatorCall(O, ContextSkip);
  if (const auto *A = dyn_cast<AtomicExpr>(E))
    return atomicExpr(A, ContextSkip);
  if (const auto *C = dyn_cast<CallExpr>(E))
    return builtinCall(C, ContextSkip);
  return false;
}

/// Proposes the outcome of one atomic site: the rewrite when \p Build
/// succeeds, else the reason it did not.
template <class BuildFn>
static void proposeAtomic(RewriteContext &RC, const Expr *E,
                          std::optional<Outcome> ContextSkip, BuildFn Build) {
  std::optional<Range> R = RC.rangeOf(E);
  if (!R || RC.scopeOf(E->getBeginLoc()) == ScopeClass::None)
    return;
  CurrentDiscarded = RC.isDiscarded(E);
  Candidate C(RewriteKind::Atomic, *R);
  if (ContextSkip) {
    C.What = *ContextSkip;
  } else {
    SiteSpec S = RC.site(E->getBeginLoc(), SiteKind::Atomic, RC.textOf(*R));
    Outcome Failure;
    if (Build("&" + S.symbol(), C.Edits, Failure)) {
      C.What = Outcome::Atomic;
      C.Sites.push_back(std::move(S));
    } else {
      C.Edits.Edits.clear();
      C.What = Failure;
    }
  }
  RC.propose(std::move(C));
}

/// Memory-order operands of a std::atomic member: success and failure order
/// expressions (by spelling), defaults as ravel.h prescribes.
static void memoryOrders(const std::vector<HoistedOperand> &Ops,
                         const std::vector<bool> &IsOrder, AtomicOp Op,
                         std::string &Mo, std::string &FailMo) {
  std::vector<std::string> Orders;
  for (size_t I = 0; I < Ops.size(); ++I)
    if (IsOrder[I])
      Orders.push_back("(int)" + Ops[I].Use);
  Mo = Orders.empty() ? "5" : Orders[0];
  if (Orders.size() > 1)
    FailMo = Orders[1];
  else if (Op == AtomicOp::Cmpxchg)
    FailMo = "__ravel_fail_order(__rv_mo)";
  else
    FailMo = "__rv_mo";
}

bool AtomicRewrite::memberCall(const CXXMemberCallExpr *E,
                               std::optional<Outcome> ContextSkip) {
  const CXXMethodDecl *M = E->getMethodDecl();
  if (!M || !isStdAtomicRecord(M->getParent()))
    return false;
  const auto *Callee = dyn_cast<MemberExpr>(E->getCallee()->IgnoreParens());
  if (!Callee || Callee->isImplicitAccess())
    return true;
  bool Conversion = isa<CXXConversionDecl>(M);
  AtomicOp Op = Conversion ? AtomicOp::Load : memberOp(M->getName());
  if (Op == AtomicOp::None)
    return true; // is_lock_free and friends touch no atomic state
  const Expr *Base = Callee->getBase();
  if (Callee->isArrow() && isa<CXXOperatorCallExpr>(Base->IgnoreImplicit()))
    return true; // smart-pointer arrow: no plain pointer to hoist
  bool Ref = isAtomicRefRecord(M->getParent());
  bool Temporary = !Callee->isArrow() && isTemporary(Base);
  if (Temporary && !Ref)
    return true; // a temporary std::atomic: no other thread can see it
  if (Ref &&
      !refHoldsOnlyPointer(RC.ast(), objectRecord(Base, Callee->isArrow()))) {
    proposeAtomic(RC, E, ContextSkip,
                  [](std::string, EditGroup &, Outcome &Failure) {
                    Failure = Outcome::SkippedAtomicRef;
                    return false;
                  });
    return true;
  }
  ObjectForm Obj = objectForm(Ref, Temporary, Callee->isArrow());
  proposeAtomic(
      RC, E, ContextSkip,
      [&](std::string Site, EditGroup &Out, Outcome &Failure) {
        std::vector<HoistedOperand> Ops;
        std::vector<bool> IsOrder;
        Ops.push_back({Base, Obj.How, Obj.Name, ""});
        IsOrder.push_back(false);
        for (unsigned I = 0; I < E->getNumArgs(); ++I) {
          const Expr *A = E->getArg(I);
          if (!hasText(A))
            continue;
          QualType ParamType = M->getParamDecl(I)->getType();
          HoistedOperand::Form How =
              isInlineConstant(A, RC.ast())  ? HoistedOperand::Form::Inline
              : ParamType->isReferenceType() ? HoistedOperand::Form::Reference
                                             : HoistedOperand::Form::Value;
          Ops.push_back({A, How, "__rv_a" + std::to_string(I), ""});
          IsOrder.push_back(isMemoryOrder(ParamType));
        }
        bool HasResult = !E->getType()->isVoidType();
        return hoist(
            RC, E, Ops, /*UseAutoType=*/false,
            [&](const std::vector<HoistedOperand> &H) {
              std::string Mo, FailMo;
              memoryOrders(H, IsOrder, Op, Mo, FailMo);
              std::string Operation;
              if (Conversion) {
                Operation = Obj.Member + "load()";
              } else {
                Operation = Obj.Member + M->getNameAsString() + "(";
                for (size_t I = 1; I < H.size(); ++I)
                  Operation += (I > 1 ? ", " : "") + H[I].Use;
                Operation += ")";
              }
              std::string Succeeded = Op == AtomicOp::Cmpxchg ? "__rv_r" : "1";
              return Obj.Prologue + atomicTail("__rv_p", Op, Mo, FailMo,
                                               Operation, HasResult, Succeeded,
                                               Site, false);
            },
            Out, Failure);
      });
  return true;
}

bool AtomicRewrite::operatorCall(const CXXOperatorCallExpr *E,
                                 std::optional<Outcome> ContextSkip) {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(E->getCalleeDecl());
  if (!M || !isStdAtomicRecord(M->getParent()) || E->getNumArgs() == 0)
    return false;
  OverloadedOperatorKind K = E->getOperator();
  bool Postfix =
      (K == OO_PlusPlus || K == OO_MinusMinus) && E->getNumArgs() == 2;
  std::string Spelling = getOperatorSpelling(K);
  AtomicOp Op = K == OO_Equal ? AtomicOp::Store : AtomicOp::Rmw;
  const Expr *Object = E->getArg(0);
  bool Ref = isAtomicRefRecord(M->getParent());
  bool Temporary = isTemporary(Object);
  if (Temporary && !Ref)
    return true; // a temporary std::atomic: no other thread can see it
  if (Ref && !refHoldsOnlyPointer(RC.ast(), objectRecord(Object, false))) {
    proposeAtomic(RC, E, ContextSkip,
                  [](std::string, EditGroup &, Outcome &Failure) {
                    Failure = Outcome::SkippedAtomicRef;
                    return false;
                  });
    return true;
  }
  ObjectForm Obj = objectForm(Ref, Temporary, /*Arrow=*/false);
  proposeAtomic(RC, E, ContextSkip,
                [&](std::string Site, EditGroup &Out, Outcome &Failure) {
                  std::vector<HoistedOperand> Ops;
                  Ops.push_back({Object, Obj.How, Obj.Name, ""});
                  bool Binary = !Postfix && E->getNumArgs() == 2;
                  if (Binary) {
                    const Expr *A = E->getArg(1);
                    Ops.push_back({A,
                                   isInlineConstant(A, RC.ast())
                                       ? HoistedOperand::Form::Inline
                                       : HoistedOperand::Form::Value,
                                   "__rv_a0", ""});
                  }
                  return hoist(
                      RC, E, Ops, false,
                      [&](const std::vector<HoistedOperand> &H) {
                        std::string Operation =
                            Binary ? Obj.Deref + " " + Spelling + " " + H[1].Use
                            : Postfix ? "(" + Obj.Deref + ")" + Spelling
                                      : Spelling + Obj.Deref;
                        return Obj.Prologue +
                               atomicTail("__rv_p", Op, "5", "__rv_mo",
                                          Operation, true, "1", Site, false);
                      },
                      Out, Failure);
                });
  return true;
}

bool AtomicRewrite::atomicExpr(const AtomicExpr *E,
                               std::optional<Outcome> ContextSkip) {
  std::optional<Range> Whole = RC.rangeOf(E);
  if (!Whole)
    return true;
  // The builtin's name is the text before its '('.
  llvm::StringRef Text = RC.rawText(*Whole);
  std::string Name = Text.substr(0, Text.find('(')).trim().str();
  AtomicOp Op = builtinOp(Name);
  proposeAtomic(
      RC, E, ContextSkip,
      [&](std::string Site, EditGroup &Out, Outcome &Failure) {
        // Operands in source order (AtomicExpr stores them in its own order).
        std::vector<const Expr *> Args;
        for (const Stmt *S : const_cast<AtomicExpr *>(E)->children())
          if (const auto *A = dyn_cast_or_null<Expr>(S))
            // Operands clang synthesises (the weak flag of the C11 forms) have
            // no text of their own inside the parentheses.
            if (auto R = RC.rangeOf(A);
                R && R->Begin > Whole->Begin + Name.size())
              Args.push_back(A);
        std::sort(Args.begin(), Args.end(), [&](const Expr *A, const Expr *B) {
          return RC.rangeOf(A)->Begin < RC.rangeOf(B)->Begin;
        });
        std::vector<HoistedOperand> Ops;
        for (size_t I = 0; I < Args.size(); ++I) {
          const Expr *A = Args[I];
          bool IsPtr = A == E->getPtr();
          Ops.push_back({A,
                         !IsPtr && isInlineConstant(A, RC.ast())
                             ? HoistedOperand::Form::Inline
                             : HoistedOperand::Form::Value,
                         IsPtr ? "__rv_p" : "__rv_a" + std::to_string(I), ""});
        }
        bool HasResult = !E->getType()->isVoidType();
        return hoist(
            RC, E, Ops, /*UseAutoType=*/true,
            [&](const std::vector<HoistedOperand> &H) {
              std::string Mo = "5", FailMo = "__rv_mo", Operation = Name + "(";
              for (size_t I = 0; I < H.size(); ++I) {
                Operation += (I ? ", " : "") + H[I].Use;
                if (Args[I] == E->getOrder())
                  Mo = "(int)" + H[I].Use;
                if (E->isCmpXChg() && Args[I] == E->getOrderFail())
                  FailMo = "(int)" + H[I].Use;
              }
              Operation += ")";
              if (Name.find("init") != std::string::npos)
                Mo = "0";
              std::string Succeeded = Op == AtomicOp::Cmpxchg ? "__rv_r" : "1";
              return atomicTail("__rv_p", Op, Mo, FailMo, Operation, HasResult,
                                Succeeded, Site, true);
            },
            Out, Failure);
      });
  return true;
}

bool AtomicRewrite::builtinCall(const CallExpr *E,
                                std::optional<Outcome> ContextSkip) {
  const FunctionDecl *F = E->getDirectCallee();
  if (!F || !F->getIdentifier())
    return false;
  llvm::StringRef Name = F->getName();
  bool Fence = false, Signal = false;
  if (unsigned ID = F->getBuiltinID()) {
    (void)ID;
    if (Name == "__atomic_thread_fence" || Name == "__c11_atomic_thread_fence")
      Fence = true;
    else if (Name == "__atomic_signal_fence" ||
             Name == "__c11_atomic_signal_fence")
      Fence = Signal = true;
    else if (Name == "__sync_synchronize")
      Fence = true;
    else if (!Name.starts_with("__sync_"))
      return false;
  } else {
    const DeclContext *DC = F->getDeclContext();
    while (DC && !DC->isNamespace())
      DC = DC->getParent();
    if (!DC || !DC->isStdNamespace())
      return false;
    if (Name == "atomic_thread_fence")
      Fence = true;
    else if (Name == "atomic_signal_fence")
      Fence = Signal = true;
    else
      return false;
  }
  std::optional<Range> CalleeRange = RC.rangeOf(E->getCallee());
  if (!CalleeRange)
    return true;
  std::string Callee = RC.textOf(*CalleeRange);
  proposeAtomic(
      RC, E, ContextSkip,
      [&](std::string Site, EditGroup &Out, Outcome &Failure) {
        std::vector<HoistedOperand> Ops;
        for (unsigned I = 0; I < E->getNumArgs(); ++I) {
          const Expr *A = E->getArg(I);
          bool IsPtr = !Fence && I == 0;
          Ops.push_back({A,
                         !IsPtr && isInlineConstant(A, RC.ast())
                             ? HoistedOperand::Form::Inline
                             : HoistedOperand::Form::Value,
                         IsPtr ? "__rv_p" : "__rv_a" + std::to_string(I), ""});
        }
        bool HasResult = !E->getType()->isVoidType();
        return hoist(
            RC, E, Ops, /*UseAutoType=*/true,
            [&](const std::vector<HoistedOperand> &H) {
              std::string Operation = Callee + "(";
              for (size_t I = 0; I < H.size(); ++I)
                Operation += (I ? ", " : "") + H[I].Use;
              Operation += ")";
              if (Fence) {
                std::string Mo = H.empty() ? "5" : "(int)" + H[0].Use;
                return "__ravel_fence(" + Mo + ", " + (Signal ? "1" : "0") +
                       ", " + Site + "); " + Operation + "; })";
              }
              AtomicOp Op = builtinOp(Name);
              std::string Mo = Name == "__sync_lock_test_and_set" ? "2"
                               : Name == "__sync_lock_release"    ? "3"
                                                                  : "5";
              std::string Succeeded = "1";
              if (Name.contains("bool_compare_and_swap"))
                Succeeded = "__rv_r";
              else if (Name.contains("val_compare_and_swap") && H.size() > 1)
                Succeeded = "__rv_r == " + H[1].Use;
              return atomicTail("__rv_p", Op, Mo, "__rv_mo", Operation,
                                HasResult, Succeeded, Site, true);
            },
            Out, Failure);
      });
  return true;
}

} // namespace ravel::instrument

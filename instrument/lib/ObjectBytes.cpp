//===- ObjectBytes.cpp - accesses to bytes of an object -------------------===//
#include "ObjectBytes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecordLayout.h"

namespace ravel::instrument {

using namespace clang;

const Expr *stripBaseCasts(ASTContext &Ctx, const Expr *E, uint64_t &Offset) {
  for (;;) {
    E = E->IgnoreParens();
    const auto *IC = dyn_cast<ImplicitCastExpr>(E);
    if (!IC)
      return E;
    CastKind K = IC->getCastKind();
    if (K == CK_NoOp) {
      E = IC->getSubExpr();
      continue;
    }
    if (K != CK_DerivedToBase && K != CK_UncheckedDerivedToBase)
      return E;
    QualType From = IC->getSubExpr()->getType();
    if (const auto *P = From->getAs<PointerType>())
      From = P->getPointeeType();
    const auto *Derived = From->getAsCXXRecordDecl();
    if (!Derived)
      return nullptr;
    for (const CXXBaseSpecifier *B : IC->path()) {
      const auto *Base = B->getType()->getAsCXXRecordDecl();
      if (B->isVirtual() || !Base)
        return nullptr;
      Offset += Ctx.getASTRecordLayout(Derived)
                    .getBaseClassOffset(Base)
                    .getQuantity();
      Derived = Base;
    }
    E = IC->getSubExpr();
  }
}

/// Bits [Begin, End) of \p F's memory location within its record.
static std::pair<uint64_t, uint64_t> bitFieldLocation(ASTContext &Ctx,
                                                      const FieldDecl *F) {
  const RecordDecl *RD = F->getParent();
  const ASTRecordLayout &L = Ctx.getASTRecordLayout(RD);
  uint64_t Own = L.getFieldOffset(F->getFieldIndex());
  uint64_t Begin = Own, End = Own + F->getBitWidthValue(Ctx);
  if (RD->isUnion())
    return {Begin, End};
  // The run of adjacent non-zero-width bit-fields F belongs to.
  bool InRun = false, Found = false;
  uint64_t RunBegin = 0, RunEnd = 0;
  for (const FieldDecl *G : RD->fields()) {
    bool Bits = G->isBitField() && !G->isZeroLengthBitField(Ctx);
    if (!Bits) {
      if (Found)
        break;
      InRun = false;
      continue;
    }
    uint64_t GBegin = L.getFieldOffset(G->getFieldIndex());
    uint64_t GEnd = GBegin + G->getBitWidthValue(Ctx);
    if (!InRun) {
      RunBegin = GBegin;
      RunEnd = GEnd;
      InRun = true;
    } else {
      RunBegin = std::min(RunBegin, GBegin);
      RunEnd = std::max(RunEnd, GEnd);
    }
    Found |= G == F;
  }
  if (Found) {
    Begin = RunBegin;
    End = RunEnd;
  }
  return {Begin, End};
}

static bool packedField(const FieldDecl *F) {
  return F->hasAttr<PackedAttr>() || F->getParent()->hasAttr<PackedAttr>() ||
         F->getParent()->hasAttr<MaxFieldAlignmentAttr>();
}

std::optional<ObjectBytes> memberBytes(ASTContext &Ctx, const Expr *E,
                                       bool &Packed) {
  Packed = false;
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParens());
  const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!F || F->getParent()->isInvalidDecl())
    return std::nullopt;
  ObjectBytes At;
  const uint64_t CharBits = Ctx.getCharWidth();
  if (F->isBitField()) {
    auto [Begin, End] = bitFieldLocation(Ctx, F);
    At.Offset = Begin / CharBits;
    At.Size = (End + CharBits - 1) / CharBits - At.Offset;
  } else {
    At.Size = Ctx.getTypeSizeInChars(ME->getType()).getQuantity();
  }
  // Offsets of the members from the base inward.
  for (;;) {
    Packed |= packedField(F);
    uint64_t Bits = Ctx.getASTRecordLayout(F->getParent())
                        .getFieldOffset(F->getFieldIndex());
    if (!F->isBitField()) {
      if (Bits % CharBits)
        return std::nullopt;
      At.Offset += Bits / CharBits;
    }
    const Expr *Base = stripBaseCasts(Ctx, ME->getBase(), At.Offset);
    if (!Base)
      return std::nullopt;
    if (ME->isArrow()) {
      At.Pointer = true;
      const auto *This = dyn_cast<CXXThisExpr>(Base);
      At.Base = This && This->isImplicit() ? nullptr : Base;
      return At;
    }
    const auto *Inner = dyn_cast<MemberExpr>(Base);
    const auto *InnerField =
        Inner ? dyn_cast<FieldDecl>(Inner->getMemberDecl()) : nullptr;
    if (!InnerField) {
      At.Base = Base;
      return At;
    }
    ME = Inner;
    F = InnerField;
  }
}

std::optional<Outcome> unwrappable(RewriteContext &RC, const ObjectBytes &At,
                                   Outcome Otherwise) {
  if (!At.Base)
    return std::nullopt; // implicit this: written out
  // No text of its own; `sp->m` through an overloaded `->` (the call's
  // range is not an operand); a C struct rvalue (`f().m`) has no address.
  if (!RC.rangeOf(At.Base) ||
      (At.Pointer && isa<CXXOperatorCallExpr>(At.Base)) ||
      (!At.Pointer && !RC.isCXX() && !At.Base->isLValue()))
    return Otherwise;
  if (const auto *DR = dyn_cast<DeclRefExpr>(At.Base))
    if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
      if (V->getStorageClass() == SC_Register)
        return Outcome::SkippedAsm; // no address
  return std::nullopt;
}

/// The C call reporting \p Size bytes at \p Addr, by kind and width (the
/// scalar hooks take at most 16 bytes).
static std::string cHook(SiteKind Kind, uint64_t Size, const std::string &Addr,
                         const std::string &Site) {
  std::string Args =
      "(" + Addr + ", " + std::to_string(Size) + ", &" + Site + ")";
  bool Wide = Size > 16;
  switch (Kind) {
  case SiteKind::Read:
    return (Wide ? "__ravel_read_range" : "__ravel_read") + Args;
  case SiteKind::Write:
    return (Wide ? "__ravel_write_range" : "__ravel_write") + Args;
  default:
    if (!Wide)
      return "__ravel_update" + Args;
    return "__ravel_read_range" + Args + ", __ravel_write_range" + Args;
  }
}

void wrapBase(RewriteContext &RC, const ObjectBytes &At, SiteKind Kind,
              const std::string &SiteSymbol, unsigned ImplicitAt,
              EditGroup &Edits) {
  std::string Off = std::to_string(At.Offset), Size = std::to_string(At.Size);
  if (RC.isCXX()) {
    std::string Args = ", " + Off + ", " + Size + ", " +
                       std::to_string(static_cast<unsigned>(Kind)) + ", &" +
                       SiteSymbol + ")";
    if (!At.Base) {
      Edits.prefix(ImplicitAt, ImplicitAt, "__ravel_at_p(this" + Args + "->");
      return;
    }
    Range R = *RC.rangeOf(At.Base);
    Edits.prefix(R.Begin, R.End, At.Pointer ? "__ravel_at_p(" : "__ravel_at(");
    Edits.suffix(R.Begin, R.End, Args);
    return;
  }
  // C has no implicit this: At.Base is set.
  Range R = *RC.rangeOf(At.Base);
  std::string Addr = "(const volatile char *)__rv_b";
  if (At.Offset)
    Addr += " + " + Off;
  std::string Tail =
      "); " + cHook(Kind, At.Size, Addr, SiteSymbol) + "; __rv_b; })";
  if (At.Pointer) {
    Edits.prefix(R.Begin, R.End, "(__extension__ ({ __auto_type __rv_b = (");
    Edits.suffix(R.Begin, R.End, Tail + ")");
  } else {
    Edits.prefix(R.Begin, R.End, "(*__extension__ ({ __auto_type __rv_b = &(");
    Edits.suffix(R.Begin, R.End, Tail + ")");
  }
}

} // namespace ravel::instrument

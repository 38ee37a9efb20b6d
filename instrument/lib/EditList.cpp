//===- EditList.cpp - edits of one buffer, applied in one place -----------===//
#include "EditList.h"

#include <algorithm>
#include <map>

namespace ravel::instrument {

void EditGroup::prefix(unsigned Begin, unsigned End, std::string Text) {
  Edits.push_back(
      {Edit::Kind::Prefix, Begin, 0, End - Begin, 0, std::move(Text)});
}
void EditGroup::suffix(unsigned Begin, unsigned End, std::string Text) {
  Edits.push_back(
      {Edit::Kind::Suffix, End, 0, End - Begin, 0, std::move(Text)});
}
void EditGroup::replace(unsigned Begin, unsigned End, std::string Text) {
  Edits.push_back({Edit::Kind::Replace, Begin, End - Begin, End - Begin, 0,
                   std::move(Text)});
}

static bool strictlyInside(unsigned Offset, const Edit &R) {
  return Offset > R.Offset && Offset < R.Offset + R.Length;
}

static bool conflicts(const Edit &A, const Edit &B) {
  if (A.What == Edit::Kind::Replace && B.What == Edit::Kind::Replace)
    return A.Offset < B.Offset + B.Length && B.Offset < A.Offset + A.Length;
  if (A.What == Edit::Kind::Replace)
    return strictlyInside(B.Offset, A);
  if (B.What == Edit::Kind::Replace)
    return strictlyInside(A.Offset, B);
  return false;
}

bool EditList::add(const EditGroup &Group) {
  for (const Edit &New : Group.Edits)
    for (const Edit &Old : Edits)
      if (conflicts(New, Old))
        return false;
  for (const Edit &New : Group.Edits) {
    Edits.push_back(New);
    Edits.back().Sequence = NextSequence;
  }
  ++NextSequence;
  return true;
}

clang::tooling::Replacements
EditList::toReplacements(llvm::StringRef FileName) const {
  std::vector<const Edit *> Sorted;
  for (const Edit &E : Edits)
    Sorted.push_back(&E);
  // Nesting order at one offset: suffixes inner-first, the replacement,
  // prefixes outer-first. Groups created earlier are outer on ties (the
  // visitor meets outer expressions first).
  std::sort(Sorted.begin(), Sorted.end(), [](const Edit *A, const Edit *B) {
    if (A->Offset != B->Offset)
      return A->Offset < B->Offset;
    if (A->What != B->What)
      return A->What < B->What;
    if (A->What == Edit::Kind::Suffix)
      return A->Extent != B->Extent ? A->Extent < B->Extent
                                    : A->Sequence > B->Sequence;
    return A->Extent != B->Extent ? A->Extent > B->Extent
                                  : A->Sequence < B->Sequence;
  });
  // One Replacement per offset: its insertions and at most one replaced range.
  clang::tooling::Replacements Result;
  for (size_t I = 0; I < Sorted.size();) {
    unsigned Offset = Sorted[I]->Offset, Length = 0;
    std::string Text;
    for (; I < Sorted.size() && Sorted[I]->Offset == Offset; ++I) {
      Text += Sorted[I]->Text;
      Length = std::max(Length, Sorted[I]->Length);
    }
    llvm::Error Err =
        Result.add(clang::tooling::Replacement(FileName, Offset, Length, Text));
    // Conflicts were rejected by add(); a failure here is a rewriter bug.
    if (Err)
      llvm::report_fatal_error(llvm::toString(std::move(Err)).c_str());
  }
  return Result;
}

llvm::Expected<std::string> EditList::apply(llvm::StringRef FileName,
                                            llvm::StringRef Code) const {
  return clang::tooling::applyAllReplacements(Code, toReplacements(FileName));
}

} // namespace ravel::instrument

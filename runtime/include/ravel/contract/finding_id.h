//===- ravel/contract/finding_id.h - finding kinds and ids ------*- C++ -*-===//
//
// Part of the runtime-tool contract (docs/architecture.md): header-only, no
// dependencies, no allocation; included by libravel_rt and the ravel command.
//
// A finding id (docs/report-format.md) is RV-<tag>-<16 lower-case hex
// digits>: FNV-1a (64 bit) over the kind's name and then, for each of the
// finding's site strings in ascending byte order, "\n" and the string. The
// runtime's sites are "file:line:column:op"; the driver's are pseudo-sites
// ("program:bank", "signal:SIGSEGV", "variable slots[]").
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_CONTRACT_FINDING_ID_H
#define RAVEL_CONTRACT_FINDING_ID_H

#include <stddef.h>
#include <stdint.h>

namespace ravel::contract {

enum class FindingKind : uint8_t {
#define RAVEL_FINDING_KIND(E, Name, Tag) E,
#include "finding_kinds.inc"
#undef RAVEL_FINDING_KIND
};

struct FindingKindInfo {
  FindingKind Kind;
  const char *Name; // "data-race"
  const char *Tag;  // "DR"
};

constexpr FindingKindInfo FindingKinds[] = {
#define RAVEL_FINDING_KIND(E, Name, Tag) {FindingKind::E, Name, Tag},
#include "finding_kinds.inc"
#undef RAVEL_FINDING_KIND
};
constexpr size_t NumFindingKinds =
    sizeof(FindingKinds) / sizeof(FindingKinds[0]);

constexpr const char *findingKindName(FindingKind K) {
  return FindingKinds[static_cast<size_t>(K)].Name;
}
constexpr const char *findingKindTag(FindingKind K) {
  return FindingKinds[static_cast<size_t>(K)].Tag;
}

/// The kind named Name; false for an unknown name.
inline bool parseFindingKind(const char *Name, FindingKind *Out) {
  for (const FindingKindInfo &I : FindingKinds) {
    const char *A = I.Name, *B = Name;
    while (*A && *A == *B)
      ++A, ++B;
    if (!*A && !*B) {
      *Out = I.Kind;
      return true;
    }
  }
  return false;
}

constexpr uint64_t FnvOffsetBasis = 14695981039346656037ull;
constexpr uint64_t FnvPrime = 1099511628211ull;

/// FNV-1a of Len bytes of S, continuing from H.
constexpr uint64_t fnv1a(uint64_t H, const char *S, size_t Len) {
  for (size_t I = 0; I < Len; ++I) {
    H ^= static_cast<unsigned char>(S[I]);
    H *= FnvPrime;
  }
  return H;
}
/// FNV-1a of the NUL-terminated S, continuing from H.
constexpr uint64_t fnv1a(uint64_t H, const char *S) {
  for (; *S; ++S) {
    H ^= static_cast<unsigned char>(*S);
    H *= FnvPrime;
  }
  return H;
}

/// Builds a finding id's hash: start with the kind's name, then add the
/// site strings in ascending byte order (the caller sorts them).
class FindingIdHash {
public:
  constexpr explicit FindingIdHash(const char *KindName)
      : H(fnv1a(FnvOffsetBasis, KindName)) {}
  constexpr void addSite(const char *S, size_t Len) {
    H = fnv1a(fnv1a(H, "\n", 1), S, Len);
  }
  constexpr void addSite(const char *S) { H = fnv1a(fnv1a(H, "\n", 1), S); }
  constexpr uint64_t value() const { return H; }

private:
  uint64_t H;
};

/// "RV-" + tag + "-" + 16 hex digits + NUL.
constexpr size_t FindingIdMaxLen = 3 + 8 + 1 + 16 + 1;

/// Writes RV-<Tag>-<16 lower-case hex digits of H> and a NUL into Out
/// (at least FindingIdMaxLen bytes; Tag at most 8 characters).
inline void formatFindingId(char *Out, const char *Tag, uint64_t H) {
  const char Hex[] = "0123456789abcdef";
  char *P = Out;
  *P++ = 'R', *P++ = 'V', *P++ = '-';
  for (int I = 0; Tag[I] && I < 8; ++I)
    *P++ = Tag[I];
  *P++ = '-';
  for (int Shift = 60; Shift >= 0; Shift -= 4)
    *P++ = Hex[(H >> Shift) & 0xf];
  *P = 0;
}

} // namespace ravel::contract

#endif

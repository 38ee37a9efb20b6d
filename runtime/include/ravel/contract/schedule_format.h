//===- ravel/contract/schedule_format.h - schedule file keys ----*- C++ -*-===//
//
// Part of the runtime-tool contract (docs/architecture.md): header-only, no
// dependencies. The schedule file (docs/schedule-format.md) is written and
// replayed by the runtime (runtime/scheduler/schedule_file.cpp) and kept,
// replayed and shrunk by the driver (tool/driver/schedule_file.cpp); both
// spell its magic line, keys and decision syntax from here.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_CONTRACT_SCHEDULE_FORMAT_H
#define RAVEL_CONTRACT_SCHEDULE_FORMAT_H

#include <stdint.h>

namespace ravel::contract::schedule_file {

/// The first line is Magic followed by the version.
constexpr const char Magic[] = "ravel-schedule ";
constexpr uint32_t MagicLen = sizeof(Magic) - 1;
/// The version written; versions 1 (no fingerprints), 2 (one decision per
/// choice point) and 3 (only the decisions that were not "no preemption",
/// each with its step) are read.
constexpr int Version = 3;
constexpr int OldestVersion = 1;

// Header keys, one `key value` line each (note and site may repeat).
constexpr const char KeyStrategy[] = "strategy";
constexpr const char KeySeed[] = "seed";
constexpr const char KeyDepth[] = "depth";
constexpr const char KeySteps[] = "steps";
constexpr const char KeyMaxSteps[] = "max_steps";
constexpr const char KeyExact[] = "exact";
/// A hash of the sites of all the run's steps (hex; version 3): a replay
/// that ends with another one took another path.
constexpr const char KeyPath[] = "path";
/// Which plain accesses were scheduling points: `all`, or `shared` (only
/// those that could race; the default when absent). A replay takes the
/// recorded run's choice.
constexpr const char KeyPoints[] = "points";
constexpr const char PointsAll[] = "all";
constexpr const char PointsShared[] = "shared";
/// `racy_site LINE:COLUMN` (may repeat): a site given to the run as racy
/// from the start (racy_sites=); a replay takes the same ones.
constexpr const char KeyRacySite[] = "racy_site";


constexpr const char KeyArgv[] = "argv";
constexpr const char KeyNote[] = "note";
constexpr const char KeySite[] = "site";
// Added by `ravel run` when it keeps a file.
constexpr const char KeyFinding[] = "finding";
constexpr const char KeyBuild[] = "build";
// The sections after the header: `decisions N`, then `fingerprints N`.
constexpr const char KeyDecisions[] = "decisions";
constexpr const char KeyFingerprints[] = "fingerprints";

/// The `-` decision: no preemption (keep the running thread if it can run).
constexpr char NoPreemptionToken = '-';
/// `V*N` repeats V N times.
constexpr char RepeatToken = '*';
/// The in-memory value of `-`; any other decision is below it.
constexpr uint32_t NoPreemptionValue = 0xffffffffu;
/// Decisions per line as written (run-length groups; version 3: tokens).
constexpr uint32_t DecisionsPerLine = 32;

/// Version 3 decision token: STEP KIND VALUE with no spaces, e.g. `16238t2`
/// (at step 16238 thread 2 runs next) or `301w-`. STEP is the scheduling
/// step at which the choice was made (decimal, below 2^60), KIND is one of
/// t (which thread runs), w (which waiter a signal wakes), s (a spurious
/// wake-up) or c (another choice), VALUE a decimal below
/// NoPreemptionValue or NoPreemptionToken.
struct DecisionFields {
  uint64_t Step = 0;
  char Kind = 0;
  uint32_t Value = NoPreemptionValue;
};

inline bool isDecisionKind(char C) {
  return C == 't' || C == 'w' || C == 's' || C == 'c';
}

/// Parses the version 3 token [Q, End); false when it is not one.
inline bool parseDecisionToken(const char *Q, const char *End,
                               DecisionFields &D) {
  D = DecisionFields{};
  if (Q >= End || *Q < '0' || *Q > '9')
    return false;
  while (Q < End && *Q >= '0' && *Q <= '9') {
    uint64_t Digit = static_cast<uint64_t>(*Q++ - '0');
    if (D.Step > ((uint64_t(1) << 60) - 1 - Digit) / 10)
      return false;
    D.Step = D.Step * 10 + Digit;
  }
  if (Q >= End || !isDecisionKind(*Q))
    return false;
  D.Kind = *Q++;
  if (Q < End && *Q == NoPreemptionToken)
    return Q + 1 == End;
  if (Q >= End || *Q < '0' || *Q > '9')
    return false;
  uint64_t V = 0;
  while (Q < End && *Q >= '0' && *Q <= '9') {
    V = V * 10 + static_cast<uint64_t>(*Q++ - '0');
    if (V >= NoPreemptionValue)
      return false;
  }
  D.Value = static_cast<uint32_t>(V);
  return Q == End;
}

/// A header line is `key value`: a key of at least one character, a
/// space, the value (may be empty). Empty lines are skipped.
inline bool isKeyValueLine(const char *P, const char *Eol) {
  if (P == Eol || *P == ' ')
    return false;
  for (; P < Eol; ++P)
    if (*P == ' ')
      return true;
  return false;
}

/// The value of a numeric header key (steps, max_steps, a site's index):
/// decimal digits filling [Q, End), below 2^59 * 10.
inline bool parseHeaderNumber(const char *Q, const char *End, uint64_t &V) {
  V = 0;
  if (Q >= End)
    return false;
  for (; Q < End; ++Q) {
    if (*Q < '0' || *Q > '9' || V > (1ULL << 59))
      return false;
    V = V * 10 + static_cast<uint64_t>(*Q - '0');
  }
  return true;
}

/// The most decisions a file of FileSize bytes may declare: repeats
/// (`-*1000`) let a short file stand for many decisions, but what a file
/// makes a reader allocate stays bounded by its size.
constexpr uint64_t maxDecisions(uint64_t FileSize) {
  return (uint64_t(1) << 24) + 1024 * FileSize;
}

/// The value of the `path` key: 1 to 16 lower-case hex digits filling
/// [Q, End).
inline bool parseHeaderHex(const char *Q, const char *End, uint64_t &V) {
  V = 0;
  if (Q >= End || End - Q > 16)
    return false;
  for (; Q < End; ++Q) {
    int D = *Q >= '0' && *Q <= '9' ? *Q - '0'
            : *Q >= 'a' && *Q <= 'f' ? *Q - 'a' + 10
                                     : -1;
    if (D < 0)
      return false;
    V = V << 4 | static_cast<uint64_t>(D);
  }
  return true;
}

/// A racy site's key: its line and column.
constexpr uint64_t racySiteKey(uint64_t Line, uint64_t Column) {
  return Line << 20 | (Column & 0xfffff);
}

/// The value of `racy_site`: LINE ':' COLUMN, decimal, filling [Q, End);
/// LINE below 2^40, COLUMN below 2^20.
inline bool parseRacySite(const char *Q, const char *End, uint64_t &Key) {
  uint64_t Line = 0, Column = 0;
  const char *Colon = Q;
  while (Colon < End && *Colon != ':')
    ++Colon;
  if (Colon == End || !parseHeaderNumber(Q, Colon, Line) ||
      !parseHeaderNumber(Colon + 1, End, Column) || Line >= (1ull << 40) ||
      Column >= (1ull << 20))
    return false;
  Key = racySiteKey(Line, Column);
  return true;
}

/// The largest site index a `site` line may have.
constexpr uint64_t MaxSiteIndex = 1u << 20;

/// One fingerprint token (docs/schedule-format.md, "Fingerprints"):
/// KIND DELTA '@' SITE ':' SET, or KIND DELTA '@' SITE ':#' HASH '.' COUNT
/// when the options were hashed, then (version 3, optional) '/' PATH;
/// KIND is t, w, s or c; DELTA, SITE and COUNT are decimal below 2^32; SET
/// and HASH are 1 to 16 lower-case hex digits, PATH 1 to 8.
struct FingerprintFields {
  char Kind = 0;
  bool Hashed = false;
  bool HasPath = false;
  uint32_t Delta = 0, Site = 0, Count = 0;
  uint64_t Set = 0;  // the options' bit mask, or their hash
  uint32_t Path = 0; // hash of the sites of the run's steps so far
};

/// Parses the token [Q, End); false when it is not one. Count is the
/// number of bits of Set when the token does not give it.
inline bool parseFingerprintToken(const char *Q, const char *End,
                                  FingerprintFields &F) {
  F = FingerprintFields{};
  if (Q >= End || (*Q != 't' && *Q != 'w' && *Q != 's' && *Q != 'c'))
    return false;
  F.Kind = *Q++;
  auto Num = [&Q, End](uint64_t &V) {
    if (Q >= End || *Q < '0' || *Q > '9')
      return false;
    V = 0;
    while (Q < End && *Q >= '0' && *Q <= '9' && V < (1ULL << 40))
      V = V * 10 + static_cast<uint64_t>(*Q++ - '0');
    return V <= 0xffffffffULL;
  };
  auto Hex = [](char C) {
    return C >= '0' && C <= '9'   ? C - '0'
           : C >= 'a' && C <= 'f' ? C - 'a' + 10
                                  : -1;
  };
  uint64_t Delta = 0, Site = 0;
  if (!Num(Delta) || Q >= End || *Q++ != '@' || !Num(Site) || Q >= End ||
      *Q++ != ':')
    return false;
  F.Delta = static_cast<uint32_t>(Delta);
  F.Site = static_cast<uint32_t>(Site);
  F.Hashed = Q < End && *Q == '#';
  if (F.Hashed)
    ++Q;
  int Digits = 0;
  for (; Q < End && Hex(*Q) >= 0; ++Digits)
    F.Set = F.Set << 4 | static_cast<uint64_t>(Hex(*Q++));
  if (Digits == 0 || Digits > 16)
    return false;
  if (F.Hashed) {
    uint64_t Count = 0;
    if (Q >= End || *Q++ != '.' || !Num(Count))
      return false;
    F.Count = static_cast<uint32_t>(Count);
  } else {
    for (uint64_t B = F.Set; B; B &= B - 1)
      ++F.Count;
  }
  if (Q < End && *Q == '/') {
    ++Q;
    int PathDigits = 0;
    for (; Q < End && Hex(*Q) >= 0; ++PathDigits)
      F.Path = F.Path << 4 | static_cast<uint32_t>(Hex(*Q++));
    if (PathDigits == 0 || PathDigits > 8)
      return false;
    F.HasPath = true;
  }
  return Q == End;
}

} // namespace ravel::contract::schedule_file

#endif

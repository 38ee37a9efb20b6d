//===- Stats.cpp - per-reason rewrite counts ------------------------------===//
#include "ravel/instrument/Stats.h"

#include <cstdio>

namespace ravel::instrument {

const char *outcomeName(Outcome O) {
  switch (O) {
  case Outcome::InstrumentedRead:
    return "instrumented-read";
  case Outcome::InstrumentedWrite:
    return "instrumented-write";
  case Outcome::InstrumentedUpdate:
    return "instrumented-update";
  case Outcome::InstrumentedVptr:
    return "instrumented-vptr";
  case Outcome::Atomic:
    return "atomic";
  case Outcome::SyncSite:
    return "sync-site";
  case Outcome::FunctionScope:
    return "function-scope";
  case Outcome::LibraryCall:
    return "library-call";
  case Outcome::PrunedLocal:
    return "pruned-local";
  case Outcome::PrunedThreadLocal:
    return "pruned-thread-local";
  case Outcome::PrunedConst:
    return "pruned-const";
  case Outcome::SkippedBitfield:
    return "skipped-bitfield";
  case Outcome::SkippedPacked:
    return "skipped-packed";
  case Outcome::SkippedVptr:
    return "skipped-vptr";
  case Outcome::SkippedVectorElement:
    return "skipped-vector-element";
  case Outcome::SkippedAtomicQualified:
    return "skipped-atomic-qualified";
  case Outcome::SkippedVariablyModified:
    return "skipped-variably-modified";
  case Outcome::SkippedConstexpr:
    return "skipped-constexpr";
  case Outcome::SkippedFileScope:
    return "skipped-file-scope";
  case Outcome::SkippedUnevaluated:
    return "skipped-unevaluated";
  case Outcome::SkippedAsm:
    return "skipped-asm";
  case Outcome::SkippedDecltypeAuto:
    return "skipped-decltype-auto";
  case Outcome::SkippedTemplateMismatch:
    return "skipped-template-mismatch";
  case Outcome::SkippedBraceArgument:
    return "skipped-brace-argument";
  case Outcome::SkippedAtomicRef:
    return "skipped-atomic-ref";
  case Outcome::SkippedConflict:
    return "skipped-conflict";
  case Outcome::SkippedThreadSafety:
    return "skipped-thread-safety";
  case Outcome::SkippedNoSanitize:
    return "skipped-no-sanitize";
  case Outcome::SkippedFunction:
    return "skipped-function";
  case Outcome::NumOutcomes:
    break;
  }
  return "unknown";
}

Stats &Stats::operator+=(const Stats &Other) {
  for (unsigned I = 0; I < NumOutcomes; ++I)
    Counts[I] += Other.Counts[I];
  return *this;
}

uint64_t Stats::instrumentedAccesses() const {
  return get(Outcome::InstrumentedRead) + get(Outcome::InstrumentedWrite) +
         get(Outcome::InstrumentedUpdate) + get(Outcome::InstrumentedVptr);
}

uint64_t Stats::prunedAccesses() const {
  return get(Outcome::PrunedLocal) + get(Outcome::PrunedThreadLocal) +
         get(Outcome::PrunedConst);
}

uint64_t Stats::skippedAccesses() const {
  uint64_t N = 0;
  for (unsigned I = static_cast<unsigned>(Outcome::SkippedBitfield);
       I < NumOutcomes; ++I)
    if (static_cast<Outcome>(I) != Outcome::SkippedFunction)
      N += Counts[I];
  return N;
}

std::string Stats::format() const {
  std::string Out;
  char Line[96];
  for (unsigned I = 0; I < NumOutcomes; ++I) {
    if (!Counts[I])
      continue;
    std::snprintf(Line, sizeof Line, "%-27s %llu\n",
                  outcomeName(static_cast<Outcome>(I)),
                  static_cast<unsigned long long>(Counts[I]));
    Out += Line;
  }
  uint64_t Total =
      instrumentedAccesses() + prunedAccesses() + skippedAccesses();
  std::snprintf(Line, sizeof Line,
                "accesses: %llu instrumented, %llu pruned (%.1f%%), %llu "
                "skipped\n",
                static_cast<unsigned long long>(instrumentedAccesses()),
                static_cast<unsigned long long>(prunedAccesses()),
                Total ? 100.0 * prunedAccesses() / Total : 0.0,
                static_cast<unsigned long long>(skippedAccesses()));
  Out += Line;
  return Out;
}

} // namespace ravel::instrument

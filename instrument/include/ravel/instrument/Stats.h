//===- ravel/instrument/Stats.h - per-reason rewrite counts -----*- C++ -*-===//
//
// What the rewriter did with every candidate site, one counter per outcome.
// Each source location counts once, however many template instantiations
// reach it. `ravel instrument --stats` and `ravel-cc` with RAVEL_STATS=1 print
// these; the TU registration carries the three totals to the runtime.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_STATS_H
#define RAVEL_INSTRUMENT_STATS_H

#include <array>
#include <cstdint>
#include <string>

namespace ravel::instrument {

enum class Outcome : unsigned {
  // Rewritten.
  InstrumentedRead,
  InstrumentedWrite,
  InstrumentedUpdate,
  InstrumentedVptr, ///< virtual call, delete, constructor/destructor body
  Atomic,
  SyncSite,
  FunctionScope,
  LibraryCall,
  // Not rewritten: provably no race.
  PrunedLocal,       ///< automatic object whose address never escapes
  PrunedThreadLocal, ///< thread_local / _Thread_local object
  PrunedConst,       ///< const object: never written, cannot race
  // Not rewritten: an edit would not be provably safe.
  SkippedBitfield,
  SkippedPacked, ///< a packed member whose base cannot be wrapped
  SkippedVptr,   ///< the vptr's place in the object is not known statically
  SkippedVectorElement,
  SkippedAtomicQualified, ///< C11 _Atomic lvalue: an implicit atomic access
  SkippedVariablyModified,
  SkippedConstexpr,   ///< constant-evaluated context or constexpr function
  SkippedFileScope,   ///< initialisers outside any function body
  SkippedUnevaluated, ///< sizeof, decltype, typeid, noexcept, _Generic
  SkippedAsm,
  SkippedDecltypeAuto,     ///< `return x;` with a decltype(auto) return type
  SkippedTemplateMismatch, ///< instantiations disagree on the edit
  SkippedBraceArgument,    ///< atomic call with a braced-init argument
  SkippedAtomicRef,        ///< atomic_ref whose referenced address is unknown
  SkippedConflict,         ///< overlaps another rewrite's replaced text
  SkippedThreadSafety,     ///< operand of a call with thread-safety attributes
  SkippedNoSanitize,       ///< in a function marked no_sanitize("thread")
  SkippedFunction,         ///< coroutine, naked or function-try-block body
  NumOutcomes
};

constexpr unsigned NumOutcomes = static_cast<unsigned>(Outcome::NumOutcomes);

/// Stable, user-visible name of an outcome (e.g. "skipped-bitfield").
const char *outcomeName(Outcome O);

struct Stats {
  std::array<uint64_t, NumOutcomes> Counts{};

  void add(Outcome O, uint64_t N = 1) { Counts[static_cast<unsigned>(O)] += N; }
  uint64_t get(Outcome O) const { return Counts[static_cast<unsigned>(O)]; }
  Stats &operator+=(const Stats &Other);

  /// Plain accesses rewritten (reads, writes, updates, vptr accesses).
  uint64_t instrumentedAccesses() const;
  /// Plain accesses left alone because they cannot race.
  uint64_t prunedAccesses() const;
  /// Plain accesses left alone because an edit would not be safe.
  uint64_t skippedAccesses() const;

  /// One `name: count` line per non-zero outcome, then the totals.
  std::string format() const;
};

} // namespace ravel::instrument

#endif

//===- ravel/contract/options.h - RAVEL_OPTIONS syntax ---------*- C++ -*-===//
//
// Part of the runtime-tool contract (docs/architecture.md): header-only, no
// dependencies. The keys themselves are in options.inc; this header has
// what both sides need to read and write the variable's text.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_CONTRACT_OPTIONS_H
#define RAVEL_CONTRACT_OPTIONS_H

#include "schedule_mode.h"

#include <stdint.h>

namespace ravel::contract {

/// The environment variable, and its entry's prefix in an environment.
constexpr const char OptionsVariable[] = "RAVEL_OPTIONS";
constexpr const char OptionsEnvPrefix[] = "RAVEL_OPTIONS=";
constexpr bool isPrefixOfEnvEntry(const char *Var, const char *Prefix) {
  return *Var ? *Var == *Prefix && isPrefixOfEnvEntry(Var + 1, Prefix + 1)
              : Prefix[0] == '=' && Prefix[1] == 0;
}
static_assert(isPrefixOfEnvEntry(OptionsVariable, OptionsEnvPrefix),
              "the prefix is the variable's name and '='");

/// key=value items are separated by any run of these characters.
constexpr bool isOptionSeparator(char C) {
  return C == ' ' || C == ':' || C == '\t' || C == '\n';
}

enum class OptionOwner : uint8_t { User, Run, Internal };

struct OptionInfo {
  const char *Key;
  OptionOwner Owner;
  const char *Default; // as written; "" when the key has no default
  const char *Expect;  // what a valid value is
  const char *Doc;     // one line
};

/// Every key of options.inc, in its order.
constexpr OptionInfo AllOptions[] = {
#define RAVEL_OPTION(Key, Field, Kind, Type, Default, Min, Max, Owner, Expect, \
                     Doc)                                                      \
  {#Key, OptionOwner::Owner, Default, Expect, Doc},
#include "options.inc"
#undef RAVEL_OPTION
};

/// The default of a numeric key, from its text (compile time).
constexpr uint64_t optionNumber(const char *Text) {
  uint64_t N = 0;
  for (; *Text >= '0' && *Text <= '9'; ++Text)
    N = N * 10 + static_cast<uint64_t>(*Text - '0');
  return N;
}

/// The default of schedule=, from its text (compile time).
constexpr ScheduleMode scheduleModeOrNative(const char *Text) {
  for (ScheduleMode M : AllScheduleModes) {
    const char *A = scheduleModeName(M), *B = Text;
    while (*A && *A == *B)
      ++A, ++B;
    if (!*A && !*B)
      return M;
  }
  return ScheduleMode::Native;
}

} // namespace ravel::contract

#endif

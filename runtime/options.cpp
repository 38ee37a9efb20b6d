//===- runtime/options.cpp - strict RAVEL_OPTIONS parser ------------------===//
#include "options.h"

namespace ravel::rt {

namespace {
const char ValidKeys[] =
    "schedule seed depth record replay report halt_on_error exitcode "
    "deadlock_timeout_ms max_steps steps_hint suppressions verbosity "
    "free_races";

bool parseUnsigned(const char *V, uint64_t Max, uint64_t *Out) {
  if (!*V)
    return false;
  uint64_t N = 0;
  for (; *V; ++V) {
    if (*V < '0' || *V > '9')
      return false;
    uint64_t D = static_cast<uint64_t>(*V - '0');
    if (D > Max || N > (Max - D) / 10)
      return false;
    N = N * 10 + D;
  }
  *Out = N;
  return true;
}
} // namespace

const char *scheduleModeName(ScheduleMode M) {
  switch (M) {
  case ScheduleMode::Native:
    return "native";
  case ScheduleMode::Noise:
    return "noise";
  case ScheduleMode::Random:
    return "random";
  case ScheduleMode::Pct:
    return "pct";
  case ScheduleMode::Replay:
    return "replay";
  }
  return "native";
}

bool parseOptions(const char *Text, Options *Out, char *Storage,
                  size_t StorageSize, TextBuffer *Err) {
  *Out = Options();
  if (!Text)
    return true;
  size_t Len = internalStrlen(Text);
  if (Len + 1 > StorageSize) {
    Err->appendf("RAVEL_OPTIONS is too long (%zu bytes, at most %zu)", Len,
                 StorageSize - 1);
    return false;
  }
  internalMemcpy(Storage, Text, Len + 1);
  char *P = Storage;
  while (*P) {
    while (*P == ' ' || *P == ':' || *P == '\t' || *P == '\n')
      *P++ = 0;
    if (!*P)
      break;
    char *Key = P;
    while (*P && *P != ' ' && *P != ':' && *P != '\t' && *P != '\n')
      ++P;
    if (*P)
      *P++ = 0;
    char *Eq = Key;
    while (*Eq && *Eq != '=')
      ++Eq;
    if (!*Eq) {
      Err->appendf("RAVEL_OPTIONS: '%s' is not key=value; valid keys: %s", Key,
                   ValidKeys);
      return false;
    }
    *Eq = 0;
    const char *Val = Eq + 1;
    uint64_t N = 0;
    auto Bad = [&](const char *Expect) {
      Err->appendf("RAVEL_OPTIONS: bad value '%s' for %s (expected %s)", Val,
                   Key, Expect);
      return false;
    };
    auto Is = [&](const char *K) { return internalStrcmp(Key, K) == 0; };
    if (Is("schedule")) {
      static const ScheduleMode Modes[] = {
          ScheduleMode::Native, ScheduleMode::Noise, ScheduleMode::Random,
          ScheduleMode::Pct, ScheduleMode::Replay};
      bool Found = false;
      for (ScheduleMode M : Modes)
        if (internalStrcmp(Val, scheduleModeName(M)) == 0) {
          Out->Schedule = M;
          Found = true;
        }
      if (!Found)
        return Bad("native|noise|random|pct|replay");
    } else if (Is("seed")) {
      if (!parseUnsigned(Val, ~uint64_t(0), &Out->Seed))
        return Bad("an unsigned integer");
    } else if (Is("depth")) {
      if (!parseUnsigned(Val, 1000000, &N) || N == 0)
        return Bad("an integer from 1 to 1000000");
      Out->Depth = static_cast<uint32_t>(N);
    } else if (Is("record") || Is("replay") || Is("report") ||
               Is("suppressions")) {
      if (!*Val)
        return Bad("a file path");
      (Is("record")   ? Out->Record
       : Is("replay") ? Out->Replay
       : Is("report") ? Out->Report
                      : Out->Suppressions) = Val;
    } else if (Is("halt_on_error")) {
      if (internalStrcmp(Val, "0") && internalStrcmp(Val, "1"))
        return Bad("0 or 1");
      Out->HaltOnError = Val[0] == '1';
    } else if (Is("free_races")) {
      if (internalStrcmp(Val, "0") && internalStrcmp(Val, "1"))
        return Bad("0 or 1");
      Out->FreeRaces = Val[0] == '1';
    } else if (Is("exitcode")) {
      if (!parseUnsigned(Val, 255, &N))
        return Bad("an integer from 0 to 255");
      Out->ExitCode = static_cast<int>(N);
    } else if (Is("deadlock_timeout_ms")) {
      if (!parseUnsigned(Val, 86400000, &Out->DeadlockTimeoutMs))
        return Bad("milliseconds, 0 to 86400000 (0 disables the watchdog)");
    } else if (Is("max_steps")) {
      if (!parseUnsigned(Val, ~uint64_t(0), &Out->MaxSteps))
        return Bad("an unsigned integer (0: unlimited)");
    } else if (Is("steps_hint")) {
      if (!parseUnsigned(Val, ~uint64_t(0), &Out->StepsHint))
        return Bad("an unsigned integer (0: the strategy's default)");
    } else if (Is("fork_server")) {
      // Internal (docs/runtime.md): two file descriptors, "IN,OUT". Not in
      // ValidKeys, which lists what a user may set.
      char *Comma = const_cast<char *>(Val);
      while (*Comma && *Comma != ',')
        ++Comma;
      if (!*Comma)
        return Bad("two file descriptors IN,OUT");
      *Comma = 0;
      uint64_t In = 0, Out2 = 0;
      bool Ok = parseUnsigned(Val, 65535, &In) &&
                parseUnsigned(Comma + 1, 65535, &Out2) && In > 2 && Out2 > 2 &&
                In != Out2;
      *Comma = ',';
      if (!Ok)
        return Bad("two distinct file descriptors above 2, IN,OUT");
      Out->ForkServerIn = static_cast<int>(In);
      Out->ForkServerOut = static_cast<int>(Out2);
    } else if (Is("verbosity")) {
      if (!parseUnsigned(Val, 3, &N))
        return Bad("0 to 3");
      Out->Verbosity = static_cast<int>(N);
    } else {
      Err->appendf("RAVEL_OPTIONS: unknown option '%s'; valid keys: %s", Key,
                   ValidKeys);
      return false;
    }
  }
  if (Out->Schedule == ScheduleMode::Replay && !Out->Replay) {
    Err->append("RAVEL_OPTIONS: schedule=replay needs replay=PATH");
    return false;
  }
  return true;
}

} // namespace ravel::rt

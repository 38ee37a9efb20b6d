//===- runtime/options.h - RAVEL_OPTIONS ------------------------*- C++ -*-===//
//
// RAVEL_OPTIONS is a space- or colon-separated list of key=value
// (docs/runtime.md, "Options"). Every key, its type, default and meaning
// is declared once, in ravel/contract/options.inc, which the driver reads
// too. Parsing is strict: an unknown key or a bad value is an error naming
// the key and listing the valid ones.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_OPTIONS_H
#define RAVEL_RUNTIME_OPTIONS_H

#include "base.h"

#include "ravel/contract/options.h"
#include "ravel/contract/run.h"
#include "ravel/contract/schedule_mode.h"

namespace ravel::rt {

using contract::ScheduleMode;
using contract::scheduleModeName;

/// One member per key of options.inc, initialised to its default.
struct Options {
#define RAVEL_OPTION_Mode(Field, Type, Default)                                \
  ScheduleMode Field = contract::scheduleModeOrNative(Default);
#define RAVEL_OPTION_Unsigned(Field, Type, Default)                            \
  Type Field = static_cast<Type>(contract::optionNumber(Default));
#define RAVEL_OPTION_Bool(Field, Type, Default) bool Field = Default[0] == '1';
#define RAVEL_OPTION_Path(Field, Type, Default) const char *Field = nullptr;
// -1: the process does not serve forks (fork_server.h).
#define RAVEL_OPTION_FdPair(Field, Type, Default)                              \
  int Field##In = -1;                                                          \
  int Field##Out = -1;
#define RAVEL_OPTION(Key, Field, Kind, Type, Default, Min, Max, Owner, Expect, \
                     Doc)                                                      \
  RAVEL_OPTION_##Kind(Field, Type, Default)
#include "ravel/contract/options.inc"
#undef RAVEL_OPTION
#undef RAVEL_OPTION_Mode
#undef RAVEL_OPTION_Unsigned
#undef RAVEL_OPTION_Bool
#undef RAVEL_OPTION_Path
#undef RAVEL_OPTION_FdPair
};
static_assert(Options().ExitCode == contract::FindingsExitCode,
              "options.inc's exitcode default is the findings exit code");

/// Parses Text (may be null: defaults) into *Out. Strings in *Out point into
/// Storage (StorageSize bytes, holds a copy of Text). On error returns false
/// with a message (no trailing newline) in *Err.
bool parseOptions(const char *Text, Options *Out, char *Storage,
                  size_t StorageSize, TextBuffer *Err);

} // namespace ravel::rt

#endif

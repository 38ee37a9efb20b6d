//===- runtime/foreign_frames.h - frames of uninstrumented code --*- C++
//-*-===//
//
// The shadow call stack only sees instrumented functions. When code that
// was not instrumented (a shared library such as libevent, libc's qsort)
// calls back into instrumented code, the frames in between are recovered
// from the machine stack and kept as *foreign sites*: runtime-made
// __ravel_site records (kind ForeignSiteKind) that travel through
// StackTrace and the stack depot like any other site, so the current stack
// and the stored stacks of earlier accesses both show them.
//
// Cost: the function-entry hook compares the caller's PC with the text
// range of the executable (two loads and a compare); a caller outside it is
// compared, out of line, with the ranges of the other modules holding
// instrumented code (those that registered a translation unit). Only an
// entry whose caller lies outside them all, with an instrumented frame
// below it (not the first frame of a thread or main), takes the slow path:
// one _Unwind_Backtrace from the caller up to the next instrumented frame
// (at most MaxForeignFrames frames, a few microseconds), then lock-free
// lookups of the interned sites and trace (dladdr and one allocation per
// new PC, one per new trace). A per-thread cache (ForeignCache) spares the
// unwind when the same library code calls back again at the same depth.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_FOREIGN_FRAMES_H
#define RAVEL_RUNTIME_FOREIGN_FRAMES_H

#include "base.h"
#include "ravel/ravel.h"

namespace ravel::rt {

/// __ravel_site::kind of a foreign site; never emitted by the instrumenter.
constexpr uint32_t ForeignSiteKind = 0x100;

/// A frame of uninstrumented code. Site comes first: a ForeignSite is used
/// wherever a __ravel_site is. Site.file is the module's path, Site.function
/// its nearest dynamic symbol or null, line and column 0. Immutable and
/// never freed once published.
struct ForeignSite {
  __ravel_site Site;
  uptr Pc;            // return address in the module
  uptr Offset;        // Pc - 1 (inside the call) minus the module's base
  const char *Module; // path of the module as the loader names it
};

inline bool isForeignSite(const __ravel_site *S) {
  return S && S->kind == ForeignSiteKind;
}
inline const ForeignSite *asForeignSite(const __ravel_site *S) {
  return reinterpret_cast<const ForeignSite *>(S);
}

/// The foreign frames between an instrumented frame and the instrumented
/// frame that (indirectly) called it, innermost first. Interned: one node
/// per distinct sequence of PCs.
constexpr unsigned MaxForeignFrames = 12;
struct ForeignTrace {
  uint32_t Size;
  const ForeignSite *Frames[MaxForeignFrames];
  const ForeignTrace *Next; // hash chain
};

/// Text ranges of modules with instrumented code. Written under
/// foreignFramesLock, the count published last (release): a reader sees
/// complete ranges only. Ranges of unloaded modules stay (a module loaded
/// there later counts as instrumented: its frames are left out, never
/// misnamed).
struct TextRange {
  uptr Lo, Hi;
};
constexpr unsigned MaxTextRanges = 64;
extern TextRange InstrumentedText[MaxTextRanges];
extern uint32_t NumInstrumentedText;

RAVEL_ALWAYS_INLINE bool inInstrumentedText(uptr Pc) {
  uint32_t N = __atomic_load_n(&NumInstrumentedText, __ATOMIC_ACQUIRE);
  for (uint32_t I = 0; I < N; ++I)
    if (Pc - InstrumentedText[I].Lo <
        InstrumentedText[I].Hi - InstrumentedText[I].Lo)
      return true;
  return false;
}

/// Whether Pc is in the first range: the executable's text, registered at
/// start-up (before that, no PC is).
RAVEL_ALWAYS_INLINE bool inFirstText(uptr Pc) {
  return Pc - InstrumentedText[0].Lo <
         InstrumentedText[0].Hi - InstrumentedText[0].Lo;
}

/// Adds the executable segments of the module containing Addr (code or
/// data of it; no-op if Addr is in a registered range or in no module).
void registerInstrumentedModule(uptr Addr);

/// A thread's recent unwinds (x86-64 only): a callback called again and
/// again by the same library code at the same stack depth (a qsort
/// comparator) is recognised by reading the stack slots that held the
/// return addresses last time, instead of unwinding again.
/// Per thread, direct-mapped on (CallerPc, stack depth).
struct ForeignCacheEntry {
  uptr CallerPc;
  uptr Sp; // frame address of foreignCallers at the unwind
  const ForeignTrace *Trace;
  uptr Slots[MaxForeignFrames + 1]; // where each return address was, then
                                    // the one into the instrumented frame
  uptr TermPc;                      // that last return address
};
struct ForeignCache {
  static constexpr unsigned Size = 4;
  ForeignCacheEntry E[Size];
};

/// Slow path of function entry: the foreign frames from CallerPc (the
/// return address of the instrumented function being entered) up to the
/// next instrumented frame. Never null: if the unwinder cannot reach
/// CallerPc, the trace is CallerPc alone. Cost: a cache hit reads one stack
/// slot per frame; a miss unwinds (a few microseconds).
const ForeignTrace *foreignCallers(ForeignCache &Cache, uptr CallerPc);

} // namespace ravel::rt

#endif

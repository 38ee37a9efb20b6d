//===- runtime/foreign_frames.cpp -----------------------------------------===//
#include "foreign_frames.h"
#include "fork_guard.h"
#include "runtime.h"

#include <dlfcn.h>
#include <link.h>
#include <new>
#include <unwind.h>

namespace ravel::rt {

TextRange InstrumentedText[MaxTextRanges];
uint32_t NumInstrumentedText;

namespace {
SpinLock Lock;

// A ForeignSite's hash-chain link lives outside the struct, so that
// ForeignSite stays what renderers see.
struct SiteNode {
  ForeignSite S;
  const SiteNode *Next;
};

constexpr unsigned NumBuckets = 1 << 10;
const SiteNode *SiteBuckets[NumBuckets];
const ForeignTrace *TraceBuckets[NumBuckets];

unsigned bucketOf(uint64_t H) {
  return static_cast<unsigned>((H * 0x9E3779B97F4A7C15ull) >> (64 - 10));
}

template <typename Node, typename Match>
const Node *findIn(const Node *const *Head, Match M) {
  for (const Node *N = __atomic_load_n(Head, __ATOMIC_ACQUIRE); N; N = N->Next)
    if (M(N))
      return N;
  return nullptr;
}

/// dl_iterate_phdr callback: records every executable segment of the
/// module one of whose segments contains *Arg. Caller holds Lock.
int addModuleText(struct dl_phdr_info *Info, size_t, void *Arg) {
  uptr Addr = *static_cast<uptr *>(Arg);
  bool Contains = false;
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    uptr Lo = Info->dlpi_addr + P.p_vaddr;
    if (P.p_type == PT_LOAD && Addr - Lo < P.p_memsz)
      Contains = true;
  }
  if (!Contains)
    return 0;
  uint32_t N = NumInstrumentedText;
  for (int I = 0; I < Info->dlpi_phnum && N < MaxTextRanges; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type != PT_LOAD || !(P.p_flags & PF_X))
      continue;
    uptr Lo = Info->dlpi_addr + P.p_vaddr;
    bool Known = false;
    for (uint32_t J = 0; J < N; ++J)
      Known |= InstrumentedText[J].Lo == Lo;
    if (!Known)
      InstrumentedText[N++] = TextRange{Lo, Lo + P.p_memsz};
  }
  __atomic_store_n(&NumInstrumentedText, N, __ATOMIC_RELEASE);
  return 1;
}

const char *copyString(const char *S) {
  if (!S)
    return nullptr;
  size_t N = internalStrlen(S) + 1;
  auto *C = static_cast<char *>(internalAlloc(N));
  internalMemcpy(C, S, N);
  return C;
}

/// The interned site of return address Pc. dladdr runs outside the lock
/// (it takes the loader's lock); a racing insert of the same PC is found
/// again under the lock and the spare copy is dropped (never freed: the
/// runtime's allocator is per size class and it is one small block).
const ForeignSite *siteOf(uptr Pc) {
  const SiteNode **Head = &SiteBuckets[bucketOf(Pc)];
  auto Match = [Pc](const SiteNode *N) { return N->S.Pc == Pc; };
  if (const SiteNode *N = findIn(Head, Match))
    return &N->S;
  Dl_info Info{};
  // Pc - 1: inside the call instruction, so a call at the very end of a
  // function is named after that function, not the next one.
  bool Known = dladdr(reinterpret_cast<void *>(Pc - 1), &Info) != 0;
  auto *N = new (internalAlloc(sizeof(SiteNode))) SiteNode{};
  N->S.Pc = Pc;
  N->S.Offset = Known ? Pc - 1 - reinterpret_cast<uptr>(Info.dli_fbase) : Pc;
  N->S.Module = copyString(Known && Info.dli_fname && *Info.dli_fname
                               ? Info.dli_fname
                               : "<unknown module>");
  N->S.Site.file = N->S.Module;
  N->S.Site.function = Known ? copyString(Info.dli_sname) : nullptr;
  N->S.Site.text = "";
  N->S.Site.kind = ForeignSiteKind;
  SpinLockGuard Guard(Lock);
  if (const SiteNode *Old = findIn(Head, Match))
    return &Old->S;
  N->Next = *Head;
  __atomic_store_n(Head, N, __ATOMIC_RELEASE);
  return &N->S;
}

struct UnwindState {
  uptr CallerPc;
  bool Found;
  bool Cacheable; // ended at an instrumented frame, no signal frame on the
                  // way, slots known
  uint32_t Skipped;
  uint32_t Size;
  uptr Pcs[MaxForeignFrames];
  uptr Slots[MaxForeignFrames + 1];
  uptr TermPc;
};

/// Skips the runtime's frames and the instrumented function itself (up to
/// CallerPc), then collects return addresses until one is in instrumented
/// text. On x86-64 a context's IP was pushed by the call just below the
/// context's CFA (libgcc: the CFA of the frame that IP returns from): that
/// slot is kept for the cache, checked here rather than trusted.
_Unwind_Reason_Code unwindStep(struct _Unwind_Context *C, void *Arg) {
  auto *S = static_cast<UnwindState *>(Arg);
  int BeforeInsn = 0;
  uptr Ip = _Unwind_GetIPInfo(C, &BeforeInsn);
  uptr Slot = _Unwind_GetCFA(C) - sizeof(uptr);
  if (!Ip)
    return _URC_END_OF_STACK;
  if (!S->Found) {
    if (Ip != S->CallerPc)
      return ++S->Skipped > 32 ? _URC_END_OF_STACK : _URC_NO_REASON;
    S->Found = true;
    S->Cacheable = true;
  }
  // A signal frame's IP was not pushed by a call: no slot to check.
  if (BeforeInsn || Slot < sizeof(uptr) ||
      *reinterpret_cast<const uptr *>(Slot) != Ip)
    S->Cacheable = false;
  if (S->Size && inInstrumentedText(Ip)) {
    S->Slots[S->Size] = Slot;
    S->TermPc = Ip;
    return _URC_END_OF_STACK;
  }
  S->Slots[S->Size] = Slot;
  S->Pcs[S->Size++] = Ip;
  if (S->Size == MaxForeignFrames) {
    S->Cacheable = false; // cut short: the end is not known
    return _URC_END_OF_STACK;
  }
  return _URC_NO_REASON;
}

/// Whether E's slots still hold the return addresses of its trace.
bool stillOnStack(const ForeignCacheEntry &E) {
  const ForeignTrace *T = E.Trace;
  for (uint32_t I = 0; I < T->Size; ++I)
    if (*reinterpret_cast<const uptr *>(E.Slots[I]) != T->Frames[I]->Pc)
      return false;
  return *reinterpret_cast<const uptr *>(E.Slots[T->Size]) == E.TermPc;
}

/// The interned trace of S's return addresses (CallerPc alone if the
/// unwinder did not reach it).
const ForeignTrace *internTrace(UnwindState &S) {
  if (!S.Found) {
    S.Size = 1;
    S.Pcs[0] = S.CallerPc;
  }
  uint64_t H = S.Size;
  for (uint32_t I = 0; I < S.Size; ++I)
    H = (H ^ S.Pcs[I]) * 0x100000001B3ull;
  const ForeignTrace **Head = &TraceBuckets[bucketOf(H)];
  auto Match = [&S](const ForeignTrace *N) {
    if (N->Size != S.Size)
      return false;
    for (uint32_t I = 0; I < S.Size; ++I)
      if (N->Frames[I]->Pc != S.Pcs[I])
        return false;
    return true;
  };
  if (const ForeignTrace *N = findIn(Head, Match))
    return N;
  auto *N = new (internalAlloc(sizeof(ForeignTrace))) ForeignTrace{};
  N->Size = S.Size;
  for (uint32_t I = 0; I < S.Size; ++I)
    N->Frames[I] = siteOf(S.Pcs[I]);
  SpinLockGuard Guard(Lock);
  if (const ForeignTrace *Old = findIn(Head, Match))
    return Old;
  N->Next = *Head;
  __atomic_store_n(Head, N, __ATOMIC_RELEASE);
  return N;
}
} // namespace

SpinLock &foreignFramesLock() { return Lock; }

void registerInstrumentedModule(uptr Addr) {
  if (!Addr || inInstrumentedText(Addr))
    return;
  SpinLockGuard Guard(Lock);
  if (inInstrumentedText(Addr))
    return;
  // Called once per TU with its data: a walk of the loaded modules each
  // (start-up cost), ranges already known are not added again.
  dl_iterate_phdr(addModuleText, &Addr);
}

RAVEL_NOINLINE const ForeignTrace *foreignCallers(ForeignCache &Cache,
                                                  uptr CallerPc) {
  // This frame is at a fixed distance from the instrumented function's:
  // the same address and caller means the same stack depth. The slots of a
  // matching entry lie above it in this thread's stack: safe to read.
  uptr Sp = reinterpret_cast<uptr>(__builtin_frame_address(0));
  ForeignCacheEntry &E =
      Cache.E[bucketOf(CallerPc ^ Sp * 31) % ForeignCache::Size];
#if defined(__x86_64__)
  constexpr bool UseCache = true;
#else
  constexpr bool UseCache = false; // return addresses not at CFA - 8
#endif
  if (UseCache && E.Trace && E.CallerPc == CallerPc && E.Sp == Sp &&
      stillOnStack(E))
    return E.Trace;
  UnwindState S{};
  S.CallerPc = CallerPc;
  _Unwind_Backtrace(unwindStep, &S);
  const ForeignTrace *T = internTrace(S);
  if (UseCache && S.Found && S.Cacheable && S.TermPc) {
    E.Trace = nullptr;
    E.CallerPc = CallerPc;
    E.Sp = Sp;
    internalMemcpy(E.Slots, S.Slots, (S.Size + 1) * sizeof(uptr));
    E.TermPc = S.TermPc;
    E.Trace = T;
  }
  return T;
}

} // namespace ravel::rt

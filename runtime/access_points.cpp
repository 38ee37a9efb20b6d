//===- runtime/access_points.cpp - which accesses the scheduler sees ------===//
#include "access_points.h"

#include "schedule_point.h"

#include "ravel/contract/schedule_format.h"

namespace ravel::rt {

bool QuietFastPath;

namespace {
// Racy sites: an open-addressed set of site pointers, added to by the
// thread that reports a race (under a serialized schedule, the thread
// holding the turn) and read lock-free. Full: every access is a point.
constexpr unsigned RacySlots = 1024;
const __ravel_site *RacySites[RacySlots];
unsigned NumRacy;

unsigned slotOf(const __ravel_site *S) {
  return static_cast<unsigned>(
      (reinterpret_cast<uptr>(S) >> 3) * 0x9E3779B97F4A7C15ull >> 54) %
         RacySlots;
}

bool isRacy(const __ravel_site *S) {
  if (!__atomic_load_n(&NumRacy, __ATOMIC_ACQUIRE))
    return false;
  if (__atomic_load_n(&NumRacy, __ATOMIC_RELAXED) >= RacySlots / 2)
    return true;
  for (unsigned I = slotOf(S), N = 0; N < RacySlots;
       ++N, I = (I + 1) % RacySlots) {
    const __ravel_site *E = __atomic_load_n(&RacySites[I], __ATOMIC_ACQUIRE);
    if (E == S)
      return true;
    if (!E)
      return false;
  }
  return false;
}
// Sites given as racy from the start, by line and column (a site of
// another file on the same line and column is a point too: harmless).
// Filled before the program's threads start; read-only afterwards.
constexpr unsigned MaxGiven = 512;
uint64_t Given[MaxGiven];
unsigned NumGiven;
constexpr unsigned GivenSlots = 2 * MaxGiven;
uint64_t GivenSet[GivenSlots]; // key + 1; 0: empty

unsigned givenSlot(uint64_t Key) {
  return static_cast<unsigned>((Key * 0x9E3779B97F4A7C15ull) >> 53) %
         GivenSlots;
}

bool isGiven(const __ravel_site *S) {
  if (!NumGiven || !S)
    return false;
  uint64_t Key = contract::schedule_file::racySiteKey(S->line, S->column);
  for (unsigned I = givenSlot(Key);; I = (I + 1) % GivenSlots) {
    if (GivenSet[I] == Key + 1)
      return true;
    if (!GivenSet[I])
      return false;
  }
}
} // namespace

void addRacySiteKeys(const uint64_t *Keys, uint32_t N) {
  for (uint32_t K = 0; K < N && NumGiven < MaxGiven; ++K) {
    unsigned I = givenSlot(Keys[K]);
    while (GivenSet[I] && GivenSet[I] != Keys[K] + 1)
      I = (I + 1) % GivenSlots;
    if (GivenSet[I])
      continue; // given twice
    GivenSet[I] = Keys[K] + 1;
    Given[NumGiven++] = Keys[K];
    QuietFastPath = false;
  }
}

uint32_t racySiteKeys(const uint64_t **Keys) {
  *Keys = Given;
  return NumGiven;
}

bool loadRacySites(const char *Path, TextBuffer *Err) {
  TextBuffer Text;
  if (!readFileRaw(Path, &Text)) {
    Err->appendf("cannot open the racy sites file '%s' (racy_sites= in "
                 "RAVEL_OPTIONS, set by `ravel run`)",
                 Path);
    return false;
  }
  const char *P = Text.data(), *End = P + Text.size();
  for (unsigned LineNo = 1; P < End; ++LineNo) {
    const char *Eol = P;
    while (Eol < End && *Eol != '\n')
      ++Eol;
    uint64_t Key;
    if (Eol > P && !contract::schedule_file::parseRacySite(P, Eol, Key)) {
      Err->appendf("racy sites file '%s', line %u: expected LINE:COLUMN",
                   Path, LineNo);
      return false;
    }
    if (Eol > P)
      addRacySiteKeys(&Key, 1);
    P = Eol + 1;
  }
  return true;
}

void noteRacySite(const __ravel_site *S) {
  if (!S || isRacy(S))
    return;
  for (unsigned I = slotOf(S), N = 0; N < RacySlots;
       ++N, I = (I + 1) % RacySlots) {
    const __ravel_site *Expected = nullptr;
    if (__atomic_compare_exchange_n(&RacySites[I], &Expected, S, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      __atomic_add_fetch(&NumRacy, 1, __ATOMIC_RELEASE);
      __atomic_store_n(&QuietFastPath, false, __ATOMIC_RELAXED);
      return;
    }
    if (Expected == S)
      return;
  }
}

bool accessIsPoint(ThreadState *T, uptr Addr, uptr Size, bool Write,
                   const __ravel_site *Site) {
  if (G.Opts.AllPoints || isRacy(Site) || isGiven(Site) ||
      G.Shadow.touchedByOther(Addr, Size ? Size : 1, T->Tid, Write, T->Clock) ||
      ++T->QuietAccesses >= QuietLimit) {
    T->QuietAccesses = 0;
    return true;
  }
  return false;
}

} // namespace ravel::rt

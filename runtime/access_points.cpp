//===- runtime/access_points.cpp - which accesses the scheduler sees ------===//
#include "access_points.h"

#include "schedule_point.h"

namespace ravel::rt {

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
} // namespace

void noteRacySite(const __ravel_site *S) {
  if (!S || isRacy(S))
    return;
  for (unsigned I = slotOf(S), N = 0; N < RacySlots;
       ++N, I = (I + 1) % RacySlots) {
    const __ravel_site *Expected = nullptr;
    if (__atomic_compare_exchange_n(&RacySites[I], &Expected, S, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      __atomic_add_fetch(&NumRacy, 1, __ATOMIC_RELEASE);
      return;
    }
    if (Expected == S)
      return;
  }
}

bool accessIsPoint(ThreadState *T, uptr Addr, uptr Size, bool Write,
                   const __ravel_site *Site) {
  if (G.Opts.AllPoints || isRacy(Site) ||
      G.Shadow.touchedByOther(Addr, Size ? Size : 1, T->Tid, Write, T->Clock) ||
      ++T->QuietAccesses >= QuietLimit) {
    T->QuietAccesses = 0;
    return true;
  }
  return false;
}

} // namespace ravel::rt

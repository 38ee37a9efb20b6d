//===- runtime/annotations.h - what the program tells the detector --------===//
//
// The annotation entry points (ravel's <ravel/annotations.h>, the dynamic
// annotations other detectors read, ThreadSanitizer's __tsan_* interface;
// annotations.cpp) change three things: happens-before on an address,
// ranges whose races are benign, and custom locks. This header is the part
// the detector consults.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_ANNOTATIONS_H
#define RAVEL_RUNTIME_ANNOTATIONS_H

#include "base.h"

namespace ravel::rt {

/// Whether [Addr, Addr+Size) overlaps a range the program annotated as a
/// benign race (its races are not reported). Lock-free; one load when no
/// range was annotated.
bool isBenignRace(uptr Addr, uptr Size);

} // namespace ravel::rt

#endif

//===- runtime/stack_trace.h - source stacks --------------------*- C++ -*-===//
//
// A source stack is a list of sites, innermost first: the site of the
// operation itself, then for each enclosing instrumented function the last
// site executed in it (its call position, approximately), ending at the
// outermost instrumented frame. A frame with no executed site yet is named
// by its function-entry site. When uninstrumented code called a function,
// its frames follow that function's position as foreign sites
// (foreign_frames.h). Snapshots keep at most MaxFrames frames.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_STACK_TRACE_H
#define RAVEL_RUNTIME_STACK_TRACE_H

#include "base.h"
#include "ravel/ravel.h"

namespace ravel::rt {

struct StackTrace {
  static constexpr unsigned MaxFrames = 24;
  uint32_t Size = 0;
  const __ravel_site *Frames[MaxFrames];

  void clear() { Size = 0; }
  void push(const __ravel_site *S) {
    if (S && Size < MaxFrames)
      Frames[Size++] = S;
  }
  const __ravel_site *top() const { return Size ? Frames[0] : nullptr; }
};

struct ContextNode;
struct ForeignTrace;

/// One frame of a thread's shadow call stack.
struct Frame {
  const __ravel_site *Func; // function entry site
  const __ravel_site *Pos;  // last site executed in this frame, or null
  const ContextNode *Ctx;   // interned context of the enclosing frames, or
                            // null until first needed (stack_depot.h)
  // Frames of uninstrumented code between this frame and the enclosing
  // one (foreign_frames.h), or null: the function was called from
  // instrumented code (or is the outermost frame).
  const ForeignTrace *Foreign;
  uptr CallerPc; // the function's return address; 0 if not known
};

} // namespace ravel::rt

#endif

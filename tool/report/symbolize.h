//===- tool/report/symbolize.h - source lines of uninstrumented frames ----===//
//
// The runtime names a frame of code it did not instrument by module and
// offset (it links no symbolizer). The tool gives such a frame its file,
// line and column from the module's debug information with LLVM's
// symbolizer, when the module has any; otherwise the frame stays as the
// runtime wrote it. Frames of instrumented code already carry their site.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_REPORT_SYMBOLIZE_H
#define RAVEL_TOOL_REPORT_SYMBOLIZE_H

#include "report_model.h"

#include <memory>
#include <vector>

namespace ravel::report {

/// Looks up source positions, each (module, offset) once for its lifetime.
class FrameSymbolizer {
public:
  FrameSymbolizer();
  ~FrameSymbolizer();
  /// Fills in the source position of every uninstrumented frame of F whose
  /// module has line information; a missing or unreadable module is
  /// skipped silently. Opens no module when F has no such frame.
  void symbolize(Finding &F);

private:
  class Impl;
  std::unique_ptr<Impl> P;
};

/// FrameSymbolizer over every finding of Findings.
void symbolizeFrames(std::vector<Finding> &Findings);

} // namespace ravel::report

#endif

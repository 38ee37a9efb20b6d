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

#include "finding.h"

#include <vector>

namespace ravel::report {

/// Fills in the source position of every uninstrumented frame of Findings
/// whose module has line information. Each (module, offset) is looked up
/// once; a missing or unreadable module is skipped silently.
void symbolizeFrames(std::vector<Finding> &Findings);

} // namespace ravel::report

#endif

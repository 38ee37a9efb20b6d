//===- Prelude.h - text pasted at the top of every rewritten TU -*- C++ -*-===//
//
// The runtime's C ABI (generated at build time from ravel.h, never kept by
// hand) and, for C++, the typed helper templates the rewrites call.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_PRELUDE_H
#define RAVEL_INSTRUMENT_PRELUDE_H

#include <string>

namespace ravel::instrument {

std::string prelude(bool CXX);

} // namespace ravel::instrument

#endif

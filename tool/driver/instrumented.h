//===- tool/driver/instrumented.h - was a program built with ravel? -*- C++
//-*-=//
#ifndef RAVEL_TOOL_DRIVER_INSTRUMENTED_H
#define RAVEL_TOOL_DRIVER_INSTRUMENTED_H

#include "llvm/Support/Error.h"

#include <string>

namespace ravel::driver {

/// Succeeds when Path is an executable that defines __ravel_runtime_marker
/// (libravel_rt is linked in), in its static or dynamic symbol table; the
/// error says what the file is instead and how to rebuild it.
llvm::Error checkInstrumented(const std::string &Path);

/// True when Path's runtime can serve forks (it defines __ravel_fork_server,
/// runtime/fork_server.cpp): programs built with an older runtime do not.
bool hasForkServer(const std::string &Path);

} // namespace ravel::driver

#endif

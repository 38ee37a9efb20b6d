//===- runtime/fork_server.h - one start-up, many runs ---------*- C++ -*-===//
//
// With RAVEL_OPTIONS=fork_server=IN,OUT (an internal key set by `ravel run`,
// docs/driver.md) the process becomes a fork server at the start of
// initRuntime, in .preinit_array: single-threaded, after the dynamic loader
// and libc's own start-up, but before any shared library's or the
// program's constructors, before main, and before the runtime has set up
// anything (options, suppressions, scheduler, shadow, threads, handlers).
// So a fork taken there is exactly a freshly started process, minus the
// exec and the dynamic loading.
//
// The server loops: read one request from IN, fork, report the child's pid
// on OUT, wait for the child, report its wait status. The child returns
// from serveForks() with the run's option string and goes on like a
// spawned run: the runtime initialises from those options (the same strict
// parser), then the constructors and main run. The child sees the run's
// options in its environment too (the RAVEL_OPTIONS entry of the loader's
// environment vector is replaced), so a program that re-executes itself
// starts as an ordinary run, never as a server.
//
// The protocol (ForkServerHello, ForkServerRequest, the pid and status
// words) and its limits are in ravel/contract/run.h, shared with the
// driver. EOF on IN ends the server; a run still going is killed (its
// process group) first. A malformed request ends the server with exit
// code 2.
//
// The child: its own process group, stdin and stdout on /dev/null (stdout
// kept with ForkKeepStdout), stderr on the request's path (created,
// truncated, 0600), IN and OUT closed; signal dispositions and mask are the
// server's, which are those the driver gave it (the server installs no
// handler). The server itself allocates nothing and holds no descriptor
// across runs except IN and OUT (raw syscalls only, ground rule 2).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_FORK_SERVER_H
#define RAVEL_RUNTIME_FORK_SERVER_H

#include "base.h"

#include "ravel/contract/run.h"

namespace ravel::rt {

using contract::ForkKeepStdout;
using contract::ForkServerMaxText;

/// Serves forks on InFd/OutFd. Never returns in the server (it exits at
/// EOF); returns in each run child the run's RAVEL_OPTIONS text (static
/// storage). Envp is the environment vector given to .preinit_array.
const char *serveForks(int InFd, int OutFd, char **Envp);

} // namespace ravel::rt

#endif

//===- tool/main.cpp - the ravel command ----------------------------------===//
//
// Dispatch only: by the name it was started as (ravel-cc, ravel-c++) or by its
// first argument (a subcommand). Everything else lives with the subcommand.
//
//===----------------------------------------------------------------------===//
#include "commands.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ravel::tool;

namespace {

const char *const Usage =
    "usage: ravel <command> [args]\n"
    "\n"
    "commands:\n"
    "  cc ARGS...        compile C with instrumentation (also installed as ravel-cc)\n"
    "  c++ ARGS...       compile C++ with instrumentation (also ravel-c++)\n"
    "  instrument FILE.. print or write the instrumented source\n"
    "  run [OPTIONS] -- PROGRAM ARGS...\n"
    "                    run an instrumented program under stress schedules\n"
    "  replay REPORT.json [--finding ID] | replay SCHEDULE_FILE\n"
    "                    re-run the recorded schedule of a finding\n"
    "  shrink REPORT.json [--finding ID]\n"
    "                    reduce a finding's schedule to the fewest preemptions\n"
    "  report REPORT.json --format text|json|sarif|html|junit [-o FILE]\n"
    "                    render a saved report\n"
    "\n"
    "`ravel <command> --help` describes each command.\n";

std::string baseName(const char *Path) {
  const char *Slash = std::strrchr(Path, '/');
  return Slash ? Slash + 1 : Path;
}

} // namespace

std::string ravel::tool::selfDirectory() {
  char Buf[4096];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof(Buf) - 1);
  if (N <= 0)
    return ".";
  Buf[N] = '\0';
  std::string Path(Buf);
  return Path.substr(0, Path.rfind('/'));
}

int main(int argc, char **argv) {
  std::string Self = baseName(argv[0]);
  std::vector<std::string> Rest(argv + 1, argv + argc);
  if (Self == "ravel-cc")
    return compilerMain(Language::C, Rest);
  if (Self == "ravel-c++")
    return compilerMain(Language::CXX, Rest);

  if (Rest.empty()) {
    std::fputs(Usage, stderr);
    return 2;
  }
  std::string Cmd = Rest.front();
  std::vector<std::string> Args(Rest.begin() + 1, Rest.end());
  if (Cmd == "cc")
    return compilerMain(Language::C, Args);
  if (Cmd == "c++")
    return compilerMain(Language::CXX, Args);
  if (Cmd == "instrument")
    return instrumentMain(Args);
  if (Cmd == "run")
    return runMain(Args);
  if (Cmd == "replay")
    return replayMain(Args);
  if (Cmd == "shrink")
    return shrinkMain(Args);
  if (Cmd == "report")
    return reportMain(Args);
  if (Cmd == "-h" || Cmd == "--help" || Cmd == "help") {
    std::fputs(Usage, stdout);
    return 0;
  }
  if (Cmd == "--version") {
    std::puts("ravel " RAVEL_VERSION);
    return 0;
  }
  std::fprintf(stderr,
               "ravel: unknown command '%s'\n"
               "ravel: run `ravel --help` for the list of commands.\n",
               Cmd.c_str());
  return 2;
}

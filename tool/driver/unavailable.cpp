// Placeholder until the driver lands: fails loudly, never silently.
#include "commands.h"
#include <cstdio>
namespace ravel::tool {
static int unavailable(const char *What) {
  std::fprintf(stderr, "ravel: '%s' is not part of this build\n", What);
  return 2;
}
int runMain(const std::vector<std::string> &) { return unavailable("run"); }
int replayMain(const std::vector<std::string> &) { return unavailable("replay"); }
int reportMain(const std::vector<std::string> &) { return unavailable("report"); }
int shrinkMain(const std::vector<std::string> &) { return unavailable("shrink"); }
} // namespace ravel::tool

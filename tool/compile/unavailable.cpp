// Placeholder until the compiler wrappers land: fails loudly, never silently.
#include "commands.h"
#include <cstdio>
namespace ravel::tool {
static int unavailable(const char *What) {
  std::fprintf(stderr, "ravel: '%s' is not part of this build\n", What);
  return 2;
}
int compilerMain(Language, const std::vector<std::string> &) { return unavailable("cc"); }
int instrumentMain(const std::vector<std::string> &) { return unavailable("instrument"); }
} // namespace ravel::tool

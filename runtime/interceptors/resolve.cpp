//===- runtime/interceptors/resolve.cpp - dlsym of the real functions -----===//
#include "interceptors.h"

#include <dlfcn.h>

namespace ravel::rt {

__thread int ResolvingSymbol;

void *resolveReal(const char *Name, const char *Version) {
  ++ResolvingSymbol;
  void *P = Version ? dlvsym(RTLD_NEXT, Name, Version) : dlsym(RTLD_NEXT, Name);
  --ResolvingSymbol;
  if (!P) {
    TextBuffer Msg;
    Msg.appendf("ravel: cannot find the real %s%s%s in the C library; this "
                "runtime needs glibc 2.34 or later\n",
                Name, Version ? "@" : "", Version ? Version : "");
    rawWrite(2, Msg.data(), Msg.size());
    rawExit(2);
  }
  return P;
}

} // namespace ravel::rt

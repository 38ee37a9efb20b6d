//===- runtime/interceptors/interceptors.h - calling the real functions ---===//
//
// Interceptors are defined in the instrumented executable (libravel_rt is
// linked --whole-archive) and so pre-empt libc's definitions for the program
// and for shared libraries such as libstdc++.so. Each one resolves the real
// function once with dlsym(RTLD_NEXT) (dlvsym for versioned symbols) and
// follows STYLE.md: pre hook, real call, post hook acting only on success.
//
// dlsym may call calloc: while a thread resolves a symbol, the allocation
// interceptors serve it from a small static bootstrap arena
// (interceptors/malloc.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_INTERCEPTORS_INTERCEPTORS_H
#define RAVEL_RUNTIME_INTERCEPTORS_INTERCEPTORS_H

#include "../race_detector.h"
#include "../reporter.h"
#include "../runtime.h"
#include "../schedule_point.h"

namespace ravel::rt {

/// dlsym(RTLD_NEXT, Name) or dlvsym(RTLD_NEXT, Name, Version); dies with a
/// clear message when the symbol does not exist.
void *resolveReal(const char *Name, const char *Version);
/// > 0 while this thread is inside dlsym for resolveReal.
extern __thread int ResolvingSymbol __attribute__((tls_model("initial-exec")));

/// The thread an interceptor should act for, or null when it must only call
/// the real function (runtime not ready, or called from inside the runtime).
inline ThreadState *interceptorThread() {
  if (RAVEL_UNLIKELY(!G.Initialized)) {
    if (G.Initializing || ResolvingSymbol)
      return nullptr;
    initRuntime();
    if (!G.Initialized)
      return nullptr;
  }
  ThreadState *T = curThread();
  return T->InRuntime ? nullptr : T;
}

} // namespace ravel::rt

/// Declares `real_NAME()`, returning the resolved real NAME.
#define RAVEL_REAL(Ret, Name, ...)                                             \
  RAVEL_REAL_VERSIONED(Ret, Name, nullptr, __VA_ARGS__)
#define RAVEL_REAL_VERSIONED(Ret, Name, Version, ...)                          \
  using Name##_type = Ret (*)(__VA_ARGS__);                                    \
  static Name##_type real_##Name() {                                           \
    static Name##_type P;                                                      \
    Name##_type R = __atomic_load_n(&P, __ATOMIC_ACQUIRE);                     \
    if (RAVEL_UNLIKELY(!R)) {                                                  \
      R = reinterpret_cast<Name##_type>(                                       \
          ::ravel::rt::resolveReal(#Name, Version));                           \
      __atomic_store_n(&P, R, __ATOMIC_RELEASE);                               \
    }                                                                          \
    return R;                                                                  \
  }

#define RAVEL_INTERCEPTOR(Ret, Name, ...)                                      \
  extern "C" __attribute__((visibility("default"), used)) Ret Name(__VA_ARGS__)

#endif

//===- Prelude.cpp - text pasted at the top of every rewritten TU ---------===//
#include "Prelude.h"

namespace ravel::instrument {

static const char AbiText[] =
#include "PreludeAbi.inc"
    ;

// Each helper evaluates nothing but its already-evaluated argument, reports
// the access and hands the very same object back (same value category).
// Objects wider than 16 bytes are reported as ranges (ravel.h).
static const char CXXHelpers[] = R"ravel(
#define __RAVEL_HELPER inline __attribute__((always_inline, nodebug))
/* Clang's -Wthread-safety analysis reads a wrapped capability expression
   (`__ravel_rd(s->mu, &S)->Lock()`, `__ravel_rd(s, &S)->count` of a
   GUARDED_BY member) as the argument itself: what the user wrote. */
#define __RAVEL_SAME(__x) __attribute__((lock_returned(__x)))
template <class __T>
__RAVEL_HELPER __T &&__ravel_rd(__T &&__x, const __ravel_site *__s) noexcept __RAVEL_SAME(__x) {
  if (sizeof __x <= 16)
    __ravel_read(__builtin_addressof(__x), sizeof __x, __s);
  else
    __ravel_read_range(__builtin_addressof(__x), sizeof __x, __s);
  return static_cast<__T &&>(__x);
}
template <class __T>
__RAVEL_HELPER __T &&__ravel_wr(__T &&__x, const __ravel_site *__s) noexcept __RAVEL_SAME(__x) {
  if (sizeof __x <= 16)
    __ravel_write(__builtin_addressof(__x), sizeof __x, __s);
  else
    __ravel_write_range(__builtin_addressof(__x), sizeof __x, __s);
  return static_cast<__T &&>(__x);
}
template <class __T>
__RAVEL_HELPER __T &&__ravel_upd(__T &&__x, const __ravel_site *__s) noexcept __RAVEL_SAME(__x) {
  __ravel_update(__builtin_addressof(__x), sizeof __x, __s);
  return static_cast<__T &&>(__x);
}
/* Bytes [__off, __off + __n) of the object __b (or *__p) are read (__k 1),
   written (2) or updated (3); the object is handed back and the bit-field,
   packed member or virtual call is then used as written (ObjectBytes.h).
   The address is computed as a char pointer: no misaligned typed pointer. */
__RAVEL_HELPER void __ravel_bytes(const volatile char *__a,
                                  decltype(sizeof 0) __n, int __k,
                                  const __ravel_site *__s) noexcept {
  if (__k == 1)
    (__n <= 16 ? __ravel_read : __ravel_read_range)(__a, __n, __s);
  else if (__k == 2)
    (__n <= 16 ? __ravel_write : __ravel_write_range)(__a, __n, __s);
  else if (__n <= 16)
    __ravel_update(__a, __n, __s);
  else {
    __ravel_read_range(__a, __n, __s);
    __ravel_write_range(__a, __n, __s);
  }
}
template <class __T>
__RAVEL_HELPER __T &&__ravel_at(__T &&__b, decltype(sizeof 0) __off,
                                decltype(sizeof 0) __n, int __k,
                                const __ravel_site *__s) noexcept
    __RAVEL_SAME(__b) {
  __ravel_bytes((const volatile char *)__builtin_addressof(__b) + __off, __n,
                __k, __s);
  return static_cast<__T &&>(__b);
}
/* A null pointer is handed back unreported (`delete p` of a null p). */
template <class __T>
__RAVEL_HELPER __T *__ravel_at_p(__T *__p, decltype(sizeof 0) __off,
                                 decltype(sizeof 0) __n, int __k,
                                 const __ravel_site *__s) noexcept
    __RAVEL_SAME(__p) {
  if (__p)
    __ravel_bytes((const volatile char *)__p + __off, __n, __k, __s);
  return __p;
}
template <class __T>
__RAVEL_HELPER __T &&__ravel_libr(__T &&__x, const __ravel_site *__s) noexcept __RAVEL_SAME(__x) {
  __ravel_library_call(__builtin_addressof(__x), sizeof __x, 0, __s);
  return static_cast<__T &&>(__x);
}
template <class __T>
__RAVEL_HELPER __T &&__ravel_libw(__T &&__x, const __ravel_site *__s) noexcept __RAVEL_SAME(__x) {
  __ravel_library_call(__builtin_addressof(__x), sizeof __x, 1, __s);
  return static_cast<__T &&>(__x);
}
template <class __T>
__RAVEL_HELPER __T *__ravel_libr_p(__T *__p, const __ravel_site *__s) noexcept __RAVEL_SAME(__p) {
  __ravel_library_call(__p, sizeof *__p, 0, __s);
  return __p;
}
template <class __T>
__RAVEL_HELPER __T *__ravel_libw_p(__T *__p, const __ravel_site *__s) noexcept __RAVEL_SAME(__p) {
  __ravel_library_call(__p, sizeof *__p, 1, __s);
  return __p;
}
/* Waiting on a std::future / shared_future: libstdc++ hands the value over
   through atomics and futex calls the runtime cannot see, so the wait is
   marked (ravel.h, __ravel_future): BEGIN before the call, END when the
   full-expression that made the call ends (the lifetime of the default
   argument's temporary), i.e. right after get()/wait() returned. The future
   object itself is handed back unchanged. */
struct __ravel_future_end {
  const void *__f = nullptr;
  const __ravel_site *__s = nullptr;
  __attribute__((nodebug)) ~__ravel_future_end() {
    if (__f)
      __ravel_future(__f, 3, __s);
  }
};
template <class __T>
__RAVEL_HELPER __T &__ravel_fut(__T &__f, const __ravel_site *__s,
                               __ravel_future_end &&__e =
                                   __ravel_future_end()) noexcept {
  __ravel_future(__builtin_addressof(__f), 2, __s);
  __e.__f = __builtin_addressof(__f);
  __e.__s = __s;
  return __f;
}
/* The object a std::atomic_ref refers to, so its operations are keyed on
   that object rather than on the ref. Used only for refs whose only member
   is that pointer (the rewriter checks the layout; it names no private
   member), so the ref's bytes are the address. */
template <class __R>
__RAVEL_HELPER typename __R::value_type *
__ravel_ref_target(const __R &__r) noexcept {
  return __builtin_bit_cast(typename __R::value_type *, __r);
}
/* The failure order a compare-exchange derives from its one success order. */
__RAVEL_HELPER int __ravel_fail_order(int __mo) noexcept {
  return __mo == 4 ? 2 : __mo == 3 ? 0 : __mo;
}
#undef __RAVEL_HELPER
#undef __RAVEL_SAME
)ravel";

std::string prelude(bool CXX) {
  std::string Text = AbiText;
  if (CXX)
    Text += CXXHelpers;
  return Text;
}

} // namespace ravel::instrument

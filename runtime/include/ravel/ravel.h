/*===- ravel/ravel.h - C ABI between instrumented code and libravel_rt -----===*
 *
 * This header is the whole contract between code rewritten by ravel's
 * instrumenter (instrument/) and the runtime (libravel_rt). It is plain C so
 * that instrumented C and C++ translation units can both use it; the
 * instrumenter pastes an equivalent prelude into every rewritten translation
 * unit, so instrumented sources do not need this header on their include path.
 *
 * Sites
 * -----
 * A *site* is a static, constant record that the instrumenter emits once per
 * instrumented source location. Its address is its identity inside one
 * process (ids are free and unique); across runs and machines the runtime
 * identifies a site by its content (file, line, column, kind), which is what
 * finding ids are derived from. Sites are never freed and never written.
 *
 * Evaluation
 * ----------
 * Every hook below is called with operands the instrumented code has already
 * evaluated exactly once; hooks never evaluate user expressions.
 *
 * Thread safety
 * -------------
 * All hooks may be called concurrently from any number of threads (native mode
 * runs threads truly in parallel). None of them allocates or takes a lock on
 * the common path of a plain read or write.
 *===----------------------------------------------------------------------===*/
#ifndef RAVEL_RAVEL_H
#define RAVEL_RAVEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ABI version: bumped on any incompatible change of this header. The
 * instrumenter stamps it into each rewritten TU (see __ravel_abi_check). */
#define RAVEL_ABI_VERSION 1

/* What a site is the site of. */
enum __ravel_site_kind {
  RAVEL_SITE_READ = 1,   /* plain load of an lvalue */
  RAVEL_SITE_WRITE = 2,  /* plain store (=, init of a shared object) */
  RAVEL_SITE_UPDATE = 3, /* read-modify-write of a plain lvalue (+=, ++) */
  RAVEL_SITE_ATOMIC = 4, /* atomic operation or fence */
  RAVEL_SITE_SYNC = 5,   /* lock / condvar / semaphore / barrier / once call */
  RAVEL_SITE_THREAD = 6, /* thread create / join / detach */
  RAVEL_SITE_FUNC = 7,   /* function entry: line/column of the definition */
  RAVEL_SITE_CALL = 8    /* modelled library call (e.g. std::vector::push_back) */
};

typedef struct __ravel_site {
  const char *file;     /* presumed file as written in the line markers */
  const char *function; /* enclosing function as written, e.g. "Account::deposit" */
  const char *text;     /* source text of the accessed expression / the call */
  uint32_t line;        /* 1-based */
  uint32_t column;      /* 1-based */
  uint32_t kind;        /* enum __ravel_site_kind */
  uint32_t flags;       /* reserved, 0 */
} __ravel_site;

/* ---- Plain memory accesses ------------------------------------------------
 * size is 1..16 for scalar accesses; larger objects (struct copies) and
 * library ranges use the _range variants. An update (x += 1) is reported as a
 * read followed by a write with the same site. */
void __ravel_read(const volatile void *addr, size_t size,
                  const __ravel_site *site);
void __ravel_write(const volatile void *addr, size_t size,
                   const __ravel_site *site);
void __ravel_update(const volatile void *addr, size_t size,
                    const __ravel_site *site);
void __ravel_read_range(const volatile void *addr, size_t size,
                        const __ravel_site *site);
void __ravel_write_range(const volatile void *addr, size_t size,
                         const __ravel_site *site);

/* Address-returning forms, for rewriting an lvalue in place without
 * evaluating it twice: `x` becomes `(*(T *)__ravel_read_p(&x, sizeof x, &S))`
 * (C++ rewrites use the typed templates of the prelude instead). Each returns
 * addr unchanged. */
void *__ravel_read_p(const volatile void *addr, size_t size,
                     const __ravel_site *site);
void *__ravel_write_p(const volatile void *addr, size_t size,
                      const __ravel_site *site);
void *__ravel_update_p(const volatile void *addr, size_t size,
                       const __ravel_site *site);

/* ---- Function scopes (source stacks) -------------------------------------
 * Entry pushes a frame whose site is the function's definition; the
 * instrumenter pairs it with a cleanup variable so every exit path (return,
 * exception unwinding) pops it:
 *   __attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_f =
 *       __ravel_func_enter(&S);
 * Frames are also the place where the *call* line of the caller is kept: the
 * runtime records the site of the last access/sync op of each frame as that
 * frame's current position.
 * __ravel_func_enter is a macro for __ravel_func_enter_pc, which also takes
 * the instrumented function's own return address: expanded in the function
 * itself, __builtin_return_address(0) is its caller's PC (the caller of the
 * function it was inlined into, when inlined: the runtime tells the two
 * apart). With it the runtime finds calls from uninstrumented code and
 * keeps those frames in stacks (docs/runtime.md). The plain function stays
 * for translation units rewritten before (caller unknown). */
char __ravel_func_enter(const __ravel_site *site);
char __ravel_func_enter_pc(const __ravel_site *site, void *caller_pc);
void __ravel_func_exit(void);
void __ravel_func_exit_cleanup(char *unused);
#define __ravel_func_enter(site)                                               \
  __ravel_func_enter_pc((site), __builtin_return_address(0))

/* ---- Atomic operations ---------------------------------------------------
 * The instrumenter evaluates the atomic object's address and every argument
 * first, then calls begin, performs the real operation, then calls end:
 *   ({ T *p = &obj; A a = arg; int mo = order;
 *      __ravel_atomic_begin(p, sizeof *p, RAVEL_ATOMIC_RMW, mo, mo, &S);
 *      R r = real_op(p, a, mo);
 *      __ravel_atomic_end(p, sizeof *p, RAVEL_ATOMIC_RMW, mo, mo, 1, &S);
 *      r; })
 * Memory orders use the __ATOMIC_* values (relaxed 0, consume 1, acquire 2,
 * release 3, acq_rel 4, seq_cst 5), which std::memory_order shares.
 * For compare-exchange, mo is the success order, fail_mo the failure order and
 * `succeeded` the operation's result; for other operations fail_mo == mo and
 * succeeded == 1. begin and end of one operation are always paired and never
 * nest: nothing is evaluated between them but the operation itself. */
enum __ravel_atomic_op {
  RAVEL_ATOMIC_LOAD = 1,
  RAVEL_ATOMIC_STORE = 2,
  RAVEL_ATOMIC_RMW = 3,     /* exchange, fetch_op, op_fetch, ++, +=, test_and_set */
  RAVEL_ATOMIC_CMPXCHG = 4, /* compare_exchange_{weak,strong}, __sync_*_compare_and_swap */
  RAVEL_ATOMIC_WAIT = 5,    /* std::atomic::wait (C++20) */
  RAVEL_ATOMIC_NOTIFY = 6   /* notify_one / notify_all */
};
void __ravel_atomic_begin(const volatile void *addr, size_t size, int op,
                          int mo, int fail_mo, const __ravel_site *site);
void __ravel_atomic_end(const volatile void *addr, size_t size, int op, int mo,
                        int fail_mo, int succeeded, const __ravel_site *site);
/* atomic_thread_fence / atomic_signal_fence (signal fences create no edge). */
void __ravel_fence(int mo, int signal_only, const __ravel_site *site);

/* ---- Sites of calls the runtime intercepts -------------------------------
 * Lock, condvar, thread and other intercepted calls keep their own code; the
 * instrumenter only names their source location first:
 *   ((void)__ravel_next_site(&S), pthread_mutex_lock(&m))
 * The next intercepted call on this thread consumes the site (so reports say
 * "locked at bank.cpp:12:5" rather than somewhere in libstdc++). */
void __ravel_next_site(const __ravel_site *site);

/* ---- libc memory and string functions -----------------------------------
 * The compiler expands small memcpy / memset / strlen ... inline at -O1 and
 * above, and _FORTIFY_SOURCE turns them into __*_chk calls; neither reaches
 * an interceptor. So the instrumenter checks each call in user code at its
 * own site, its arguments evaluated once:
 *   ({ void *d = dst; const void *s = src; size_t n = len;
 *      __ravel_libc_begin(RAVEL_LIBC_MEMCPY, d, s, n, &S_dst, &S_src);
 *      void *r = memcpy(d, s, n); __ravel_libc_end(); r; })
 * begin checks the ranges the function reads and writes, as its interceptor
 * would: those through a at site_a, those through b at site_b (b and
 * site_b are null for functions of one pointer; n is 0 for functions
 * without a length). From begin to end the runtime's interceptors of these
 * functions check nothing, so a call that was not inlined is not checked a
 * second time. begin and end are always paired. */
enum __ravel_libc_fn {
  RAVEL_LIBC_MEMCPY = 1,  /* (dst, src, n), also memmove */
  RAVEL_LIBC_MEMSET = 2,  /* (dst, -, n), also bzero */
  RAVEL_LIBC_MEMCMP = 3,  /* (a, b, n) */
  RAVEL_LIBC_STRCPY = 4,  /* (dst, src) */
  RAVEL_LIBC_STRNCPY = 5, /* (dst, src, n) */
  RAVEL_LIBC_STRCAT = 6,  /* (dst, src) */
  RAVEL_LIBC_STRNCAT = 7, /* (dst, src, n) */
  RAVEL_LIBC_STRLEN = 8,  /* (s) */
  RAVEL_LIBC_STRCMP = 9,  /* (a, b) */
  RAVEL_LIBC_STRNCMP = 10 /* (a, b, n) */
};
void __ravel_libc_begin(int fn, const volatile void *a, const volatile void *b,
                        size_t n, const __ravel_site *site_a,
                        const __ravel_site *site_b);
void __ravel_libc_end(void);

/* ---- Modelled library calls ----------------------------------------------
 * A call into a C++ standard library function that is not rewritten (see
 * docs/stdlib-model.md) is modelled at the call site as a read (is_write == 0)
 * or a write (is_write == 1) of the object it operates on, the whole object
 * (sizeof) as a range. */
void __ravel_library_call(const volatile void *obj, size_t size, int is_write,
                          const __ravel_site *site);

/* ---- Futures -------------------------------------------------------------
 * std::promise / std::packaged_task hand a result to std::future /
 * std::shared_future through a shared state that libstdc++ synchronises
 * with inline atomics and futex system calls, invisible to interceptors.
 * The instrumenter marks the waiting side on the object the user calls,
 * evaluated once, like atomics:
 *   ({ F *f = &fut; __ravel_future(f, RAVEL_FUTURE_GET_BEGIN, &S);
 *      R r = f->get(); __ravel_future(f, RAVEL_FUTURE_GET_END, &S); r; })
 * around future::get / wait / wait_for / wait_until and shared_future::get
 * / wait* (get() empties the future, so the runtime reads the shared state
 * at BEGIN and acquires at END). The setting side needs no mark:
 * libstdc++ stores every result (and runs a packaged_task's function)
 * inside call_once on the state's once_flag, which the runtime intercepts.
 * RAVEL_FUTURE_SET (before promise::set_value / set_exception, obj: the
 * promise) is accepted as an explicit release too. The runtime keys the
 * edge on the shared state: the first word of promise, packaged_task,
 * future and shared_future is the pointer to it in libstdc++. */
enum __ravel_future_op {
  RAVEL_FUTURE_SET = 1,
  RAVEL_FUTURE_GET_BEGIN = 2,
  RAVEL_FUTURE_GET_END = 3
};
void __ravel_future(const void *obj, int op, const __ravel_site *site);

/* ---- C++20 waiting types -------------------------------------------------
 * std::latch, std::barrier and std::counting_semaphore (binary_semaphore)
 * synchronise inside libstdc++ through atomics and futex calls that are
 * neither rewritten nor intercepted. The instrumenter models the
 * happens-before the standard specifies at the call site, keyed on the
 * object the user calls (evaluated once, with the arguments, like atomics):
 *   l.count_down(n)  ->  ({ auto *__rv_p = __builtin_addressof(l);
 *                           auto __rv_a0 = (n);
 *                           __ravel_sync(__rv_p, RAVEL_SYNC_RELEASE, &S);
 *                           __rv_p->count_down(__rv_a0); })
 *   s.try_acquire()  ->  ({ ...; __ravel_sync(__rv_p, RAVEL_SYNC_WAIT, &S);
 *                           auto __rv_r = __rv_p->try_acquire();
 *                           if (__rv_r) __ravel_sync(__rv_p,
 *                               RAVEL_SYNC_ACQUIRE, &S); __rv_r; })
 * RELEASE (before latch::count_down / arrive_and_wait, barrier::arrive /
 * arrive_and_wait / arrive_and_drop, semaphore::release) is a scheduling
 * point and then a release on obj; WAIT (before a call that may block and
 * releases nothing: latch::wait / try_wait, barrier::wait, semaphore::
 * acquire / try_acquire*) is a scheduling point; ACQUIRE (after the call
 * returned, and only when a try form returned true) acquires everything
 * released on obj so far. A call that throws acquires nothing.
 * WAIT returns nonzero under a serialized schedule (random, pct, replay),
 * where a thread must not block inside libstdc++ unseen: latch::wait and
 * semaphore::acquire then poll their try form, yielding between tries
 * (RAVEL_SYNC_POLL, a sched_yield for the scheduler):
 *   if (__ravel_sync(p, RAVEL_SYNC_WAIT, &S))
 *     while (!p->try_acquire()) __ravel_sync(p, RAVEL_SYNC_POLL, &S);
 *   else p->acquire();
 * Other calls return 0. */
enum __ravel_sync_op {
  RAVEL_SYNC_RELEASE = 1,
  RAVEL_SYNC_WAIT = 2,
  RAVEL_SYNC_ACQUIRE = 3,
  RAVEL_SYNC_POLL = 4
};
int __ravel_sync(const void *obj, int op, const __ravel_site *site);

/* ---- Translation-unit registration ---------------------------------------
 * Each rewritten TU registers itself once (from a constructor) with its
 * statistics, so `ravel run` can tell an instrumented program from one that
 * is not, and so --stats can be summed per program. */
typedef struct __ravel_tu_info {
  uint32_t abi_version;   /* RAVEL_ABI_VERSION the TU was rewritten for */
  uint32_t num_sites;     /* sites emitted in this TU */
  const char *main_file;  /* the TU's main source file */
  uint64_t instrumented;  /* accesses rewritten */
  uint64_t pruned_local;  /* accesses not rewritten: provably thread-local */
  uint64_t skipped;       /* accesses not rewritten: not provably safe to edit */
} __ravel_tu_info;
void __ravel_register_tu(const __ravel_tu_info *info);

/* Present in every program that links libravel_rt; `ravel run` looks for it. */
extern const char __ravel_runtime_marker[];

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* RAVEL_RAVEL_H */

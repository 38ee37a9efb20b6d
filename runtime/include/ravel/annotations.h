/*===- ravel/annotations.h - tell ravel about custom synchronisation -----===*
 *
 * For synchronisation ravel cannot see by itself: a hand-off through a
 * lock-free structure, a lock built on a futex or a spin, a counter that is
 * racy on purpose. In a build that is not made with ravel-cc/ravel-c++ the
 * macros expand to nothing, so the header can stay in production code.
 *
 *   RAVEL_HAPPENS_BEFORE(addr)   everything before this, in this thread,
 *   RAVEL_HAPPENS_AFTER(addr)    happens before everything after a later
 *                                RAVEL_HAPPENS_AFTER on the same address
 *   RAVEL_BENIGN_RACE(addr, size, why)
 *                                races on [addr, addr+size) are not reported
 *   RAVEL_IGNORE_READS_BEGIN() / RAVEL_IGNORE_READS_END()
 *   RAVEL_IGNORE_WRITES_BEGIN() / RAVEL_IGNORE_WRITES_END()
 *                                this thread's reads (writes) in between are
 *                                not checked; the calls nest
 *   RAVEL_LOCK_CREATE(lock, is_rw)   RAVEL_LOCK_DESTROY(lock)
 *   RAVEL_LOCK_ACQUIRED(lock, is_write)   RAVEL_LOCK_RELEASED(lock, is_write)
 *                                a custom lock: ordered like a mutex, held
 *                                in lock sets, part of lock-order cycles
 *
 * ravel also reads the dynamic annotations (AnnotateHappensBefore, ...),
 * ThreadSanitizer's __tsan_acquire/__tsan_release/__tsan_mutex_* calls and
 * Helgrind's ANNOTATE_* and VALGRIND_HG_* macros (docs/annotations.md).
 *===----------------------------------------------------------------------===*/
#ifndef RAVEL_ANNOTATIONS_H
#define RAVEL_ANNOTATIONS_H

#include <stddef.h>

#if defined(__RAVEL__)
#ifdef __cplusplus
extern "C" {
#endif
void __ravel_annotate_happens_before(const volatile void *addr);
void __ravel_annotate_happens_after(const volatile void *addr);
void __ravel_annotate_benign_race(const volatile void *addr, size_t size,
                                  const char *why);
void __ravel_annotate_ignore_reads(int begin);
void __ravel_annotate_ignore_writes(int begin);
void __ravel_annotate_lock_create(const volatile void *lock, int is_rw);
void __ravel_annotate_lock_destroy(const volatile void *lock);
void __ravel_annotate_lock_acquired(const volatile void *lock, int is_write);
void __ravel_annotate_lock_released(const volatile void *lock, int is_write);
#ifdef __cplusplus
}
#endif
#define RAVEL_HAPPENS_BEFORE(addr) __ravel_annotate_happens_before(addr)
#define RAVEL_HAPPENS_AFTER(addr) __ravel_annotate_happens_after(addr)
#define RAVEL_BENIGN_RACE(addr, size, why)                                     \
  __ravel_annotate_benign_race((addr), (size), (why))
#define RAVEL_IGNORE_READS_BEGIN() __ravel_annotate_ignore_reads(1)
#define RAVEL_IGNORE_READS_END() __ravel_annotate_ignore_reads(0)
#define RAVEL_IGNORE_WRITES_BEGIN() __ravel_annotate_ignore_writes(1)
#define RAVEL_IGNORE_WRITES_END() __ravel_annotate_ignore_writes(0)
#define RAVEL_LOCK_CREATE(lock, is_rw)                                         \
  __ravel_annotate_lock_create((lock), (is_rw))
#define RAVEL_LOCK_DESTROY(lock) __ravel_annotate_lock_destroy(lock)
#define RAVEL_LOCK_ACQUIRED(lock, is_write)                                    \
  __ravel_annotate_lock_acquired((lock), (is_write))
#define RAVEL_LOCK_RELEASED(lock, is_write)                                    \
  __ravel_annotate_lock_released((lock), (is_write))
#else
#define RAVEL_HAPPENS_BEFORE(addr) ((void)0)
#define RAVEL_HAPPENS_AFTER(addr) ((void)0)
#define RAVEL_BENIGN_RACE(addr, size, why) ((void)0)
#define RAVEL_IGNORE_READS_BEGIN() ((void)0)
#define RAVEL_IGNORE_READS_END() ((void)0)
#define RAVEL_IGNORE_WRITES_BEGIN() ((void)0)
#define RAVEL_IGNORE_WRITES_END() ((void)0)
#define RAVEL_LOCK_CREATE(lock, is_rw) ((void)0)
#define RAVEL_LOCK_DESTROY(lock) ((void)0)
#define RAVEL_LOCK_ACQUIRED(lock, is_write) ((void)0)
#define RAVEL_LOCK_RELEASED(lock, is_write) ((void)0)
#endif

#endif

/*===- valgrind/helgrind.h (ravel) - Helgrind's annotations for ravel ----===*
 *
 * ravel-cc and ravel-c++ put this directory before the system's, so a
 * program that includes <valgrind/helgrind.h> gets Valgrind's header and
 * then these definitions of its annotation macros, which tell ravel what
 * they tell Helgrind. (An instrumented program does not run under Valgrind:
 * the client requests they replace would do nothing there anyway.)
 *===----------------------------------------------------------------------===*/
#if defined(__has_include_next)
#if __has_include_next(<valgrind/helgrind.h>)
#include_next <valgrind/helgrind.h>
#endif
#endif

#ifndef RAVEL_COMPAT_HELGRIND_H
#define RAVEL_COMPAT_HELGRIND_H

#include <ravel/annotations.h>

#undef VALGRIND_HG_MUTEX_INIT_POST
#undef VALGRIND_HG_MUTEX_LOCK_PRE
#undef VALGRIND_HG_MUTEX_LOCK_POST
#undef VALGRIND_HG_MUTEX_UNLOCK_PRE
#undef VALGRIND_HG_MUTEX_UNLOCK_POST
#undef VALGRIND_HG_MUTEX_DESTROY_PRE
#undef VALGRIND_HG_SEM_INIT_POST
#undef VALGRIND_HG_SEM_WAIT_POST
#undef VALGRIND_HG_SEM_POST_PRE
#undef VALGRIND_HG_SEM_DESTROY_PRE
#undef VALGRIND_HG_CLEAN_MEMORY
#undef VALGRIND_HG_DISABLE_CHECKING
#undef VALGRIND_HG_ENABLE_CHECKING
#undef ANNOTATE_HAPPENS_BEFORE
#undef ANNOTATE_HAPPENS_AFTER
#undef ANNOTATE_HAPPENS_BEFORE_FORGET_ALL
#undef ANNOTATE_RWLOCK_CREATE
#undef ANNOTATE_RWLOCK_DESTROY
#undef ANNOTATE_RWLOCK_ACQUIRED
#undef ANNOTATE_RWLOCK_RELEASED
#undef ANNOTATE_BENIGN_RACE
#undef ANNOTATE_BENIGN_RACE_SIZED
#undef ANNOTATE_NEW_MEMORY
#undef ANNOTATE_IGNORE_READS_BEGIN
#undef ANNOTATE_IGNORE_READS_END
#undef ANNOTATE_IGNORE_WRITES_BEGIN
#undef ANNOTATE_IGNORE_WRITES_END
#undef ANNOTATE_IGNORE_READS_AND_WRITES_BEGIN
#undef ANNOTATE_IGNORE_READS_AND_WRITES_END

#define VALGRIND_HG_MUTEX_INIT_POST(mutex, mbRec)                              \
  RAVEL_LOCK_CREATE((mutex), 0)
#define VALGRIND_HG_MUTEX_LOCK_PRE(mutex, isTryLock) ((void)0)
#define VALGRIND_HG_MUTEX_LOCK_POST(mutex) RAVEL_LOCK_ACQUIRED((mutex), 1)
#define VALGRIND_HG_MUTEX_UNLOCK_PRE(mutex) RAVEL_LOCK_RELEASED((mutex), 1)
#define VALGRIND_HG_MUTEX_UNLOCK_POST(mutex) ((void)0)
#define VALGRIND_HG_MUTEX_DESTROY_PRE(mutex) RAVEL_LOCK_DESTROY(mutex)
#define VALGRIND_HG_SEM_INIT_POST(sem, value) ((void)0)
#define VALGRIND_HG_SEM_WAIT_POST(sem) RAVEL_HAPPENS_AFTER(sem)
#define VALGRIND_HG_SEM_POST_PRE(sem) RAVEL_HAPPENS_BEFORE(sem)
#define VALGRIND_HG_SEM_DESTROY_PRE(sem) ((void)0)
#define VALGRIND_HG_CLEAN_MEMORY(start, len) ((void)0)
#define VALGRIND_HG_DISABLE_CHECKING(start, len)                               \
  RAVEL_BENIGN_RACE((start), (len), "VALGRIND_HG_DISABLE_CHECKING")
#define VALGRIND_HG_ENABLE_CHECKING(start, len) ((void)0)
#define ANNOTATE_HAPPENS_BEFORE(obj) RAVEL_HAPPENS_BEFORE(obj)
#define ANNOTATE_HAPPENS_AFTER(obj) RAVEL_HAPPENS_AFTER(obj)
#define ANNOTATE_HAPPENS_BEFORE_FORGET_ALL(obj) ((void)0)
#define ANNOTATE_RWLOCK_CREATE(lock) RAVEL_LOCK_CREATE((lock), 1)
#define ANNOTATE_RWLOCK_DESTROY(lock) RAVEL_LOCK_DESTROY(lock)
#define ANNOTATE_RWLOCK_ACQUIRED(lock, is_w)                                   \
  RAVEL_LOCK_ACQUIRED((lock), (is_w))
#define ANNOTATE_RWLOCK_RELEASED(lock, is_w)                                   \
  RAVEL_LOCK_RELEASED((lock), (is_w))
#define ANNOTATE_BENIGN_RACE(address, description)                             \
  RAVEL_BENIGN_RACE((address), sizeof(*(address)), (description))
#define ANNOTATE_BENIGN_RACE_SIZED(address, size, description)                 \
  RAVEL_BENIGN_RACE((address), (size), (description))
#define ANNOTATE_NEW_MEMORY(address, size) ((void)0)
#define ANNOTATE_IGNORE_READS_BEGIN() RAVEL_IGNORE_READS_BEGIN()
#define ANNOTATE_IGNORE_READS_END() RAVEL_IGNORE_READS_END()
#define ANNOTATE_IGNORE_WRITES_BEGIN() RAVEL_IGNORE_WRITES_BEGIN()
#define ANNOTATE_IGNORE_WRITES_END() RAVEL_IGNORE_WRITES_END()
#define ANNOTATE_IGNORE_READS_AND_WRITES_BEGIN()                               \
  do {                                                                         \
    RAVEL_IGNORE_READS_BEGIN();                                                \
    RAVEL_IGNORE_WRITES_BEGIN();                                               \
  } while (0)
#define ANNOTATE_IGNORE_READS_AND_WRITES_END()                                 \
  do {                                                                         \
    RAVEL_IGNORE_WRITES_END();                                                 \
    RAVEL_IGNORE_READS_END();                                                  \
  } while (0)

#endif

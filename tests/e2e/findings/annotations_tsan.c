// ThreadSanitizer's annotation interface (<sanitizer/tsan_interface.h>, as
// clang ships it): __tsan_release/__tsan_acquire and the __tsan_mutex_*
// calls, with the same effect as ravel's own (annotations_body.h). It has
// no benign-race or ignore call of its own; the dynamic annotations serve.
// EXPECT: data-race data2 (annotations_body.h:27, annotations_body.h:55)
// EXPECT: data-race stats2 (annotations_body.h:31, annotations_body.h:58)
// EXPECT: data-race guarded2 (annotations_body.h:38, annotations_body.h:65)
// EXPECT: data-race ign2 (annotations_body.h:43, annotations_body.h:67)
// RUNS: 2
#include <sanitizer/tsan_interface.h>
#include <stddef.h>

void AnnotateBenignRaceSized(const char *f, int l, const volatile void *mem,
                             size_t size, const char *description);

#define HB(x) __tsan_release((void *)(x))
#define HA(x) __tsan_acquire((void *)(x))
#define BENIGN(x, n) AnnotateBenignRaceSized(__FILE__, __LINE__, (x), (n), "")
#define LOCK_CREATE(l) __tsan_mutex_create((l), 0)
#define LOCK_ACQ(l)                                                            \
  (__tsan_mutex_pre_lock((l), 0), __tsan_mutex_post_lock((l), 0, 0))
#define LOCK_REL(l)                                                            \
  (__tsan_mutex_pre_unlock((l), 0), __tsan_mutex_post_unlock((l), 0))
#define IGNORE_W_BEGIN() __tsan_ignore_thread_begin()
#define IGNORE_W_END() __tsan_ignore_thread_end()
void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);
#include "annotations_body.h"

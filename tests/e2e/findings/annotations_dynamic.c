// The dynamic-annotation functions that code annotated for other race
// detectors calls (declared here as such code declares them), with the same
// effect as ravel's own (annotations_body.h).
// EXPECT: data-race data2 (annotations_body.h:27, annotations_body.h:55)
// EXPECT: data-race stats2 (annotations_body.h:31, annotations_body.h:58)
// EXPECT: data-race guarded2 (annotations_body.h:38, annotations_body.h:65)
// EXPECT: data-race ign2 (annotations_body.h:43, annotations_body.h:67)
// RUNS: 2
#include <stddef.h>

void AnnotateHappensBefore(const char *f, int l, const volatile void *obj);
void AnnotateHappensAfter(const char *f, int l, const volatile void *obj);
void AnnotateBenignRaceSized(const char *f, int l, const volatile void *mem,
                             size_t size, const char *description);
void AnnotateRWLockCreate(const char *f, int l, const volatile void *lock);
void AnnotateRWLockAcquired(const char *f, int l, const volatile void *lock,
                            long is_w);
void AnnotateRWLockReleased(const char *f, int l, const volatile void *lock,
                            long is_w);
void AnnotateIgnoreWritesBegin(const char *f, int l);
void AnnotateIgnoreWritesEnd(const char *f, int l);

#define HB(x) AnnotateHappensBefore(__FILE__, __LINE__, (x))
#define HA(x) AnnotateHappensAfter(__FILE__, __LINE__, (x))
#define BENIGN(x, n) AnnotateBenignRaceSized(__FILE__, __LINE__, (x), (n), "")
#define LOCK_CREATE(l) AnnotateRWLockCreate(__FILE__, __LINE__, (l))
#define LOCK_ACQ(l) AnnotateRWLockAcquired(__FILE__, __LINE__, (l), 1)
#define LOCK_REL(l) AnnotateRWLockReleased(__FILE__, __LINE__, (l), 1)
#define IGNORE_W_BEGIN() AnnotateIgnoreWritesBegin(__FILE__, __LINE__)
#define IGNORE_W_END() AnnotateIgnoreWritesEnd(__FILE__, __LINE__)
#include "annotations_body.h"

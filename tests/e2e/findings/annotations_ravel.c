// ravel's own annotations (<ravel/annotations.h>) order a hand-off, excuse a
// benign race, make a spin lock a lock and hide ignored writes; the same
// code without them races (annotations_body.h).
// EXPECT: data-race data2 (annotations_body.h:27, annotations_body.h:55)
// EXPECT: data-race stats2 (annotations_body.h:31, annotations_body.h:58)
// EXPECT: data-race guarded2 (annotations_body.h:38, annotations_body.h:65)
// EXPECT: data-race ign2 (annotations_body.h:43, annotations_body.h:67)
// RUNS: 2
#include <ravel/annotations.h>

#define HB(x) RAVEL_HAPPENS_BEFORE(x)
#define HA(x) RAVEL_HAPPENS_AFTER(x)
#define BENIGN(x, n) RAVEL_BENIGN_RACE((x), (n), "approximate statistics")
#define LOCK_CREATE(l) RAVEL_LOCK_CREATE((l), 0)
#define LOCK_ACQ(l) RAVEL_LOCK_ACQUIRED((l), 1)
#define LOCK_REL(l) RAVEL_LOCK_RELEASED((l), 1)
#define IGNORE_W_BEGIN() RAVEL_IGNORE_WRITES_BEGIN()
#define IGNORE_W_END() RAVEL_IGNORE_WRITES_END()
#include "annotations_body.h"

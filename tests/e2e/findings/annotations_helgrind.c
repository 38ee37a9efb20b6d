// Helgrind's client-request macros from <valgrind/helgrind.h> (Debian's
// valgrind package), which ravel's wrappers turn into ravel annotations,
// with the same effect as ravel's own (annotations_body.h).
// EXPECT: data-race data2 (annotations_body.h:27, annotations_body.h:55)
// EXPECT: data-race stats2 (annotations_body.h:31, annotations_body.h:58)
// EXPECT: data-race guarded2 (annotations_body.h:38, annotations_body.h:65)
// EXPECT: data-race ign2 (annotations_body.h:43, annotations_body.h:67)
// RUNS: 2
#include <valgrind/helgrind.h>

#define HB(x) ANNOTATE_HAPPENS_BEFORE(x)
#define HA(x) ANNOTATE_HAPPENS_AFTER(x)
#define BENIGN(x, n) ANNOTATE_BENIGN_RACE_SIZED((x), (n), "statistics")
#define LOCK_CREATE(l) VALGRIND_HG_MUTEX_INIT_POST((l), 0)
#define LOCK_ACQ(l) VALGRIND_HG_MUTEX_LOCK_POST(l)
#define LOCK_REL(l) VALGRIND_HG_MUTEX_UNLOCK_PRE(l)
#define IGNORE_W_BEGIN() ANNOTATE_IGNORE_WRITES_BEGIN()
#define IGNORE_W_END() ANNOTATE_IGNORE_WRITES_END()
#include "annotations_body.h"

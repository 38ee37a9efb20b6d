// C11 threads: mtx_unlock of an mtx_t the thread does not hold, and
// mtx_destroy of a locked one, are mutex-misuse findings with their sites.
// EXPECT: mutex-misuse c11_misuse.c:@notheld:unlock
// EXPECT: mutex-misuse c11_misuse.c:@destroy:destroy
#include "ravel_test.h"
#include <threads.h>

static mtx_t m1, m2;

int main(void) {
  FUNC();
  AT(mtx_init(&m1, mtx_plain));
  AT(mtx_init(&m2, mtx_plain));
  AT(mtx_unlock(&m1)); // @notheld
  AT(mtx_lock(&m2));
  AT(mtx_destroy(&m2)); // @destroy
  return 0;
}

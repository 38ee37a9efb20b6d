// Semantic corpus: C11 constructs whose meaning the rewrite must keep.
// FLAGS: -std=gnu11 -O1
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

struct Point {
  int x, y;
  unsigned tag : 4;
};
struct Big {
  double v[8];
};

int g[16];
int calls;
static jmp_buf env;
_Atomic long ticks;

static int f(void) { return ++calls; }

static int sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}

static void jump(int v) { longjmp(env, v); }

static int vla(int n) {
  int a[n];
  for (int i = 0; i < n; ++i)
    a[i] = i * i;
  int (*p)[n] = &a;
  return (*p)[n - 1] + (int)(sizeof a / sizeof a[0]);
}

static struct Big scale(struct Big b, double k) {
  for (int i = 0; i < 8; ++i)
    b.v[i] *= k;
  return b;
}

int main(void) {
  int i = 0;
  g[i++] += f();          // once: i == 1, calls == 1
  g[i++] += f() * 10;     // g[1] == 20
  int *p = &g[2];
  *p++ = 7;
  *p += *(p - 1);
  struct Point pt = {1, 2, 3};
  struct Point copy = pt;
  copy.tag++;
  struct Point *pp = (struct Point[]){{5, 6, 1}};
  pp->x += copy.x + copy.tag;
  struct Big b = {{1, 2, 3, 4, 5, 6, 7, 8}};
  struct Big c = scale(b, 0.5);
  atomic_fetch_add(&ticks, 5);
  ticks += 2;
  int k = 0;
again:
  switch (k) {
  case 0:
    k = 2;
    goto again;
  case 2:
    k = 3;
    /* fall through */
  default:
    break;
  }
  int jumped = setjmp(env);
  if (!jumped)
    jump(41);
  char buf[32];
  snprintf(buf, sizeof buf, "%d-%d", pt.x, pt.y);
  printf("%d %d %d %d %d %d %s\n", g[0], g[1], g[2], g[3], i, calls, buf);
  printf("%d %d %u %d %.1f %ld %d %d %d %zu\n", pp->x, copy.y, copy.tag, k,
         c.v[7], atomic_load(&ticks), jumped, sum(4, 1, 2, 3, 4), vla(5),
         strlen(buf));
  int x = 3, y = (x++, x + 1);
  printf("%d %d %d\n", x, y, i ? x : y);
  return calls == 2 ? 0 : 1;
}

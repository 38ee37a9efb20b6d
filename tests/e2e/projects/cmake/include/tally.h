#ifndef TALLY_H
#define TALLY_H
#ifdef __cplusplus
extern "C" {
#endif
void tally_add(int n);
int tally_total(void);
#ifdef __cplusplus
}
#endif
static inline int tally_twice(int v) { return 2 * v; }
#endif

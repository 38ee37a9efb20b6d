// EXPECT: data-race c->entries (price_cache.c:41, price_cache.c:41)
// RAVEL-RUN: --schedule native --runs 5
//
// Reader/writer lock taken in the wrong mode.
//
// A price cache sits behind a pthread_rwlock so that many lookups can run in
// parallel. lookup() takes the lock for reading -- but on a miss it fills
// the cache, which writes. Any number of threads may hold a read lock at the
// same time, so two lookups that miss both write under their read locks:
//
//   T1: rdlock, miss on SKU 3, entries = 0 + 1 ...
//   T2: rdlock, miss on SKU 12, entries = 0 + 1   <- T1's count is lost
//
// (Here each thread misses on different SKUs, so the slots themselves do
// not collide; with a shared key they would be written twice as well.)
// Why it is rare: misses are rare once the cache is warm, and two of them
// must overlap.
//
// Fix (price_cache_fixed.c): on a miss, drop the read lock, take the write
// lock, check again (someone may have filled the slot meanwhile) and fill.
#include <pthread.h>
#include <stdio.h>

#define CACHE_SLOTS 64

struct price_cache {
  pthread_rwlock_t lock;
  int price_cents[CACHE_SLOTS];
  unsigned char present[CACHE_SLOTS];
  int entries;
};

static int price_from_catalogue(int sku) { return 199 + sku * 10; }

static int lookup(struct price_cache *c, int sku) {
  int slot = sku % CACHE_SLOTS;
  pthread_rwlock_rdlock(&c->lock);
  if (!c->present[slot]) {
    c->price_cents[slot] = price_from_catalogue(sku);
    c->present[slot] = 1;
    c->entries++;
  }
  int price = c->price_cents[slot];
  pthread_rwlock_unlock(&c->lock);
  return price;
}

struct basket {
  struct price_cache *cache;
  int first_sku;
  long total_cents;
};

static void *price_basket(void *arg) {
  struct basket *b = arg;
  for (int sku = b->first_sku; sku < b->first_sku + 8; sku++)
    b->total_cents += lookup(b->cache, sku);
  return NULL;
}

int main(void) {
  static struct price_cache cache = {PTHREAD_RWLOCK_INITIALIZER, {0}, {0}, 0};
  struct basket web = {&cache, 0, 0}, app = {&cache, 8, 0};
  pthread_t t1, t2;
  pthread_create(&t1, NULL, price_basket, &web);
  pthread_create(&t2, NULL, price_basket, &app);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("web %ld, app %ld, cached %d\n", web.total_cents, app.total_cents,
         cache.entries);
  return 0;
}

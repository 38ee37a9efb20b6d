// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of price_cache.c (reader/writer lock in the wrong mode).
//
// Lookups still run in parallel under the read lock. A miss releases it,
// takes the write lock (exclusive), and checks the slot again, because
// another thread may have filled it between the two locks. Only then does it
// write.
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
  int hit = c->present[slot];
  int price = c->price_cents[slot];
  pthread_rwlock_unlock(&c->lock);
  if (hit)
    return price;

  pthread_rwlock_wrlock(&c->lock);
  if (!c->present[slot]) {
    c->price_cents[slot] = price_from_catalogue(sku);
    c->present[slot] = 1;
    c->entries++;
  }
  price = c->price_cents[slot];
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

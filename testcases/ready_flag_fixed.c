// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of ready_flag.c (event/flag spin-wait).
//
// A proper event: the flag lives under a mutex, and the mailer sleeps on a
// condition variable until it is set (in a while loop: see
// lost_wakeup_fixed.c). The accounting thread's writes to the report happen
// before its unlock; the mailer's reads happen after its lock; so the report
// is complete when it is read, and the mailer uses no CPU while waiting.
#include <pthread.h>
#include <stdio.h>

struct daily_report {
  long total_cents;
  int orders;
};

struct event {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  int set;
};

static struct daily_report daily;
static struct event report_ready = {PTHREAD_MUTEX_INITIALIZER,
                                    PTHREAD_COND_INITIALIZER, 0};

static void event_set(struct event *e) {
  pthread_mutex_lock(&e->lock);
  e->set = 1;
  pthread_cond_broadcast(&e->changed);
  pthread_mutex_unlock(&e->lock);
}

static void event_wait(struct event *e) {
  pthread_mutex_lock(&e->lock);
  while (!e->set)
    pthread_cond_wait(&e->changed, &e->lock);
  pthread_mutex_unlock(&e->lock);
}

static void *accounting(void *arg) {
  (void)arg;
  long total = 0;
  for (int order = 1; order <= 500; order++)
    total += 100 + order % 250;
  daily.orders = 500;
  daily.total_cents = total;
  event_set(&report_ready);
  return NULL;
}

static void *mailer(void *arg) {
  long *sent = arg;
  event_wait(&report_ready);
  *sent = daily.total_cents;
  return NULL;
}

int main(void) {
  long sent = 0;
  pthread_t acc, mail;
  pthread_create(&mail, NULL, mailer, &sent);
  pthread_create(&acc, NULL, accounting, NULL);
  pthread_join(acc, NULL);
  pthread_join(mail, NULL);
  printf("mailed a report of %ld cents\n", sent);
  return 0;
}

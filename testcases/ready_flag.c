// EXPECT: data-race report_ready (ready_flag.c:44, ready_flag.c:50)
// EXPECT: data-race daily.total_cents (ready_flag.c:43, ready_flag.c:52)
// RAVEL-RUN: --schedule native --runs 5
//
// Event signalled through a plain flag and a spin-wait.
//
// The accounting thread builds the daily report and then raises a flag; the
// mailer thread busy-waits on the flag and sends the report. The flag is a
// `volatile int`: volatile keeps the compiler from hoisting the load out of
// the loop, so the loop terminates -- but it is still a plain, unordered
// access. Neither the compiler nor the CPU must keep the report's stores
// before the flag's store:
//
//   accounting: report_ready = 1     (store reordered before ...)
//   mailer:     sees report_ready, reads daily.total_cents   <- 0
//   accounting: daily.total_cents = ...   (... this one)
//
// Two data races: the flag itself, and the report it was meant to protect.
// The spin also burns a whole core while it waits. Why it is rare: on x86
// the stores stay in order in practice, so the mailer nearly always sends
// the right total.
//
// Fix (ready_flag_fixed.c): a real event: a flag guarded by a mutex plus a
// condition variable to sleep on (or a C11 atomic_int with
// memory_order_release / memory_order_acquire for the spin).
#include <pthread.h>
#include <stdio.h>

struct daily_report {
  long total_cents;
  int orders;
};

static struct daily_report daily;
static volatile int report_ready = 0;

static void *accounting(void *arg) {
  (void)arg;
  long total = 0;
  for (int order = 1; order <= 500; order++)
    total += 100 + order % 250;
  daily.orders = 500;
  daily.total_cents = total;
  report_ready = 1;
  return NULL;
}

static void *mailer(void *arg) {
  long *sent = arg;
  while (!report_ready)
    ; /* wait for the report */
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

#ifndef WORKER_H
#define WORKER_H
extern long hits;
void *worker(void *arg);
#endif

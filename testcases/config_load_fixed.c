// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of config_load.c (order violation).
//
// The configuration is loaded before the accept loop is started. Everything
// a thread did before pthread_create happens-before everything the new
// thread does, so the loop always sees the loaded values; no lock is needed
// because nobody writes the configuration afterwards.
#include <pthread.h>
#include <stdio.h>

struct server_config {
  int max_connections;
  int port;
};

static struct server_config config;

static void load_config(struct server_config *cfg) {
  cfg->port = 8080;
  cfg->max_connections = 64;
}

static void *accept_loop(void *arg) {
  (void)arg;
  int limit = config.max_connections;
  int accepted = 0;
  for (int pending = 0; pending < 100; pending++)
    if (accepted < limit)
      accepted++;
  printf("accepted %d connections\n", accepted);
  return NULL;
}

int main(void) {
  pthread_t acceptor;
  load_config(&config);
  pthread_create(&acceptor, NULL, accept_loop, NULL);
  pthread_join(acceptor, NULL);
  return 0;
}

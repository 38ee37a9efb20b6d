// EXPECT: data-race config.max_connections (config_load.c:34, config_load.c:39)
// RAVEL-RUN: --schedule native --runs 5
//
// Order violation: a thread uses the configuration before it is loaded.
//
// main() starts the accept loop first and loads the configuration second,
// assuming the thread will "take a moment" to start. Nothing makes the
// accept loop wait for the load:
//
//   main: pthread_create(accept_loop)
//   T1:   limit = config.max_connections     (reads 0: not loaded yet)
//   main: load_config() writes max_connections = 64
//   T1:   accepts no connections at all
//
// Why it is rare: creating a thread takes tens of microseconds, much longer
// than load_config() takes, so main almost always wins and the server works
// -- until the machine is loaded or the configuration grows.
//
// Fix (config_load_fixed.c): load the configuration before starting the
// thread. pthread_create orders everything main did before it with
// everything the new thread does.
#include <pthread.h>
#include <stdio.h>

struct server_config {
  int max_connections;
  int port;
};

static struct server_config config; /* zero until load_config() runs */

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
  pthread_create(&acceptor, NULL, accept_loop, NULL);
  load_config(&config);
  pthread_join(acceptor, NULL);
  return 0;
}

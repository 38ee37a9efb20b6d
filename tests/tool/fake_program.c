/*===- tests/tool/fake_program.c - a stand-in for an instrumented program --===
 *
 * Behaves like a program built with ravel as far as `ravel run` can see: it
 * defines __ravel_runtime_marker, reads RAVEL_OPTIONS, appends finding JSON
 * lines to report=, writes a schedule file to record=, follows replay=, and
 * exits with exitcode= after a finding. What it "finds" depends only on the
 * seed and on argv[1], so driver tests know the exact answer:
 *
 *   clean          never finds anything
 *   race           data race A when seed % 3 == 0
 *   two-races      race A when seed is even, race B when seed % 5 == 0
 *   assert         assertion failure when seed % 4 == 1
 *   segv           SIGSEGV when seed % 4 == 2
 *   fail           exit 3 when seed is odd
 *   always-fail    exit 5
 *   hang           blocks forever (with a forked child) when seed % 5 == 3
 *   corrupt        writes a line that is not JSON to report=
 *   unsupported    start-up error (like the runtime) unless schedule=native
 *   preempt        records 10 preemptions (steps 1, 3, ..., 19); race A only
 *                  when the schedule holds the preemptions at steps 7 and 13
 *   diverge        under replay=, reports a divergence and exits 2
 *===----------------------------------------------------------------------===*/
#undef NDEBUG /* the assertion below must fire in every build type */
#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char __ravel_runtime_marker[] = "ravel-runtime";

static char Schedule[64] = "native", Report[4096], Record[4096], Replay[4096];
static long Seed = 0, ExitCode = 66;

static void parseOptions(void) {
  const char *Env = getenv("RAVEL_OPTIONS");
  if (!Env)
    return;
  char Buf[16384];
  snprintf(Buf, sizeof(Buf), "%s", Env);
  for (char *Tok = strtok(Buf, " :"); Tok; Tok = strtok(NULL, " :")) {
    char *Eq = strchr(Tok, '=');
    if (!Eq) {
      fprintf(stderr, "ravel: error: RAVEL_OPTIONS: '%s' is not key=value\n",
              Tok);
      exit(2);
    }
    *Eq = '\0';
    const char *V = Eq + 1;
    if (!strcmp(Tok, "schedule"))
      snprintf(Schedule, sizeof(Schedule), "%s", V);
    else if (!strcmp(Tok, "seed"))
      Seed = atol(V);
    else if (!strcmp(Tok, "report"))
      snprintf(Report, sizeof(Report), "%s", V);
    else if (!strcmp(Tok, "record"))
      snprintf(Record, sizeof(Record), "%s", V);
    else if (!strcmp(Tok, "replay"))
      snprintf(Replay, sizeof(Replay), "%s", V);
    else if (!strcmp(Tok, "exitcode"))
      ExitCode = atol(V);
    else if (strcmp(Tok, "depth") && strcmp(Tok, "suppressions")) {
      fprintf(stderr, "ravel: error: RAVEL_OPTIONS: unknown key '%s'\n", Tok);
      exit(2);
    }
  }
}

static int Found = 0;

static void report(const char *Id, const char *Var, int Line) {
  Found = 1;
  FILE *F = fopen(Report, "a");
  if (!F)
    return;
  fprintf(F,
          "{\"id\":\"%s\",\"kind\":\"data-race\",\"summary\":\"data race on "
          "%s\",\"threads\":[{\"tid\":2,\"name\":\"T2\",\"op\":\"write\","
          "\"size\":4,\"variable\":\"%s\",\"stack\":[{\"function\":\"worker\","
          "\"file\":\"fake.c\",\"line\":%d,\"column\":5}],\"events\":[{"
          "\"step\":2,\"op\":\"write\",\"what\":\"%s\",\"file\":\"fake.c\","
          "\"line\":%d,\"column\":5}]},{\"tid\":1,\"name\":\"T1\",\"op\":"
          "\"read\",\"size\":4,\"variable\":\"%s\",\"stack\":[{\"function\":"
          "\"main\",\"file\":\"fake.c\",\"line\":%d,\"column\":3}]}],"
          "\"schedule\":{\"strategy\":\"%s\",\"seed\":%ld,\"exact\":true}}\n",
          Id, Var, Var, Line, Var, Line, Var, Line + 10, Schedule, Seed);
  fclose(F);
}

/* Preemption steps of the decision list in force: bit i set for step i. */
static unsigned long Preemptions = 0;

static void record(const char *Program) {
  FILE *F = fopen(Record, "w");
  if (!F)
    return;
  fprintf(F, "ravel-schedule 1\nstrategy %s\nseed %ld\ndepth 3\n", Schedule,
          Seed);
  fprintf(F, "program [\"%s\"]\ndecisions\n", Program);
  for (int Step = 0; Step < 20; ++Step)
    fprintf(F, "%d %d %s\n", Step, Step % 2 ? 2 : 1, Step % 2 ? "p" : "-");
  fclose(F);
}

/* Under replay=, the seed and the preemptions come from the file. */
static int readReplay(void) {
  FILE *F = fopen(Replay, "r");
  if (!F) {
    fprintf(stderr, "ravel: error: cannot open replay file %s\n", Replay);
    exit(2);
  }
  char Line[512];
  int InDecisions = 0;
  while (fgets(Line, sizeof(Line), F)) {
    int Step, Tid;
    char Flag[4];
    if (!strncmp(Line, "seed ", 5))
      Seed = atol(Line + 5);
    else if (!strcmp(Line, "decisions\n"))
      InDecisions = 1;
    else if (InDecisions && sscanf(Line, "%d %d %3s", &Step, &Tid, Flag) == 3 &&
             Flag[0] == 'p')
      Preemptions |= 1UL << Step;
  }
  fclose(F);
  return 1;
}

int main(int argc, char **argv) {
  const char *Mode = argc > 1 ? argv[1] : "clean";
  parseOptions();
  if (!strcmp(Mode, "unsupported") && strcmp(Schedule, "native")) {
    fprintf(stderr,
            "ravel: error: RAVEL_OPTIONS: schedule=%s is not "
            "supported by this runtime yet\n",
            Schedule);
    return 2;
  }
  int Replaying = !strcmp(Schedule, "replay");
  if (Replaying)
    readReplay();
  else
    Preemptions = 0xAAAAAUL; /* steps 1, 3, ..., 19 */
  if (Replaying && !strcmp(Mode, "diverge")) {
    fprintf(stderr, "ravel: error: replay diverged at step 4: thread T3 "
                    "does not exist\n");
    return 2;
  }
  if (Record[0])
    record(argv[0]);

  if (!strcmp(Mode, "race") && Seed % 3 == 0)
    report("RV-DR-00000000000000a1", "counter", 14);
  if (!strcmp(Mode, "two-races")) {
    if (Seed % 2 == 0)
      report("RV-DR-00000000000000a1", "counter", 14);
    if (Seed % 5 == 0)
      report("RV-DR-00000000000000b2", "total", 30);
  }
  if (!strcmp(Mode, "preempt") && (Preemptions & (1UL << 7)) &&
      (Preemptions & (1UL << 13)))
    report("RV-DR-00000000000000a1", "counter", 14);
  if (!strcmp(Mode, "assert") && Seed % 4 == 1) {
    int Balance = -1;
    assert(Balance >= 0);
  }
  if (!strcmp(Mode, "segv") && Seed % 4 == 2)
    raise(SIGSEGV);
  if (!strcmp(Mode, "fail") && Seed % 2 == 1)
    return 3;
  if (!strcmp(Mode, "always-fail"))
    return 5;
  if (!strcmp(Mode, "hang") && Seed % 5 == 3) {
    fork(); /* a child that hangs too: the whole process group must go */
    for (;;)
      pause();
  }
  if (!strcmp(Mode, "corrupt")) {
    FILE *F = fopen(Report, "a");
    fputs("{\"id\": \"RV-DR-1\", \"kind\": \n", F);
    fclose(F);
    Found = 1;
  }
  return Found ? (int)ExitCode : 0;
}

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
 *   race-fail      race A when seed % 3 == 0, then exit 4 in every run
 *   mixed-fail     exit 4 when seed is odd, exit 6 when it is even
 *   assert-space   glibc's assertion message for a file whose name has a
 *                  space, then terminal escape sequences, then abort()
 *   hang           blocks forever (with a forked child) when seed % 5 == 3
 *   hang-once FILE blocks forever when seed % 5 == 3 and FILE does not
 *                  exist yet (it creates it): a run that hangs only the
 *                  first time, like one killed on a busy machine
 *   corrupt        writes a line that is not JSON to report=
 *   suppressed     a suppressed race S1 (rule `noisy`) in every run, S2
 *                  (same rule) when seed is even; race A when seed % 3 == 0
 *   unsupported    start-up error (like the runtime) unless schedule=native
 *   preempt        records 20 forced decisions; race A only when decisions
 *                  7 and 13 are forced (not `-`)
 *   diverge        under replay=, records `exact 0` and a divergence note
 *   steps-hint     race A only when steps_hint=20 (the steps it records)
 *   grouped        three site pairs racing on `counter` (one written
 *                  `s->counter`): pair C1 when seed is even, C2 when
 *                  seed % 3 == 0, C3 when seed % 5 == 2; and a race on
 *                  `total` (pair D1) when seed % 4 == 1
 *
 * Schedule files follow docs/schedule-format.md; a decision that is not `-`
 * counts as forced.
 *===----------------------------------------------------------------------===*/
#undef NDEBUG /* the assertion below must fire in every build type */
#include <assert.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char __ravel_runtime_marker[] = "ravel-runtime";
#ifdef RAVEL_FAKE_OLD_FORK_SERVER
/* Built as ravel_fake_fork_program: claims a fork server, but its strict
 * option parser knows no fork_server= key (like a runtime that is out of
 * step with ravel): ravel must fall back to spawning every run. */
const char __ravel_fork_server[] = "ravel-fork-server 1";
#endif

static char Schedule[64] = "native", Report[4096], Record[4096], Replay[4096];
static long Seed = 0, ExitCode = 66, StepsHint = 0, MaxSteps = 0;
static long RecordSteps = 20; /* the steps line of the recorded schedule */

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
    else if (!strcmp(Tok, "seed")) {
      if (!*V || strspn(V, "0123456789") != strlen(V)) {
        fprintf(stderr, "ravel: error: RAVEL_OPTIONS: seed=%s: expected an "
                        "unsigned integer\n", V);
        exit(2);
      }
      Seed = atol(V);
    }
    else if (!strcmp(Tok, "report"))
      snprintf(Report, sizeof(Report), "%s", V);
    else if (!strcmp(Tok, "record"))
      snprintf(Record, sizeof(Record), "%s", V);
    else if (!strcmp(Tok, "replay"))
      snprintf(Replay, sizeof(Replay), "%s", V);
    else if (!strcmp(Tok, "exitcode"))
      ExitCode = atol(V);
    else if (!strcmp(Tok, "steps_hint"))
      StepsHint = atol(V);
    else if (!strcmp(Tok, "max_steps"))
      MaxSteps = atol(V);
    else if (!strcmp(Tok, "racy_sites")) {
      // `ravel run` writes the file before the runs that name it.
      FILE *F = fopen(V, "r");
      if (!F) {
        fprintf(stderr, "ravel: error: cannot open racy sites file '%s'\n", V);
        exit(2);
      }
      fclose(F);
    } else if (strcmp(Tok, "depth") && strcmp(Tok, "suppressions") &&
               strcmp(Tok, "all_points")) {
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

/* Bit i set: decision i is forced (not `-`). */
static unsigned long Forced = 0;

static void record(int Argc, char **Argv, int Exact) {
  FILE *F = fopen(Record, "w");
  if (!F)
    return;
  fprintf(F, "ravel-schedule 1\nstrategy %s\nseed %ld\ndepth 3\nsteps %ld\n",
          Schedule, Seed, RecordSteps);
  fprintf(F, "exact %d\nargv [", Exact);
  for (int I = 0; I < Argc; ++I)
    fprintf(F, "%s\"%s\"", I ? "," : "", Argv[I]);
  fprintf(F, "]\n");
  if (!Exact)
    fprintf(F, "note replay diverged at step 4: the recorded choice is not "
               "possible here (the program took another path)\n");
  fprintf(F, "decisions 20\n");
  for (int I = 0; I < 20; ++I)
    fprintf(F, "%s%d", I ? " " : "", I % 2);
  fprintf(F, "\n");
  fclose(F);
}

/* Under replay=, the seed and the forced decisions come from the file. */
static void readReplay(void) {
  FILE *F = fopen(Replay, "r");
  if (!F) {
    fprintf(stderr, "ravel: error: cannot open replay file %s\n", Replay);
    exit(2);
  }
  char Line[512];
  int InDecisions = 0, Index = 0;
  while (fgets(Line, sizeof(Line), F)) {
    if (!InDecisions) {
      if (!strncmp(Line, "seed ", 5))
        Seed = atol(Line + 5);
      else if (!strncmp(Line, "decisions ", 10))
        InDecisions = 1;
      continue;
    }
    for (char *Tok = strtok(Line, " \n"); Tok; Tok = strtok(NULL, " \n")) {
      char *Star = strchr(Tok, '*');
      int Repeat = Star ? atoi(Star + 1) : 1;
      for (int K = 0; K < Repeat; ++K, ++Index)
        if (Tok[0] != '-' && Index < 64)
          Forced |= 1UL << Index;
    }
  }
  fclose(F);
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
  /* long N: a correct program that takes N scheduling steps; a budget
     (max_steps=) below that stops it as a hang at the budget. */
  long Need = !strcmp(Mode, "long") && argc > 2 ? atol(argv[2]) : 0;
  int OverBudget = Need && MaxSteps && MaxSteps < Need;
  if (Need)
    RecordSteps = OverBudget ? MaxSteps : Need;
  int Replaying = !strcmp(Schedule, "replay");
  if (Replaying)
    readReplay();
  else
    Forced = 0xFFFFFUL; /* a fresh run forces all 20 decisions */
  if (Record[0])
    record(argc, argv, !(Replaying && !strcmp(Mode, "diverge")));
  if (Replaying && !strcmp(Mode, "diverge"))
    return 0;

  if (OverBudget) {
    FILE *F = fopen(Report, "a");
    if (F) {
      fprintf(F,
              "{\"id\":\"RV-HG-00000000000000c3\",\"kind\":\"hang\","
              "\"summary\":\"run stopped at its step budget\",\"threads\":[{"
              "\"tid\":1,\"name\":\"T1\",\"op\":\"\",\"stack\":[{"
              "\"function\":\"main\",\"file\":\"fake.c\",\"line\":9,"
              "\"column\":3}]}],\"step_budget\":%ld,\"schedule\":{"
              "\"strategy\":\"%s\",\"seed\":%ld,\"exact\":true}}\n",
              MaxSteps, Schedule, Seed);
      fclose(F);
    }
    return (int)ExitCode;
  }
  if (!strcmp(Mode, "race") && Seed % 3 == 0)
    report("RV-DR-00000000000000a1", "counter", 14);
  if (!strcmp(Mode, "two-races")) {
    if (Seed % 2 == 0)
      report("RV-DR-00000000000000a1", "counter", 14);
    if (Seed % 5 == 0)
      report("RV-DR-00000000000000b2", "total", 30);
  }
  if (!strcmp(Mode, "grouped")) {
    if (Seed % 2 == 0)
      report("RV-DR-00000000000000c1", "counter", 40);
    if (Seed % 3 == 0)
      report("RV-DR-00000000000000c2", "counter", 60);
    if (Seed % 5 == 2)
      report("RV-DR-00000000000000c3", "s->counter", 80);
    if (Seed % 4 == 1)
      report("RV-DR-00000000000000d1", "total", 100);
  }
  if (!strcmp(Mode, "preempt") && (Forced & (1UL << 7)) &&
      (Forced & (1UL << 13)))
    report("RV-DR-00000000000000a1", "counter", 14);
  if (!strcmp(Mode, "steps-hint") && StepsHint == 20)
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
  if (!strcmp(Mode, "race-fail")) {
    if (Seed % 3 == 0)
      report("RV-DR-00000000000000a1", "counter", 14);
    return 4;
  }
  if (!strcmp(Mode, "assert-space")) {
    fprintf(stderr, "fake: my file.c:7: int main(int, char **): Assertion "
                    "`n > 0' failed.\n\033[31mred\033[0m\n");
    abort();
  }
  if (!strcmp(Mode, "mixed-fail"))
    return Seed % 2 ? 4 : 6;
  if (!strcmp(Mode, "hang") && Seed % 5 == 3) {
    fork(); /* a child that hangs too: the whole process group must go */
    for (;;)
      pause();
  }
  if (!strcmp(Mode, "hang-once") && Seed % 5 == 3 && argc > 2) {
    int Fd = open(argv[2], O_CREAT | O_EXCL | O_WRONLY, 0600);
    if (Fd >= 0) {
      close(Fd);
      for (;;)
        pause();
    }
  }
  if (!strcmp(Mode, "suppressed")) {
    FILE *F = fopen(Report, "a");
    fputs("{\"suppressed\":{\"id\":\"RV-DR-00000000000000e1\",\"kind\":"
          "\"data-race\",\"rule\":\"noisy\"}}\n",
          F);
    if (Seed % 2 == 0)
      fputs("{\"suppressed\":{\"id\":\"RV-DR-00000000000000e2\",\"kind\":"
            "\"data-race\",\"rule\":\"noisy\"}}\n",
            F);
    fclose(F);
    if (Seed % 3 == 0)
      report("RV-DR-00000000000000a1", "counter", 10);
  }
  if (!strcmp(Mode, "corrupt")) {
    FILE *F = fopen(Report, "a");
    fputs("{\"id\": \"RV-DR-1\", \"kind\": \n", F);
    fclose(F);
    Found = 1;
  }
  return Found ? (int)ExitCode : 0;
}

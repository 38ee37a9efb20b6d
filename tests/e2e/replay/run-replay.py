#!/usr/bin/env python3
"""End-to-end replay and determinism test for `ravel run` / `ravel replay`.

For bundled examples (testcases/) that, under a controlled schedule, show each
finding kind (data-race, deadlock, crash, hang, potential-deadlock,
mutex-misuse), this builds the example with ravel-cc / ravel-c++ into WORK_DIR,
runs

    ravel run --schedule pct --runs N --seed 1 --report R.json -- ./example

and then, for EVERY finding of the report, `ravel replay R.json --finding ID`
must print `reproduced ID`. Every expected kind must appear in some report.

Determinism: the same `ravel run` (same seed) is run a second time in a second
directory; the finding ids and the `decisions` sections of the recorded
schedule files (ravel-schedules/R/*.sched) must be identical.

    run-replay.py RAVEL_BIN_DIR TESTCASES_DIR WORK_DIR [EXAMPLE...]
    run-replay.py --corrupt ...   corrupt each finding's schedule file before
                                  replaying (a check that the test can fail:
                                  it must then exit non-zero)
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

# example -> (ravel run options, the kinds it must show under them).
# livelock.cpp relies on the step budget ravel run gives every controlled
# run (100 x the steps of run 0, at least 10000; its normal runs take about
# 30 steps), so its livelock is a step-budget `hang` with a recorded
# schedule within seconds, not a wall-clock --timeout (which depends on the
# machine's load and loses the schedule). MAX_STEPS runs it once more with
# --max-steps.
# Seeds are deterministic, so the run counts are the smallest that still
# show the kind with --seed 1, with some margin.
CASES = {
    "lost_wakeup.c": (["--runs", "30"], {"data-race", "deadlock"}),
    "config_singleton.cpp": (["--runs", "30"], {"data-race"}),
    "overdraft.cpp": (["--runs", "30"], {"deadlock"}),
    "inventory.cpp": (["--runs", "30"], {"crash"}),
    "livelock.cpp": (["--runs", "160", "--depth", "4", "--timeout", "60"],
                     {"hang"}),
    "bank.cpp": (["--runs", "10"], {"potential-deadlock"}),
    "receipt_printer.c": (["--runs", "5"], {"mutex-misuse"}),
}
# The example whose run is repeated for the determinism check (several kinds).
DETERMINISM = ["lost_wakeup.c", "inventory.cpp"]
ENV = {}
# example -> (ravel run options, the budget its `hang` summary must name).
MAX_STEPS = {"livelock.cpp": (["--runs", "160", "--depth", "4", "--timeout",
                               "60", "--max-steps", "5000",
                               "--stop-on-first"], 5000)}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def build(bin_dir, src, exe):
    cc = "ravel-cc" if src.endswith(".c") else "ravel-c++"
    std = "-std=gnu11" if src.endswith(".c") else "-std=c++17"
    proc = subprocess.run(
        [os.path.join(bin_dir, cc), "-g", "-O1", "-pthread", std, src, "-o", exe],
        env=dict(os.environ, RAVEL_ROOT=os.path.dirname(src)),
        capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        return False
    return True


def ravel_run(bin_dir, rundir, exe, options, env):
    os.makedirs(rundir, exist_ok=True)
    cmd = [os.path.join(bin_dir, "ravel"), "run", "--schedule", "pct",
           "--seed", "1", *options, "--quiet", "--report", "R.json",
           "--", os.path.relpath(exe, rundir)]
    proc = subprocess.run(cmd, cwd=rundir, capture_output=True, text=True,
                          timeout=300, env=env)
    report = None
    path = os.path.join(rundir, "R.json")
    if os.path.exists(path):
        with open(path) as f:
            report = json.load(f)
    return proc, report


def decisions(path):
    """The `decisions` section of a schedule file, as a string."""
    with open(path) as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("decisions "):
            return "\n".join(lines[i:])
    return None


def schedule_digest(rundir):
    sched_dir = os.path.join(rundir, "ravel-schedules", "R")
    out = {}
    if os.path.isdir(sched_dir):
        for name in sorted(os.listdir(sched_dir)):
            if name.endswith(".sched"):
                d = decisions(os.path.join(sched_dir, name))
                out[name] = hashlib.sha256(
                    (d if d is not None else "<none>").encode()).hexdigest()
    return out


def corrupt(rundir, replay_file):
    """Rewrites every decision of a schedule file to name a thread that does
    not exist, so the replay diverges at its first choice."""
    path = os.path.join(rundir, replay_file)
    with open(path) as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("decisions "):
            n = int(line.split()[1])
            lines[i + 1:] = ["9"] * n if n else []
            lines[i] = "decisions %d" % n
            break
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv):
    corrupt_mode = "--corrupt" in argv
    argv = [a for a in argv if a != "--corrupt"]
    bin_dir, tc_dir, work = (os.path.abspath(a) for a in argv[:3])
    only = argv[3:]
    cases = {k: v for k, v in CASES.items() if not only or k in only}
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    ravel = os.path.join(bin_dir, "ravel")
    kinds_seen = set()
    for name, (options, kinds) in cases.items():
        start = time.time()
        exe = os.path.join(work, "bin", os.path.splitext(name)[0])
        os.makedirs(os.path.dirname(exe), exist_ok=True)
        if not build(bin_dir, os.path.join(tc_dir, name), exe):
            fail("%s: the build failed" % name)
            continue
        rundir = os.path.join(work, name, "a")
        env = dict(os.environ, **ENV.get(name, {}))
        proc, report = ravel_run(bin_dir, rundir, exe, options, env)
        if report is None or proc.returncode != 1:
            sys.stderr.write(proc.stdout + proc.stderr)
            fail("%s: ravel run exited %d (expected 1 with a report)" %
                 (name, proc.returncode))
            continue
        findings = report.get("findings", [])
        got = {f["kind"] for f in findings}
        kinds_seen |= got
        if not kinds <= got:
            fail("%s: expected kinds %s, the report has %s" %
                 (name, sorted(kinds), sorted(got)))
        for f in findings:
            if f["kind"] == "hang" and name in MAX_STEPS and not (
                    "budget of" in f["summary"] and
                    (f.get("schedule") or {}).get("replay_file")):
                fail("%s: the hang was not stopped by the step budget with "
                     "its schedule: %s" % (name, f["summary"]))
        if name in MAX_STEPS and not corrupt_mode:
            opts, budget = MAX_STEPS[name]
            rundir_m = os.path.join(work, name, "max-steps")
            proc_m, report_m = ravel_run(bin_dir, rundir_m, exe, opts, env)
            hangs = [f for f in (report_m or {}).get("findings", [])
                     if f["kind"] == "hang"]
            want = "budget of %d scheduling steps" % budget
            if not hangs or want not in hangs[0]["summary"]:
                sys.stderr.write(proc_m.stdout + proc_m.stderr)
                fail("%s: --max-steps %d gave no hang naming %r" %
                     (name, budget, want))
            else:
                rp = subprocess.run(
                    [ravel, "replay", "R.json", "--finding", hangs[0]["id"]],
                    cwd=rundir_m, capture_output=True, text=True,
                    timeout=120, env=env)
                if ("reproduced " + hangs[0]["id"]) not in rp.stdout:
                    sys.stderr.write(rp.stdout + rp.stderr)
                    fail("%s: the --max-steps hang did not replay" % name)
                else:
                    print("ok     %-22s --max-steps %d: hang replayed" %
                          (name, budget), flush=True)
            # Past the wall-clock time-out instead (a budget too large to
            # reach): ravel ends the run with SIGTERM first, the runtime
            # writes its recorded schedule, and the hang keeps it.
            rundir_t = os.path.join(work, name, "timeout")
            proc_t, report_t = ravel_run(
                bin_dir, rundir_t, exe,
                ["--runs", "160", "--stop-on-first", "--depth", "4",
                 "--timeout", "2",
                 "--max-steps", "1000000000", "--shrink-replays", "0"], env)
            hangs = [f for f in (report_t or {}).get("findings", [])
                     if f["kind"] == "hang"]
            sched_t = (hangs[0].get("schedule") or {}) if hangs else {}
            if not hangs or "time limit" not in hangs[0]["summary"] or \
                    not sched_t.get("replay_file") or not sched_t.get("exact"):
                sys.stderr.write(proc_t.stdout + proc_t.stderr)
                fail("%s: a run killed at --timeout lost its schedule: %s" %
                     (name, hangs[0] if hangs else "no hang"))
            else:
                print("ok     %-22s --timeout 2: hang kept its schedule %s" %
                      (name, sched_t["replay_file"]), flush=True)
        for f in findings:
            fid = f["id"]
            rf = (f.get("schedule") or {}).get("replay_file")
            if corrupt_mode and rf:
                corrupt(rundir, rf)
            rp = subprocess.run([ravel, "replay", "R.json", "--finding", fid],
                                cwd=rundir, capture_output=True, text=True,
                                timeout=120, env=env)
            out = rp.stdout + rp.stderr
            # Running on past the end of a (shrunk) recording is allowed;
            # any other divergence means the replay did not follow the file.
            other_divergence = [
                l for l in out.splitlines() if "diverged" in l
                and "more choices than the recording holds" not in l]
            if (("reproduced " + fid) in out and rp.returncode == 1
                    and not other_divergence):
                note = "  (ran past the end of the recording)" \
                    if "diverged" in out else ""
                print("ok     %-22s %-18s %s  replayed (%s)%s" %
                      (name, f["kind"], fid, rf, note), flush=True)
            else:
                sys.stderr.write(out)
                fail("%s: replay of %s %s (%s) did not reproduce it (exit %d)" %
                     (name, f["kind"], fid, rf, rp.returncode))
        if name in DETERMINISM and not corrupt_mode:
            rundir_b = os.path.join(work, name, "b")
            proc_b, report_b = ravel_run(bin_dir, rundir_b, exe, options, env)
            ids_a = [f["id"] for f in findings]
            ids_b = [f["id"] for f in (report_b or {}).get("findings", [])]
            if ids_a != ids_b:
                fail("%s: the same seed gave other findings: %s vs %s" %
                     (name, ids_a, ids_b))
            da, db = schedule_digest(rundir), schedule_digest(rundir_b)
            if not da or da != db:
                fail("%s: the same seed gave other recorded schedules: %s vs %s"
                     % (name, da, db))
            else:
                print("ok     %-22s determinism: %d findings, %d schedule files "
                      "identical" % (name, len(ids_a), len(da)), flush=True)
        print("       %-22s %.1f s" % (name, time.time() - start), flush=True)
    if not only:
        want = set().union(*(k for _, k in CASES.values()))
        if not want <= kinds_seen:
            fail("kinds never seen: %s" % sorted(want - kinds_seen))
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all findings replayed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

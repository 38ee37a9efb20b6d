#!/usr/bin/env python3
"""Schedule benchmark: not a test, a measurement.

(a) Bug-finding power: for every buggy example of testcases/ (the kind of
    its EXPECT line), for the classic concurrency bugs of
    bench/schedules/programs/ (an atomicity violation and an order violation
    without data races, a bug that needs three thread switches, an ABBA
    inversion with a narrow window) and each schedule (native, noise,
    random, pct), the 1-based index of the first run (run i uses seed
    OFFSET+i) whose findings include the expected kind, within at most K
    runs, and the seconds that took; the median over several seed offsets.
    Measured with `ravel run --stop-on-first --jobs 1`: when the run that
    stops it shows another kind first (e.g. lost_wakeup.c's data race before
    its lost wake-up), ravel run is started again at the next seed. The same
    for a clang-19 -fsanitize=thread build run again and again (a report of
    the kind's class, a crash, or a run killed at --timeout for a
    deadlock or hang).
(b) Runs per second of many short runs of bench/workloads/tiny.c: a spawn
    loop (spawn_loop.c: posix_spawn + waitpid) of the plain clang-19 build,
    of a clang-19 -fsanitize=thread build and of the ravel-cc build (native),
    and `ravel run --runs N` with --schedule native and pct, --jobs 1 and 2,
    each with its fork server (the default) and with --no-fork-server
    (every run spawned); ratios to the plain and the TSan spawn loops.

For a `deadlock` example under native or noise, a `hang` (the run blocked
and was killed at --timeout) counts as the detection: free runs do not model
blocking. Each (example, schedule, offset) measurement stops after --deadline s of wall time
(counted as not found); runs are killed after --timeout seconds (a `hang`,
another kind, after which the search goes on at the next seed).

    bench/schedules/run.py --bin build/bin [--max-runs 100] [--offsets 1,1001,2001]
                           [--deadline 20] [--examples a.c,b.cpp]
                           [--short-runs 1000] [--reps 3] [--out DIR]
                           [--markdown FILE] [--only a|b]

Prints markdown tables (and writes them to --markdown when given).
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Schedule-dependent bugs of testcases/ whose EXPECT line names a first
# finding that hides the interesting one (lost_wakeup.c: its race comes
# first; the lost wake-up is the deadlock measured here).
KIND_OVERRIDES = {"lost_wakeup.c": "deadlock"}
# bench/schedules/programs/ -> the kind each bug shows as.
CLASSICS = [
    ("lost_update_atomics.cpp", "crash"),
    ("order_violation.c", "crash"),
    ("three_switches.c", "crash"),
    ("narrow_abba.c", "potential-deadlock"),
]
SCHEDULES = ["native", "noise", "random", "pct"]


def examples(only):
    """(path, kind) of every buggy example and classic program."""
    out = []
    tc = os.path.join(ROOT, "testcases")
    for name in sorted(os.listdir(tc)):
        if not name.endswith((".c", ".cpp")) or "_fixed" in name:
            continue
        with open(os.path.join(tc, name)) as f:
            expect = next((l[len("// EXPECT:"):].split()
                           for l in f if l.startswith("// EXPECT:")), None)
        if not expect or expect[0] == "none":
            continue
        out.append((os.path.join(tc, name),
                    KIND_OVERRIDES.get(name, expect[0])))
    for name, kind in CLASSICS:
        out.append((os.path.join(ROOT, "bench", "schedules", "programs", name),
                    kind))
    if only:
        out = [e for e in out if os.path.basename(e[0]) in only]
    return out


# What counts as ThreadSanitizer finding each kind: a report of its class
# on stderr, or (crash) the process dying of a signal, or (deadlock, hang)
# the run passing the time limit.
TSAN_REPORTS = {
    "data-race": ["ThreadSanitizer: data race"],
    "potential-deadlock": ["lock-order-inversion"],
    "deadlock": ["lock-order-inversion"],
    "mutex-misuse": ["ThreadSanitizer: unlock of an unlocked mutex",
                     "ThreadSanitizer: destroy of a locked mutex",
                     "ThreadSanitizer: double lock"],
    "crash": [],
    "hang": [],
}


def tsan_first_detection(exe, kind, max_runs, timeout, deadline_s):
    """(1-based index of the first run of a TSan build showing kind, or None;
    seconds)."""
    t0 = time.time()
    for i in range(max_runs):
        if time.time() - t0 > deadline_s:
            break
        try:
            p = subprocess.run([exe], capture_output=True, text=True,
                               timeout=timeout, errors="replace")
        except subprocess.TimeoutExpired:
            if kind in ("deadlock", "hang"):
                return i + 1, time.time() - t0
            continue
        if any(r in p.stderr for r in TSAN_REPORTS.get(kind, [])):
            return i + 1, time.time() - t0
        if kind == "crash" and p.returncode < 0:
            return i + 1, time.time() - t0
        if kind == "crash" and "SEGV" in p.stderr:
            return i + 1, time.time() - t0
    return None, time.time() - t0


def build(bin_dir, src, exe, extra=()):
    cc = "ravel-cc" if src.endswith(".c") else "ravel-c++"
    std = "-std=gnu11" if src.endswith(".c") else "-std=c++17"
    subprocess.run([os.path.join(bin_dir, cc), "-g", "-O1", "-pthread", std,
                    *extra, src, "-o", exe],
                   env=dict(os.environ, RAVEL_ROOT=os.path.dirname(src)),
                   check=True, capture_output=True)


def first_detection(ravel, exe, workdir, schedule, kind, offset, max_runs,
                    timeout, deadline_s):
    """1-based index of the first run showing `kind`, or None within max_runs."""
    done = 0
    deadline = time.time() + deadline_s
    while done < max_runs and time.time() < deadline:
        report = os.path.join(workdir, "R.json")
        if os.path.exists(report):
            os.remove(report)
        subprocess.run([ravel, "run", "--schedule", schedule, "--seed",
                        str(offset + done), "--runs", str(max_runs - done),
                        "--stop-on-first", "--jobs", "1", "--timeout",
                        str(timeout), "--shrink-replays", "0", "--quiet",
                        "--report", report, "--", exe],
                       cwd=workdir, capture_output=True)
        if not os.path.exists(report):
            return None
        with open(report) as f:
            findings = json.load(f).get("findings", [])
        # In a free (native/noise) run a real deadlock is not modelled: the
        # threads block and the run is killed at --timeout, a `hang`.
        accepted = {kind, "hang"} if (kind == "deadlock" and schedule in
                                       ("native", "noise")) else {kind}
        hits = [f["first_run"] for f in findings if f["kind"] in accepted]
        if hits:
            return done + min(hits) + 1
        if not findings:
            return None
        done += max(f["first_run"] for f in findings) + 1
    return None


def median_cell(values, max_runs):
    """Median of (runs, seconds) pairs, misses (runs None) counted as > K."""
    found = [v for v in values if v[0] is not None]
    if len(found) * 2 <= len(values):
        return ">%d" % max_runs
    ordered = sorted(values, key=lambda v: (v[0] is None, v[0] or 0, v[1]))
    runs, secs = ordered[(len(ordered) - 1) // 2]
    return "%d (%.1f s)" % (runs, secs)


def table_a(args, ravel, out):
    offsets = [int(o) for o in args.offsets.split(",")]
    only = set(args.examples.split(",")) if args.examples else None
    rows = []
    for src, kind in examples(only):
        name = os.path.basename(src)
        exe = os.path.join(out, "bin", os.path.splitext(name)[0])
        build(args.bin, src, exe)
        tsan = exe + ".tsan"
        cc = "clang-19" if src.endswith(".c") else "clang++-19"
        std = "-std=gnu11" if src.endswith(".c") else "-std=c++17"
        subprocess.run([cc, "-g", "-O1", "-pthread", std, "-fsanitize=thread",
                        src, "-o", tsan], check=True, capture_output=True)
        cells = []
        for sched in SCHEDULES:
            values = []
            for off in offsets:
                t0 = time.time()
                v = first_detection(ravel, exe, out, sched, kind, off,
                                    args.max_runs, args.timeout, args.deadline)
                values.append((v, time.time() - t0))
                print("  %-24s %-7s seed %-5d -> %s (%.1f s)" %
                      (name, sched, off, v, time.time() - t0),
                      file=sys.stderr, flush=True)
            cells.append(median_cell(values, args.max_runs))
        values = []
        for _ in offsets:
            values.append(tsan_first_detection(tsan, kind, args.max_runs,
                                               args.timeout, args.deadline))
            print("  %-24s tsan    -> %s (%.1f s)" % (name, *values[-1]),
                  file=sys.stderr, flush=True)
        cells.append(median_cell(values, args.max_runs))
        rows.append("| %s | %s | %s |" % (name, kind, " | ".join(cells)))
    head = ["| program | expected kind | " + " | ".join(
        "ravel " + s for s in SCHEDULES) + " | TSan |",
            "|---|---|" + "---|" * (len(SCHEDULES) + 1)]
    return head + rows


def spawn_loop(loop, cmd, n, env=None):
    """Runs/s of spawning cmd n times in a row (spawn_loop.c: posix_spawn +
    waitpid, output to /dev/null)."""
    out = subprocess.run([loop, str(n), *cmd], env=env, check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip())


def ravel_rate(ravel, out, rv, n, sched, jobs, fork_server):
    """(wall-clock runs/s of the whole command, runs/s ravel prints for its
    runs alone)."""
    cmd = [ravel, "run", "--runs", str(n), "--schedule", sched, "--jobs", jobs,
           "--report", os.path.join(out, "tiny.json"), "--shrink-replays", "0"]
    if not fork_server:
        cmd.append("--no-fork-server")
    t0 = time.time()
    proc = subprocess.run(cmd + ["--", rv], cwd=out, capture_output=True,
                          text=True)
    wall = n / (time.time() - t0)
    own = float("nan")
    for line in proc.stderr.splitlines():
        if "runs/s" in line:  # "ravel: N runs in S s (R runs/s); report: F"
            own = float(line.split("(")[1].split()[0])
    if "runs/s" not in proc.stderr:
        sys.stderr.write(proc.stderr)
    return wall, own


def table_b(args, ravel, out):
    tiny = os.path.join(ROOT, "bench", "workloads", "tiny.c")
    plain = os.path.join(out, "tiny.plain")
    tsan = os.path.join(out, "tiny.tsan")
    rv = os.path.join(out, "tiny.ravel")
    loop = os.path.join(out, "spawn_loop")
    subprocess.run(["clang-19", "-O2", os.path.join(ROOT, "bench", "schedules",
                                                    "spawn_loop.c"), "-o", loop],
                   check=True)
    subprocess.run(["clang-19", "-O2", "-pthread", tiny, "-o", plain], check=True)
    subprocess.run(["clang-19", "-O2", "-g", "-fsanitize=thread", "-pthread",
                    tiny, "-o", tsan], check=True)
    subprocess.run([os.path.join(args.bin, "ravel-cc"), "-O2", "-g", "-pthread",
                    tiny, "-o", rv], check=True,
                   env=dict(os.environ, RAVEL_ROOT=os.path.dirname(tiny)))
    n = args.short_runs
    # label -> list of (wall runs/s, ravel's own runs/s) over the repetitions;
    # the repetitions are interleaved, so a burst of load hits every variant.
    variants = [("plain clang-19 build, spawn loop",
                 lambda: (spawn_loop(loop, [plain], n), None)),
                ("clang-19 -fsanitize=thread build, spawn loop",
                 lambda: (spawn_loop(loop, [tsan], n), None)),
                ("ravel-cc build, spawn loop (schedule native)",
                 lambda: (spawn_loop(loop, [rv], n), None))]
    for sched in ["native", "pct"]:
        for jobs in ["1", "2"]:
            for fork in [True, False]:
                label = "`ravel run --runs %d --schedule %s --jobs %s%s`" % (
                    n, sched, jobs, "" if fork else " --no-fork-server")
                variants.append((label, lambda s=sched, j=jobs, f=fork:
                                 ravel_rate(ravel, out, rv, n, s, j, f)))
    samples = {label: [] for label, _ in variants}
    for _ in range(args.reps):
        for label, measure in variants:
            samples[label].append(measure())
    rate = {label: statistics.median(w for w, _ in samples[label])
            for label in samples}
    own = {label: (statistics.median(o for _, o in samples[label])
                   if samples[label][0][1] is not None else None)
           for label in samples}
    base = rate[variants[0][0]]
    tsan_rate = rate[variants[1][0]]
    lines = ["| variant | runs | runs/s | ravel's own runs/s | vs plain spawn "
             "| vs TSan spawn | fork server vs spawned |",
             "|---|---|---|---|---|---|---|"]
    for label, _ in variants:
        speedup = ""
        if label.startswith("`ravel run") and "--no-fork-server" not in label:
            spawned = label[:-1] + " --no-fork-server`"
            speedup = "%.1f×" % (rate[label] / rate[spawned])
        lines.append("| %s | %d | %.0f | %s | %.2f | %.1f× | %s |" % (
            label, n, rate[label],
            "%.0f" % own[label] if own[label] is not None else "",
            rate[label] / base, rate[label] / tsan_rate, speedup))
    lines.append("")
    lines.append("runs/s: wall clock of the whole command (for `ravel run`: "
                 "its start-up, the runs and the report), median of %d "
                 "interleaved repetitions; ravel's own runs/s: the rate it "
                 "prints for its runs alone." % args.reps)
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--max-runs", type=int, default=100)
    ap.add_argument("--offsets", default="1,1001,2001")
    ap.add_argument("--deadline", type=float, default=20,
                    help="seconds per (program, schedule, offset) measurement")
    ap.add_argument("--examples",
                    help="comma-separated file names: only these programs")
    ap.add_argument("--timeout", type=float, default=1)
    ap.add_argument("--short-runs", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=3,
                    help="repetitions of each many-short-runs variant")
    ap.add_argument("--out", default="bench-schedules")
    ap.add_argument("--markdown")
    ap.add_argument("--only", choices=["a", "b"])
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "bin"))
    ravel = os.path.join(args.bin, "ravel")
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f
                       if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    text = ["Machine: %s, %d cores, %s. Date: %s." %
            (cpu, os.cpu_count(), platform.platform(),
             time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())),
            "Command: `%s`." % " ".join(["bench/schedules/run.py"] + sys.argv[1:]),
            ""]
    if args.only != "b":
        text += ["### Runs and seconds to first detection",
                 "",
                 "Median over seed offsets %s of the 1-based index of the first "
                 "run showing the expected kind, and (in parentheses) the wall "
                 "seconds until then; >%d when most offsets did not find it "
                 "within %d runs or %g s." %
                 (args.offsets, args.max_runs, args.max_runs, args.deadline),
                 ""]
        text += table_a(args, ravel, out) + [""]
    if args.only != "a":
        text += ["### Many short runs (tiny.c)", ""]
        text += table_b(args, ravel, out) + [""]
    doc = "\n".join(text)
    print(doc)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(doc)


if __name__ == "__main__":
    main()

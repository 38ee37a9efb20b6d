#!/usr/bin/env python3
"""Schedule benchmark: not a test, a measurement.

(a) Runs to first detection: for each ordering-bug example of testcases/ and
    each schedule (native, noise, random, pct), the 1-based index of the first
    run (run i uses seed OFFSET+i) whose findings include the example's
    expected kind, within at most K runs; the median over several seed
    offsets. Measured with `ravel run --stop-on-first --jobs 1`: when the run
    that stops it shows another kind first (e.g. lost_wakeup.c's data race
    before its lost wake-up), ravel run is started again at the next seed.
(b) Runs per second of many short runs of bench/workloads/tiny.c: a spawn
    loop (spawn_loop.c: posix_spawn + waitpid) of the plain clang-19 build,
    of a clang-19 -fsanitize=thread build and of the ravel-cc build (native),
    and `ravel run --runs N` with --schedule native and pct, --jobs 1 and 2,
    each with its fork server (the default) and with --no-fork-server
    (every run spawned); ratios to the plain and the TSan spawn loops.

For a `deadlock` example under native or noise, a `hang` (the run blocked
and was killed at --timeout) counts as the detection: free runs do not model
blocking. Each (example, schedule, offset) measurement stops after 30 s of wall time
(counted as not found); runs are killed after --timeout seconds (a `hang`,
another kind, after which the search goes on at the next seed).

    bench/schedules/run.py --bin build/bin [--max-runs 200] [--offsets 1,1001,2001]
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

# example -> the kind the ordering bug shows as (testcases/README.md).
EXAMPLES = [
    ("config_load.c", "data-race"),
    ("inventory.cpp", "crash"),
    ("job_queue.cpp", "crash"),
    ("lost_wakeup.c", "deadlock"),
    ("overdraft.cpp", "deadlock"),
    ("config_singleton.cpp", "data-race"),
]
SCHEDULES = ["native", "noise", "random", "pct"]


def build(bin_dir, src, exe, extra=()):
    cc = "ravel-cc" if src.endswith(".c") else "ravel-c++"
    std = "-std=gnu11" if src.endswith(".c") else "-std=c++17"
    subprocess.run([os.path.join(bin_dir, cc), "-g", "-O1", "-pthread", std,
                    *extra, src, "-o", exe],
                   env=dict(os.environ, RAVEL_ROOT=os.path.dirname(src)),
                   check=True, capture_output=True)


def first_detection(ravel, exe, workdir, schedule, kind, offset, max_runs,
                    timeout):
    """1-based index of the first run showing `kind`, or None within max_runs."""
    done = 0
    deadline = time.time() + 30
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


def table_a(args, ravel, out):
    offsets = [int(o) for o in args.offsets.split(",")]
    rows = []
    for name, kind in EXAMPLES:
        exe = os.path.join(out, "bin", os.path.splitext(name)[0])
        build(args.bin, os.path.join(ROOT, "testcases", name), exe)
        cells = []
        for sched in SCHEDULES:
            values = []
            for off in offsets:
                t0 = time.time()
                v = first_detection(ravel, exe, out, sched, kind, off,
                                    args.max_runs, args.timeout)
                values.append(v)
                print("  %-22s %-7s seed %-5d -> %s (%.1f s)" %
                      (name, sched, off, v, time.time() - t0),
                      file=sys.stderr, flush=True)
            found = [v for v in values if v is not None]
            if len(found) * 2 > len(values):
                # Median with misses counted as > K (they sort last).
                ordered = sorted(values, key=lambda v: (v is None, v or 0))
                med = ordered[(len(ordered) - 1) // 2]
                cell = "%s" % med if med is not None else ">%d" % args.max_runs
            else:
                cell = ">%d" % args.max_runs
            cell += " (%s)" % ", ".join(
                str(v) if v is not None else "–" for v in values)
            cells.append(cell)
        rows.append("| %s | %s | %s |" % (name, kind, " | ".join(cells)))
    head = ["| example | expected kind | " + " | ".join(SCHEDULES) + " |",
            "|---|---|" + "---|" * len(SCHEDULES)]
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
    ap.add_argument("--max-runs", type=int, default=200)
    ap.add_argument("--offsets", default="1,1001,2001")
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
        text += ["### Runs to first detection",
                 "",
                 "Median 1-based index of the first run showing the expected kind "
                 "(seed offsets %s; in parentheses each offset's value, – = not "
                 "within %d runs; >%d when most offsets miss)." %
                 (args.offsets, args.max_runs, args.max_runs), ""]
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

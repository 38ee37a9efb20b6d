#!/usr/bin/env python3
"""Detection side by side: ravel (native and pct) against ThreadSanitizer.

Every program of the corpus states what it contains in `// EXPECT:` lines
(`// EXPECT: data-race counter (counter.cpp:14, counter.cpp:14)`,
`// EXPECT: none`). Each program is built twice -- with ravel-cc/ravel-c++ and
with `clang-19 -fsanitize=thread` -- and run RUNS times by each tool (ravel:
`ravel run --schedule native` and `--schedule pct`). A tool detects a kind
in a program when some run reports it. Per finding class (races; deadlocks,
which counts `potential-deadlock` and `deadlock` for ravel and
`lock-order-inversion` for TSan):

  TP  the program expects the class and the tool reported it
  FN  the program expects the class and the tool did not report it
  FP  the tool reported the class where the program expects none of it

Prints one line per program and the precision and recall of each tool.
Detection only: times are not compared here (bench/run_benchmarks.sh does).

    bench/fidelity/run.py --bin BUILD/bin [--runs N] [--out DIR] [SOURCE...]

Without SOURCE, the corpus is testcases/ and tests/e2e/findings/.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLASSES = {"data-race": "race", "potential-deadlock": "deadlock",
           "deadlock": "deadlock"}


sys.path.insert(0, os.path.join(ROOT, "tests"))
import expect  # noqa: E402  (the `// EXPECT:` dialect, docs/testing.md)


def directives(path):
    contract = expect.Contract(path)
    classes = {CLASSES[e.kind] for e in contract.expectations
               if e.kind in CLASSES}
    return classes, contract.flags, contract.env


def build(compiler, source, flags, exe, env=None):
    proc = subprocess.run([compiler, "-g", "-O1", "-pthread", *flags, source,
                           "-o", exe], capture_output=True, text=True, env=env)
    return proc.returncode == 0, proc.stderr


def tsan_classes(exe, runs, timeout):
    found = set()
    env = dict(os.environ, TSAN_OPTIONS="halt_on_error=0 exitcode=66")
    for _ in range(runs):
        try:
            proc = subprocess.run([exe], capture_output=True, text=True,
                                  env=env, timeout=timeout)
            err = proc.stderr
        except subprocess.TimeoutExpired as e:
            err = (e.stderr or b"").decode(errors="replace")
        if re.search(r"ThreadSanitizer: (data race|heap-use-after-free)", err):
            found.add("race")
        if "ThreadSanitizer: lock-order-inversion" in err:
            found.add("deadlock")
    return found


def ravel_classes(bin_dir, exe, schedule, runs, timeout, work):
    report = os.path.join(work, "report-%s.json" % schedule)
    subprocess.run([os.path.join(bin_dir, "ravel"), "run", "--runs", str(runs),
                    "--schedule", schedule, "--timeout", str(timeout),
                    "--quiet", "--report", report, "--", exe],
                   capture_output=True, text=True, cwd=work)
    if not os.path.exists(report):
        return {"error"}
    with open(report) as f:
        doc = json.load(f)
    return {CLASSES[x["kind"]] for x in doc["findings"] if x["kind"] in CLASSES}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="a ravel build's bin/")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=int, default=20)
    ap.add_argument("sources", nargs="*")
    args = ap.parse_args()
    bin_dir = os.path.abspath(args.bin)
    sources = args.sources or sorted(
        glob.glob(os.path.join(ROOT, "testcases", "*.c*")) +
        glob.glob(os.path.join(ROOT, "tests", "e2e", "findings", "*.c*")))
    tools = ["tsan", "ravel-native", "ravel-pct"]
    score = {t: {c: [0, 0, 0] for c in ("race", "deadlock")} for t in tools}
    print("%-34s %-16s %-16s %-16s %s" % ("program", "expected", *tools))
    for src in sources:
        expect, flags, env = directives(src)
        cxx = not src.endswith(".c")
        with tempfile.TemporaryDirectory() as work:
            ravel_exe = os.path.join(work, "prog.ravel")
            tsan_exe = os.path.join(work, "prog.tsan")
            ok, err = build(os.path.join(bin_dir, "ravel-c++" if cxx else "ravel-cc"),
                            src, flags, ravel_exe,
                            dict(os.environ, RAVEL_ROOT=os.path.dirname(src), **env))
            # ravel's headers on the path, as in a project that uses
            # <ravel/annotations.h> (empty macros without ravel).
            include = ["-I", os.path.join(bin_dir, os.pardir, "include")]
            ok2, err2 = build("clang++-19" if cxx else "clang-19", src,
                              flags + include + ["-fsanitize=thread"],
                              tsan_exe)
            got = {
                "tsan": tsan_classes(tsan_exe, args.runs, args.timeout)
                if ok2 else {"build-error"},
                "ravel-native": ravel_classes(bin_dir, ravel_exe, "native",
                                              args.runs, args.timeout, work)
                if ok else {"build-error"},
                "ravel-pct": ravel_classes(bin_dir, ravel_exe, "pct",
                                           args.runs, args.timeout, work)
                if ok else {"build-error"},
            }
        for t in tools:
            for c in ("race", "deadlock"):
                if c in expect:
                    score[t][c][0 if c in got[t] else 2] += 1
                elif c in got[t]:
                    score[t][c][1] += 1
        show = lambda s: ",".join(sorted(s)) or "-"
        print("%-34s %-16s %-16s %-16s %s" % (
            os.path.basename(src), show(expect), show(got["tsan"]),
            show(got["ravel-native"]), show(got["ravel-pct"])))
    print()
    print("%-14s %-9s %4s %4s %4s %9s %6s" % ("tool", "class", "TP", "FP",
                                              "FN", "precision", "recall"))
    for t in tools:
        for c in ("race", "deadlock"):
            tp, fp, fn = score[t][c]
            prec = tp / (tp + fp) if tp + fp else 1.0
            rec = tp / (tp + fn) if tp + fn else 1.0
            print("%-14s %-9s %4d %4d %4d %9.2f %6.2f" % (t, c, tp, fp, fn,
                                                          prec, rec))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Instrumentation + compile time of ravel-cc / ravel-c++ against a plain
clang compile of the same translation units, and the share of plain accesses
the escape analysis prunes. Not part of ctest: run it by hand, e.g.

    bench/compile/compile_bench.py --bin build/bin [--reps 3]

Prints a Markdown table (the one quoted in docs/instrumenter.md). Ratios are
medians of --reps runs; a ratio compares two runs on the same machine.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# (label, source, flags): C, C++ with the standard library, template-heavy
# C++ (the thread pool header instrumented too), and a libTooling TU.
UNITS = [
    ("C, pthreads", "tests/e2e/semantic/c_threads.c", ["-std=c11", "-O2"]),
    ("C, C11 corpus", "tests/e2e/semantic/c_basics.c", ["-std=gnu11", "-O2"]),
    ("C++20 corpus", "tests/e2e/semantic/cxx_features.cpp", ["-std=c++20", "-O2"]),
    ("C++ thread pool", "tests/e2e/findings/threadpool_clean.cpp", ["-std=c++17", "-O2"]),
    ("C++ libTooling TU", "instrument/lib/AtomicRewrite.cpp",
     ["-std=c++17", "-O2", "-Iinstrument/lib", "-Iinstrument/include",
      "-I/usr/lib/llvm-19/include"]),
]


def timed(cmd, env):
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), proc.stderr))
    return elapsed, proc.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    env = dict(os.environ, RAVEL_STATS="1",
               RAVEL_INSTRUMENT_DIRS="/usr/include/thread_pool", RAVEL_ROOT=ROOT)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "out.o")
        for label, src, flags in UNITS:
            cxx = not src.endswith(".c")
            plain_cc = "clang++-19" if cxx else "clang-19"
            ravel_cc = os.path.join(args.bin, "ravel-c++" if cxx else "ravel-cc")
            plain, ravel, stats = [], [], ""
            for _ in range(args.reps):
                t, _ = timed([plain_cc, *flags, "-c", src, "-o", obj], env)
                plain.append(t)
                t, stats = timed([ravel_cc, *flags, "-c", src, "-o", obj], env)
                ravel.append(t)
            m = re.search(r"accesses: (\d+) instrumented, (\d+) pruned \(([\d.]+)%\), (\d+) skipped", stats)
            inst, pruned, share, skipped = m.groups() if m else ("?",) * 4
            p, r = statistics.median(plain), statistics.median(ravel)
            rows.append((label, p, r, r / p, inst, pruned, share, skipped))
    print("| TU | plain (s) | ravel (s) | ratio | instrumented | pruned | pruned share | skipped |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, p, r, ratio, inst, pruned, share, skipped in rows:
        print("| %s | %.2f | %.2f | %.2fx | %s | %s | %s%% | %s |" %
              (label, p, r, ratio, inst, pruned, share, skipped))


if __name__ == "__main__":
    main()

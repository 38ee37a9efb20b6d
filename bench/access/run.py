#!/usr/bin/env python3
"""Access-hook and start-up cost of libravel_rt vs plain and ThreadSanitizer.

Usage: bench/access/run.py BUILD_DIR   (BUILD_DIR holds lib/libravel_rt.a)

Builds access_bench.c and empty.c three ways (plain, clang-19
-fsanitize=thread, ravel hooks + libravel_rt), runs each workload a few
times (best of N), and prints a table of ratios against plain. Not a test:
numbers depend on the machine; quote the ratios.
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CC = os.environ.get("CC", "clang-19")


def build(out, src, kind, lib):
    cmd = [CC, "-O2", "-g", os.path.join(HERE, src), "-o", out, "-lpthread"]
    if kind == "tsan":
        cmd.append("-fsanitize=thread")
    elif kind == "ravel":
        cmd += ["-DRAVEL", "-I", os.path.join(ROOT, "runtime", "include"),
                "-Wl,--whole-archive", lib, "-Wl,--no-whole-archive", "-ldl"]
    subprocess.run(cmd, check=True)


def best_of(n, fn):
    return min(fn() for _ in range(n))


def run_access(exe, mode, threads, iters):
    env = dict(os.environ, RAVEL_OPTIONS="", TSAN_OPTIONS="report_bugs=0")
    out = subprocess.run([exe, mode, str(threads), str(iters)], env=env,
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip())


def run_startup(exe, runs):
    env = dict(os.environ, RAVEL_OPTIONS="")
    t = time.perf_counter()
    for _ in range(runs):
        subprocess.run([exe], env=env, check=True)
    return (time.perf_counter() - t) / runs * 1e3  # ms


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    lib = os.path.join(os.path.abspath(sys.argv[1]), "lib", "libravel_rt.a")
    if not os.path.exists(lib):
        sys.exit(f"{lib} not found: build the runtime first")
    kinds = ["plain", "ravel", "tsan"]
    with tempfile.TemporaryDirectory() as tmp:
        exe = {}
        for k in kinds:
            exe[("access", k)] = os.path.join(tmp, f"access_{k}")
            build(exe[("access", k)], "access_bench.c", k, lib)
            exe[("empty", k)] = os.path.join(tmp, f"empty_{k}")
            build(exe[("empty", k)], "empty.c", k, lib)
        rows = []
        for mode, threads, iters in [("hot", 1, 20_000_000),
                                     ("hot", 2, 20_000_000),
                                     ("cold", 1, 4_000_000),
                                     ("cold", 2, 4_000_000)]:
            ns = {k: best_of(3, lambda k=k: run_access(exe[("access", k)],
                                                       mode, threads, iters))
                  for k in kinds}
            rows.append((f"access {mode}, {threads} thread(s)", ns, "ns/access"))
        ms = {k: best_of(3, lambda k=k: run_startup(exe[("empty", k)], 50))
              for k in kinds}
        rows.append(("start-up, empty program", ms, "ms/run"))
    print(f"{'workload':32} {'plain':>10} {'ravel':>10} {'tsan':>10} "
          f"{'ravel/plain':>12} {'tsan/plain':>11} {'ravel/tsan':>11}")
    for name, v, unit in rows:
        print(f"{name:32} {v['plain']:>10.3f} {v['ravel']:>10.3f} "
              f"{v['tsan']:>10.3f} {v['ravel'] / v['plain']:>11.1f}x "
              f"{v['tsan'] / v['plain']:>10.1f}x {v['ravel'] / v['tsan']:>10.2f}x"
              f"   ({unit})")


if __name__ == "__main__":
    main()

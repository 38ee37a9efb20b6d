#!/usr/bin/env python3
"""End-to-end finding test: builds a program with ravel-cc / ravel-c++, runs
it with RAVEL_OPTIONS=report=..., and compares its findings with the program's
own `// EXPECT:` lines (kind, variable text, sites as file:line):

    // EXPECT: data-race counter (counter.cpp:14, counter.cpp:14)
    // EXPECT: none

Optional lines: `// FLAGS: ...` (compile flags), `// ENV: NAME=VALUE` (for
the build, e.g. RAVEL_INSTRUMENT_DIRS), `// RUNS: N` (every run must show
exactly the expected findings), `// OPTIONS: ...` (more RAVEL_OPTIONS for
the runs, e.g. schedule=pct; run N uses seed=N unless a seed is given). Prints a false-positive / false-negative table; exits non-zero on any
difference.

    run-findings.py RAVEL_BIN_DIR FILE
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def directives(path):
    expect, flags, env, runs, options = [], [], {}, 1, ""
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*// (EXPECT|FLAGS|ENV|RUNS|OPTIONS):\s*(.*?)\s*$", line)
            if not m:
                continue
            key, value = m.groups()
            if key == "EXPECT":
                if value != "none":
                    expect.append(value)
            elif key == "FLAGS":
                flags += value.split()
            elif key == "ENV":
                name, _, val = value.partition("=")
                env[name] = val
            elif key == "OPTIONS":
                options = value
            else:
                runs = int(value)
    return expect, flags, env, runs, options


def canonical(finding):
    threads = finding.get("threads", [])
    variable = next((t.get("variable") for t in threads if t.get("variable")), "")
    sites = sorted(
        "%s:%d" % (t["stack"][0]["file"], t["stack"][0]["line"])
        for t in threads
        if t.get("stack")
    )
    text = finding["kind"]
    if variable:
        text += " " + variable
    return text + " (" + ", ".join(sites) + ")"


def main():
    bin_dir, source = sys.argv[1], os.path.abspath(sys.argv[2])
    expect, flags, env, runs, options = directives(source)
    compiler = "ravel-cc" if source.endswith(".c") else "ravel-c++"
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "program")
        build_env = dict(os.environ, RAVEL_ROOT=os.path.dirname(source), **env)
        build = subprocess.run(
            [os.path.join(bin_dir, compiler), "-g", "-O1", "-pthread", *flags,
             source, "-o", exe],
            env=build_env, capture_output=True, text=True)
        if build.returncode != 0:
            sys.stderr.write(build.stdout + build.stderr)
            print("FAIL: the build failed")
            return 1
        found, everywhere = set(), None
        for run in range(runs):
            report = os.path.join(tmp, "report-%d.jsonl" % run)
            run_options = "report=" + report
            if options:
                run_options += " " + options
                if "seed=" not in options:
                    run_options += " seed=%d" % (run + 1)
            proc = subprocess.run(
                [exe], env=dict(os.environ, RAVEL_OPTIONS=run_options),
                capture_output=True, text=True, timeout=120)
            findings = []
            if os.path.exists(report):
                with open(report) as f:
                    findings = [json.loads(l) for l in f if l.strip()]
            want_rc = 66 if findings else 0
            if proc.returncode != want_rc:
                sys.stderr.write(proc.stdout + proc.stderr)
                print("FAIL: exit status %d, expected %d" %
                      (proc.returncode, want_rc))
                return 1
            this_run = {canonical(f) for f in findings}
            found |= this_run
            everywhere = this_run if everywhere is None else everywhere & this_run
    wanted = set(expect)
    false_pos = sorted(found - wanted)
    false_neg = sorted(wanted - everywhere)
    print("%-6s %s" % ("", os.path.basename(source)))
    for f in sorted(everywhere & wanted):
        print("%-6s %s" % ("ok", f))
    for f in false_pos:
        print("%-6s %s" % ("FP", f))
    for f in false_neg:
        print("%-6s %s" % ("FN", f))
    return 1 if false_pos or false_neg else 0


if __name__ == "__main__":
    sys.exit(main())

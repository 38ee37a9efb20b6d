#!/usr/bin/env python3
"""The wrapper gives the user's diagnostics exactly as clang does.

Compiles one source twice, with the real compiler and with the ravel wrapper,
under -Wall -Wextra -pedantic -Wthread-safety (no -Werror, so every warning
is collected) for each language standard (C: -std=c11 and -std=gnu11; C++:
-std=c++17 and -std=c++20; a `// FLAGS:` line with its own -std= replaces
them), and fails unless the wrapper's diagnostics are the plain compile's,
line for line: same file:line:column, same text, same quoted source line and
macro expansion notes, nothing added (rewritten code adds no diagnostic) and
nothing lost. A standard the plain compile rejects is left out. With
--werror the source must also build under -Werror with both.

  run-warnings.py [--werror] BIN_DIR CLANG_C CLANG_CXX SOURCE
"""
import difflib
import os
import re
import subprocess
import sys
import tempfile

STRICT = ["-Wall", "-Wextra", "-pedantic", "-Wthread-safety"]
DIAG = re.compile(r"^(.*?):(\d+):(?:\d+:)? (warning|error): (.*?)(?: \[([^\]]*)\])?$")


def diagnostics(text):
    """{(file, line, flag)} of every warning and error in clang's output."""
    found = {}
    for line in text.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        flags = [f for f in (m.group(5) or "").split(",") if f != "-Werror"]
        key = (os.path.basename(m.group(1)), int(m.group(2)),
               flags[0] if flags else m.group(3) + ": " + m.group(4))
        found.setdefault(key, line)
    return found


def main():
    args = sys.argv[1:]
    werror = args and args[0] == "--werror"
    if werror:
        args = args[1:]
    bin_dir, clang_c, clang_cxx, source = args
    cxx = not source.endswith(".c")
    flags = []
    with open(source, errors="replace") as f:
        for line in f:
            m = re.match(r"\s*// FLAGS:\s*(.*?)\s*$", line)
            if m:
                flags = m.group(1).split()
    stds = [f for f in flags if f.startswith("-std=")]
    flags = [f for f in flags if not f.startswith(("-std=", "-l", "-Wl,"))
             and f not in ("-pthread",)]
    if not stds:
        stds = ["-std=c++17", "-std=c++20"] if cxx else ["-std=c11", "-std=gnu11"]
    plain = clang_cxx if cxx else clang_c
    ravel = os.path.join(bin_dir, "ravel-c++" if cxx else "ravel-cc")
    failed = False
    tested = 0
    with tempfile.TemporaryDirectory() as tmp:
        for std in stds:
            extra = ["-Werror"] if werror else []
            # ravel's public headers on the path, as a project that uses
            # <ravel/annotations.h> has them in both builds.
            include = ["-I", os.path.join(bin_dir, os.pardir, "include")]
            argv = ([std] + flags + include + STRICT + extra +
                    ["-c", source, "-o"])
            p = subprocess.run([plain] + argv + [os.path.join(tmp, "p.o")],
                               capture_output=True, text=True)
            if p.returncode != 0 and not werror:
                print(f"{source} {std}: plain clang fails, left out")
                continue
            r = subprocess.run([ravel] + argv + [os.path.join(tmp, "r.o")],
                               capture_output=True, text=True)
            tested += 1
            want, got = diagnostics(p.stderr), diagnostics(r.stderr)
            added = sorted(set(got) - set(want))
            for key in added:
                print(f"ADDED {std}: {got[key]}")
            if not added and p.stderr != r.stderr:
                print(f"{std}: the wrapper's diagnostics differ from clang's:")
                sys.stdout.writelines(difflib.unified_diff(
                    p.stderr.splitlines(True), r.stderr.splitlines(True),
                    "clang", "ravel"))
                failed = True
            if werror and (p.returncode != 0 or r.returncode != 0):
                print(f"{std}: -Werror build fails: plain exit {p.returncode},"
                      f" ravel exit {r.returncode}\n{p.stderr}{r.stderr}")
                failed = True
            if r.returncode != 0 and p.returncode == 0:
                print(f"{std}: the ravel build fails:\n{r.stderr}")
                failed = True
            failed |= bool(added)
            print(f"{source} {std}: {len(want)} plain diagnostics, "
                  f"{len(added)} added")
    if not tested:
        print(f"{source}: no standard the plain compiler accepts")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

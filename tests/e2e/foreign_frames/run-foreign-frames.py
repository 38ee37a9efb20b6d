#!/usr/bin/env python3
"""Frames of uninstrumented code in stacks: a shared library built with plain
clang (libforeign.c) calls the program's callback back through lib_run and
lib_step; the callback's race must show both library frames between the
callback and its instrumented caller, marked as not instrumented, in both
threads' stacks (the current access and the stored previous one), in the
runtime's own text report, in the JSON report and in `ravel report` text,
SARIF and HTML. The program is built with ravel-cc at -O0 and -O2 (where
inlining must not be taken for a call from a library). The library has debug
information, so `ravel run`'s reports also give each library frame its
source line (the runtime's own text has module and offset only)."""
import json
import re
import jsonschema
import os
import shutil
import subprocess
import sys

bindir, clang, srcdir, work = sys.argv[1:5]
ravel = os.path.join(bindir, "ravel")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
problems = []


def run(*args, env=None):
    return subprocess.run(list(args), cwd=work, capture_output=True, text=True,
                          timeout=300, env=env)


for name in ("libforeign.c", "callback_race.c"):
    shutil.copy(os.path.join(srcdir, name), os.path.join(work, name))
built = run(clang, "-shared", "-fPIC", "-g", "-O0", "libforeign.c", "-o",
            "libforeign.so")
if built.returncode != 0:
    print(built.stderr)
    sys.exit(1)

SCHEMA = json.load(open(os.path.join(
    srcdir, "..", "..", "tool", "data", "sarif-schema-2.1.0.json")))
LIB_FRAMES = ["lib_step", "lib_run"]
LIB_LINES = {"lib_step": 6, "lib_run": 11}  # the calls in libforeign.c


def check_json_stack(what, stack):
    """handler, then lib_step and lib_run marked, then worker."""
    names = [f.get("function") for f in stack]
    marks = [bool(f.get("uninstrumented")) for f in stack]
    if names[:4] != ["handler"] + LIB_FRAMES + ["worker"] or \
            marks[:4] != [False, True, True, False]:
        problems.append("%s: stack is %r" % (what, [
            (n, m) for n, m in zip(names, marks)]))
        return
    for f in stack[1:3]:
        if os.path.basename(f.get("module", "")) != "libforeign.so" or \
                not f.get("offset", "").startswith("0x") or \
                os.path.basename(f.get("file", "")) != "libforeign.c" or \
                f["line"] != LIB_LINES[f["function"]]:
            problems.append("%s: library frame %r" % (what, f))


def check_text_stack(what, text, symbolized):
    for fn in LIB_FRAMES:
        where = r"\S*libforeign\.c:%d:\d+ " % LIB_LINES[fn] if symbolized else ""
        line = r"%s %s\(libforeign\.so\+0x[0-9a-f]+\) \[not instrumented\]" % (
            fn, where)
        if not re.search(line, text):
            problems.append("%s lacks `%s`:\n%s" % (what, line, text))
            return
    # The order handler, lib_step, lib_run, worker in every stack.
    for block in text.split("#0 handler")[1:]:
        i = [block.find(s) for s in ("#1 lib_step", "#2 lib_run",
                                     "#3 worker")]
        if -1 in i or i != sorted(i):
            problems.append("%s: frames out of order:\n%s" % (what, text))
            return


for opt in ("-O0", "-O2"):
    exe = "callback_race" + opt
    built = run(os.path.join(bindir, "ravel-cc"), opt, "-g", "-pthread",
                "callback_race.c", "-L.", "-lforeign", "-Wl,-rpath,$ORIGIN",
                "-o", exe)
    if built.returncode != 0:
        print(built.stderr)
        sys.exit(1)
    # The runtime's own report on stderr.
    env = dict(os.environ)
    env.pop("RAVEL_OPTIONS", None)
    direct = run("./" + exe, env=env)
    if "data race on counter" not in direct.stderr:
        problems.append("%s: no race reported:\n%s" % (exe, direct.stderr))
    else:
        check_text_stack(exe + " runtime text", direct.stderr, False)

    out = exe + ".json"
    r = run(ravel, "run", "--runs", "3", "--schedule", "native", "--quiet",
            "--report", out, "--sarif", exe + ".sarif", "--html", exe + ".html",
            "--", "./" + exe)
    if r.returncode != 1:
        problems.append("%s: ravel run exited %d:\n%s" %
                        (exe, r.returncode, r.stderr))
        continue
    report = json.load(open(os.path.join(work, out)))
    races = [f for f in report["findings"] if f["kind"] == "data-race"]
    if len(races) != 1:
        problems.append("%s: expected one race, got %r" %
                        (exe, [f["summary"] for f in report["findings"]]))
        continue
    for i, t in enumerate(races[0]["threads"]):
        check_json_stack("%s JSON thread %d" % (exe, i), t["stack"])
    text = run(ravel, "report", out).stdout
    check_text_stack(exe + " ravel report", text, True)
    html = open(os.path.join(work, exe + ".html")).read()
    if not re.search(r"lib_step \S*libforeign\.c:6:\d+ \(libforeign\.so\+0x",
                     html) or "[not instrumented]" not in html:
        problems.append("%s: HTML report lacks the library frames" % exe)
    sarif = json.load(open(os.path.join(work, exe + ".sarif")))
    for e in jsonschema.Draft4Validator(SCHEMA).iter_errors(sarif):
        problems.append("%s: SARIF schema violation at %s: %s" %
                        (exe, "/".join(map(str, e.path)), e.message))
    frames = [fr for res in sarif["runs"][0]["results"]
              for st in res.get("stacks", []) for fr in st["frames"]]
    marked = [fr for fr in frames
              if fr.get("properties", {}).get("uninstrumented")]
    if len(marked) != 4 or any(
            os.path.basename(fr.get("module", "")) != "libforeign.so"
            for fr in marked):
        problems.append("%s: SARIF stacks frames %r" % (exe, frames))

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("ok")

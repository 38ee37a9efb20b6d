#!/usr/bin/env python3
"""The driver against a real program built with ravel-cc and the real
runtime: `ravel run` finds the lost update with its exact sites, the report
and its renderings are consistent, and `ravel replay` shows it again."""
import json
import os
import shutil
import subprocess
import sys

bindir, source, work = sys.argv[1:4]
ravel = os.path.join(bindir, "ravel")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
problems = []


def run(*args):
    return subprocess.run(list(args), cwd=work, capture_output=True, text=True,
                          timeout=300)


# Built in the work directory, so the sites are relative to it (the project
# root as the instrumenter sees it).
shutil.copy(source, os.path.join(work, "lost_update.c"))
built = run(os.path.join(bindir, "ravel-cc"), "-g", "-pthread",
            "lost_update.c", "-o", "lost_update")
if built.returncode != 0:
    print(built.stderr)
    sys.exit(1)

r = run(ravel, "run", "--runs", "10", "--schedule", "native", "--quiet",
        "--sarif", "r.sarif", "--html", "r.html", "--", "./lost_update")
if r.returncode != 1:
    problems.append("ravel run exited %d, expected 1:\n%s" % (r.returncode,
                                                             r.stderr))
else:
    report = json.load(open(os.path.join(work, "ravel-report.json")))
    races = [f for f in report["findings"] if f["kind"] == "data-race"]
    if len(races) != 1:
        problems.append("expected one data race, got %r" %
                        [f["summary"] for f in report["findings"]])
    else:
        race = races[0]
        sites = sorted("%s:%d" % (t["stack"][0]["file"], t["stack"][0]["line"])
                       for t in race["threads"])
        if sites != ["lost_update.c:10", "lost_update.c:10"]:
            problems.append("race sites are %r" % sites)
        if [t["variable"] for t in race["threads"]] != ["hits", "hits"]:
            problems.append("race variables are %r" %
                            [t["variable"] for t in race["threads"]])
        if race["runs"] != 10 or race["first_run"] != 0:
            problems.append("runs/first_run are %d/%d, expected 10/0" %
                            (race["runs"], race["first_run"]))
        text = run(ravel, "report", "ravel-report.json").stdout
        if "    hits++;" not in text or race["id"] not in text:
            problems.append("text report lacks the source line or id:\n" + text)
        if race["id"] not in open(os.path.join(work, "r.html")).read():
            problems.append("HTML report lacks the finding")
        sarif = json.load(open(os.path.join(work, "r.sarif")))
        if sarif["runs"][0]["results"][0]["ruleId"] != "data-race":
            problems.append("SARIF result is not a data race")
        rep = run(ravel, "replay", "ravel-report.json")
        if rep.returncode != 1 or ("reproduced " + race["id"]) not in rep.stdout:
            problems.append("replay did not reproduce (exit %d):\n%s%s" %
                            (rep.returncode, rep.stdout, rep.stderr))

for p in problems:
    print(p)
sys.exit(1 if problems else 0)

#!/usr/bin/env python3
"""One text layout for a finding (docs/report-format.md, *Text layout*).

Builds programs of tests/e2e/findings with ravel-cc, runs each alone with
RAVEL_OPTIONS (the runtime prints every finding on stderr as it is made and
writes its JSON line to report=), wraps those JSON lines in a report
document of one run, renders it with `ravel report --format text`, and
compares the two texts line by line. Only
what one side cannot know is left out: the quoted source lines, the run
counts and replay command of the "Seen in" line (its schedule must agree),
grouped pairs, and the program's own max_steps hint.

    run-report-text.py RAVEL_BIN_DIR FINDINGS_DIR WORK_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys

# (source, extra RAVEL_OPTIONS): a race natively and under PCT (interleaving,
# schedule line), a lock-order cycle (cycle section, deadlock interleaving).
CASES = [("counter_race.c", ""),
         ("counter_race.c", "schedule=pct seed=3"),
         ("c11_threads_abba.c", "")]
SOURCE_LINE = re.compile(r"^\s+(\d+ )?\| ")
SEEN = re.compile(r"^  Seen in (?:this run|\d+ runs?) \((?:first: run \d+, )?"
                  r"(schedule .*)\)$")


def blocks(text):
    """The findings of a text, each a list of lines."""
    found, current = [], None
    for line in text.splitlines():
        if line == "==================":
            if current is None:
                current = []
            else:
                found.append(current)
                current = None
        elif current is not None:
            current.append(line)
    return found


def common(lines):
    """The lines both sides print; the schedule of the "Seen in" line."""
    out = []
    for line in lines:
        if SOURCE_LINE.match(line) or line.startswith(
                ("  also racing on ", "  Replay: ")):
            continue
        m = SEEN.match(line)
        out.append("  Seen in ... (%s)" % m.group(1) if m else
                   re.sub(r" \(max_steps=\d+ in RAVEL_OPTIONS\)\.$", ".", line))
    return out


def main():
    bin_dir, findings, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failed = 0
    for n, (name, options) in enumerate(CASES):
        source = os.path.join(findings, name)
        exe = os.path.join(work, "%d.exe" % n)
        cc = "ravel-cc" if name.endswith(".c") else "ravel-c++"
        subprocess.run([os.path.join(bin_dir, cc), "-g", "-O1", "-pthread",
                        source, "-o", exe], check=True,
                       env=dict(os.environ, RAVEL_ROOT=findings))
        report = os.path.join(work, "%d.jsonl" % n)
        run = subprocess.run([exe], capture_output=True, text=True, timeout=120,
                             env=dict(os.environ, RAVEL_OPTIONS=(
                                 "report=%s %s" % (report, options)).strip()))
        with open(report) as f:
            lines = [json.loads(l) for l in f if l.strip()]
        document = os.path.join(work, "%d.json" % n)
        with open(document, "w") as f:
            json.dump({"tool": "ravel", "program": [exe], "runs": 1,
                       "schedule": lines[0]["schedule"] if lines else
                       {"strategy": "native"}, "findings": lines}, f)
        tool = subprocess.run([os.path.join(bin_dir, "ravel"), "report", document,
                               "--format", "text"], capture_output=True,
                              text=True, timeout=120)
        alone, rendered = blocks(run.stderr), blocks(tool.stdout)
        label = "%s %s" % (name, options or "(native)")
        if not alone or len(alone) != len(rendered):
            print("FAIL %s: %d findings on stderr, %d from ravel report\n"
                  "--- stderr:\n%s--- ravel report:\n%s%s" % (
                      label, len(alone), len(rendered), run.stderr,
                      tool.stdout, tool.stderr))
            failed += 1
            continue
        for a, b in zip(alone, rendered):
            a, b = common(a), common(b)
            # Not vacuous: a headline, a thread, an interleaving, a schedule.
            wanted = ("WARNING: ravel: ", " by thread T", "  Interleaving",
                      "  Seen in ... (schedule ")
            missing = [w for w in wanted if not any(w in l for l in a)]
            if a != b or missing:
                failed += 1
                print("FAIL %s: the texts differ%s" % (
                    label, " (no %s)" % missing if missing else ""))
                for i in range(max(len(a), len(b))):
                    x = a[i] if i < len(a) else "<none>"
                    y = b[i] if i < len(b) else "<none>"
                    print("%s alone: %s\n%s ravel: %s" % (
                        "  " if x == y else "!!", x, "  " if x == y else "!!",
                        y))
            else:
                print("ok   %s: %d lines alike" % (label, len(a)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Load test: no false finding on a busy machine.

Builds every given program whose `// EXPECT:` line is `none` and that has no
OPTIONS of its own (contract lines: docs/testing.md, read by tests/expect.py)
and checks it with `ravel run --schedule pct` while the machine is
oversubscribed: twice as many CPU-bound processes as
cores run beside it, and every run is stopped (SIGSTOP) and continued
(SIGCONT) again and again, as a loaded CI runner deschedules it. Every
`ravel run` must exit 0 with no finding in its report: a correct program is
never reported (no `hang` because a thread was descheduled or stopped, no
`deadlock` because a wait took long). Notes in the report are allowed.

    run-load.py [--runs N] RAVEL_BIN_DIR PROGRAM...
"""
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "expect", os.path.join(os.path.dirname(HERE), "expect.py"))
expect = importlib.util.module_from_spec(spec)
spec.loader.exec_module(expect)


def descendants(root):
    """Pids of every process below root (from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Stopper(threading.Thread):
    """Stops and continues the processes under the current `ravel run`
    (the driver and its runs) every few tenths of a second."""

    def __init__(self):
        super().__init__(daemon=True)
        self.target = None
        self.done = threading.Event()
        self.stops = 0

    def run(self):
        while not self.done.wait(0.3):
            target = self.target
            if target is None:
                continue
            pids = [target] + descendants(target)
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGSTOP)
                except ProcessLookupError:
                    pass
            time.sleep(0.2)
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass
            self.stops += 1


def main():
    args = sys.argv[1:]
    runs = 10
    if args[:1] == ["--runs"]:
        runs, args = int(args[1]), args[2:]
    bin_dir, programs = args[0], [os.path.abspath(p) for p in args[1:]]
    failed, built = [], []
    with tempfile.TemporaryDirectory() as tmp:
        # Built first, on a quiet machine: the builds are not under test.
        for source in programs:
            contract = expect.Contract(source)
            if not contract.clean or contract.options:
                continue  # a program with findings, or its own options
            name = os.path.basename(source)
            exe = os.path.join(tmp, name + ".exe")
            compiler = "ravel-cc" if source.endswith(".c") else "ravel-c++"
            build = subprocess.run(
                [os.path.join(bin_dir, compiler),
                 *expect.compile_flags(contract), source, "-o", exe],
                env=dict(os.environ, RAVEL_ROOT=os.path.dirname(source),
                         **contract.env),
                capture_output=True, text=True)
            if build.returncode != 0:
                print("FAIL %s: the build failed\n%s" % (name, build.stderr))
                failed.append(name)
            else:
                built.append((name, exe))
        burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                   for _ in range(2 * (os.cpu_count() or 1))]
        stopper = Stopper()
        stopper.start()
        try:
            for name, exe in built:
                report = exe + ".json"
                run = subprocess.Popen(
                    [os.path.join(bin_dir, "ravel"), "run", "--schedule", "pct",
                     "--runs", str(runs), "--quiet", "--report", report, "--",
                     exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    text=True)
                stopper.target = run.pid
                out, _ = run.communicate(timeout=900)
                stopper.target = None
                findings = []
                if os.path.exists(report):
                    with open(report) as f:
                        findings = json.load(f).get("findings", [])
                if run.returncode != 0 or findings:
                    print("FAIL %s: exit %d, %d findings\n%s" %
                          (name, run.returncode, len(findings), out))
                    for f in findings:
                        print("  %s %s" % (f.get("kind"), f.get("title", "")))
                    failed.append(name)
                else:
                    print("ok   %s: %d pct runs, no finding" % (name, runs))
        finally:
            stopper.done.set()
            for b in burners:
                b.kill()
                b.wait()
    checked = len(built)
    print("%d programs, %d runs each under load, %d stops: %d failed" %
          (checked, runs, stopper.stops, len(failed)))
    return 1 if failed or not checked else 0


if __name__ == "__main__":
    sys.exit(main())

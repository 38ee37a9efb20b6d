#!/usr/bin/env python3
"""End-to-end test of `ravel run`'s fork server (docs/driver.md).

    run-fork-server.py RAVEL_BIN_DIR TESTCASES_DIR WORK_DIR

1. Same findings both ways: bundled examples (a data race and a lost-wake-up
   deadlock, an assertion crash, a race found in every native run) are run
   with the fork server (the default) and with --no-fork-server, same seeds;
   under the controlled schedule (pct) the two report documents must be byte
   for byte the same once addresses (ASLR: each spawned run has its own
   layout) are masked, and so must the kept schedule files; under native
   the findings' ids and kinds (free runs vary from one invocation to the
   next either way).
2. How a forked run starts (probe.c): its parent is the fork server (the
   program itself), it has its own process group, no descriptor of the
   server, and the run's own RAVEL_OPTIONS in its environment; the server's
   descriptors do not grow from run to run. With
   --no-fork-server or RAVEL_NO_FORK_SERVER=1 its parent is ravel.
3. A run past --timeout is a `hang`, and its whole process group (a child
   the run forked) is killed.
4. A fork server killed during a run: ravel says so, the run is started again
   (spawned) and no run is lost.
5. ravel killed with SIGKILL while runs go on: the fork servers see EOF, kill
   their runs and exit; nothing is left behind.
6. Ctrl-C: the forked runs are killed, the report is written, exit 2.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def build(bin_dir, src, exe, root):
    cc = "ravel-cc" if src.endswith(".c") else "ravel-c++"
    std = "-std=gnu11" if src.endswith(".c") else "-std=c++17"
    subprocess.run([os.path.join(bin_dir, cc), "-g", "-O1", "-pthread", std,
                    src, "-o", exe], env=dict(os.environ, RAVEL_ROOT=root),
                   check=True, capture_output=True)


def ravel_run(bin_dir, cwd, args, env=None, timeout=300):
    os.makedirs(cwd, exist_ok=True)
    return subprocess.run([os.path.join(bin_dir, "ravel"), "run", *args],
                          cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


ADDRESS = re.compile(r"0x[0-9a-f]{5,}")


def masked(path):
    with open(path) as f:
        return ADDRESS.sub("0xADDR", f.read())


def schedules(rundir):
    d = os.path.join(rundir, "ravel-schedules", "R")
    if not os.path.isdir(d):
        return {}
    return {n: masked(os.path.join(d, n)) for n in sorted(os.listdir(d))}


def summary(report_text):
    return sorted((f["id"], f["kind"])
                  for f in json.loads(report_text)["findings"])


def same_findings(bin_dir, work, exe, args, name, exact=True):
    """Runs exe both ways; the reports and schedule files must agree (byte
    for byte when exact; else, for free-running native runs, whose counts
    and details, such as which of two racing threads came first, vary from
    one invocation to the next either way, the findings' ids and kinds)."""
    out = {}
    for way, extra in (("fork", []), ("spawn", ["--no-fork-server"])):
        rundir = os.path.join(work, name + "." + way)
        shutil.rmtree(rundir, ignore_errors=True)
        proc = ravel_run(bin_dir, rundir, [*args, *extra, "--quiet", "--report",
                                           "R.json", "--", exe])
        if proc.returncode != 1:
            fail("%s (%s): exit %d, expected 1 (findings)\n%s" %
                 (name, way, proc.returncode, proc.stderr))
            return
        if "note:" in proc.stderr:
            fail("%s (%s): unexpected note: %s" % (name, way, proc.stderr))
        out[way] = (masked(os.path.join(rundir, "R.json")), schedules(rundir))
    fork, spawn = out["fork"], out["spawn"]
    if not exact:
        if summary(fork[0]) != summary(spawn[0]):
            fail("%s: the findings differ:\n%s\n%s" %
                 (name, summary(fork[0]), summary(spawn[0])))
        print("ok: %s: same findings both ways" % name, flush=True)
        return
    if fork[0] != spawn[0]:
        fail("%s: the reports differ:\n--- fork server\n%s\n--- spawned\n%s" %
             (name, fork[0], spawn[0]))
    if fork[1] != spawn[1]:
        fail("%s: the schedule files differ: %s vs %s" %
             (name, sorted(fork[1]), sorted(spawn[1])))
    kinds = sorted({f["kind"] for f in json.loads(fork[0])["findings"]})
    print("ok: %s: same report both ways (%s)" % (name, ", ".join(kinds)),
          flush=True)


def probe_lines(log):
    with open(log) as f:
        return [dict(kv.split("=", 1) for kv in line.split(" ", 5))
                for line in f.read().splitlines() if line.startswith("pid=")]


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def all_gone(pids, seconds=5):
    end = time.time() + seconds
    while time.time() < end:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.02)
    return False


def main():
    bin_dir, testcases, work = (os.path.abspath(a) for a in sys.argv[1:4])
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    exes = {}
    for src in ("lost_wakeup.c", "inventory.cpp", "config_singleton.cpp"):
        exes[src] = os.path.join(work, src.split(".")[0])
        build(bin_dir, os.path.join(testcases, src), exes[src], testcases)
    probe = os.path.join(work, "probe")
    build(bin_dir, os.path.join(here, "probe.c"), probe, here)

    # 1. Same findings, same schedules.
    pct = ["--schedule", "pct", "--seed", "1", "--jobs", "2"]
    same_findings(bin_dir, work, exes["lost_wakeup.c"], pct + ["--runs", "30"],
                  "lost_wakeup.pct")
    same_findings(bin_dir, work, exes["inventory.cpp"], pct + ["--runs", "30"],
                  "inventory.pct")
    same_findings(bin_dir, work, exes["config_singleton.cpp"],
                  ["--schedule", "native", "--runs", "20", "--jobs", "2"],
                  "config_singleton.native", exact=False)

    # 2. How a forked run starts, and how a spawned one does.
    cases = [("fork", [], None, "probe"),
             ("spawn", ["--no-fork-server"], None, "ravel"),
             ("env", [], dict(os.environ, RAVEL_NO_FORK_SERVER="1"), "ravel")]
    for way, extra, env, parent in cases:
        log = os.path.join(work, "start.%s.log" % way)
        runs = 40 if way == "fork" else 6
        proc = ravel_run(bin_dir, work, ["--schedule", "native", "--runs",
                                         str(runs), "--jobs", "1", "--quiet",
                                         *extra,
                                         "--report", "start.json", "--",
                                         probe, log, "ok"], env=env)
        lines = probe_lines(log) if os.path.exists(log) else []
        if proc.returncode != 0 or len(lines) != runs:
            fail("probe (%s): exit %d, %d runs logged\n%s" %
                 (way, proc.returncode, len(lines), proc.stderr))
            continue
        seeds = sorted(int(re.search(r"seed=(\d+)", l["opts"]).group(1))
                       for l in lines)
        if seeds != list(range(1, runs + 1)):
            fail("probe (%s): the runs saw seeds %s" % (way, seeds))
        # The server holds its two pipe ends, and for a moment around each
        # fork the run's /dev/null, stderr file and pidfd: a leak of one per
        # run would pass that by far within 40 runs.
        if way == "fork" and max(int(l["pfds"]) for l in lines) > 5:
            fail("probe (fork): the fork server's descriptors grow: %s" %
                 [l["pfds"] for l in lines])
        for l in lines:
            if l["parent"] != parent:
                fail("probe (%s): parent %s, expected %s" %
                     (way, l["parent"], parent))
            if l["pgid"] != l["pid"]:
                fail("probe (%s): run %s is in process group %s" %
                     (way, l["pid"], l["pgid"]))
            if l["fds"] != "0":
                fail("probe (%s): run %s inherited %s descriptors" %
                     (way, l["pid"], l["fds"]))
            if "fork_server" in l["opts"] or "report=" not in l["opts"]:
                fail("probe (%s): RAVEL_OPTIONS in the run: %s" %
                     (way, l["opts"]))
    print("ok: forked runs start like spawned ones", flush=True)

    # 3. Time-out: a hang, and the run's process group is killed.
    log = os.path.join(work, "hang.log")
    proc = ravel_run(bin_dir, work, ["--schedule", "native", "--runs", "2",
                                     "--jobs", "2", "--timeout", "0.5",
                                     "--quiet", "--report", "hang.json", "--",
                                     probe, log, "hang"])
    with open(log) as f:
        text = f.read()
    children = [int(c) for c in re.findall(r"child=(\d+)", text)]
    report = json.load(open(os.path.join(work, "hang.json")))
    kinds = [(f["kind"], f["runs"]) for f in report["findings"]]
    if proc.returncode != 1 or kinds != [("hang", 2)]:
        fail("hang: exit %d, findings %s\n%s" %
             (proc.returncode, kinds, proc.stderr))
    # Two runs, and the first run once more to confirm the hang.
    if len(children) != 3 or not all_gone(children):
        fail("hang: the runs' children %s are still there" % children)
    if "parent=probe" not in text:
        fail("hang: the runs were not forked by the fork server:\n" + text)
    print("ok: a time-out is a hang and kills the run's group", flush=True)

    # 4. A fork server killed under a run.
    log = os.path.join(work, "killed.log")
    proc = ravel_run(bin_dir, work, ["--schedule", "native", "--runs", "10",
                                     "--jobs", "2", "--report", "killed.json",
                                     "--", probe, log, "kill-server"])
    report = json.load(open(os.path.join(work, "killed.json")))
    lines = probe_lines(log)
    if (proc.returncode != 0 or report["runs"] != 10 or report["findings"]
            or "fork server stopped" not in proc.stderr
            or "started again" not in proc.stderr):
        fail("killed server: exit %d, %d runs, findings %s\n%s" %
             (proc.returncode, report["runs"], report["findings"], proc.stderr))
    seeds = sorted({int(re.search(r"seed=(\d+)", l["opts"]).group(1))
                    for l in lines})
    if seeds != list(range(1, 11)):
        fail("killed server: runs with seeds %s" % seeds)
    print("ok: a dead fork server costs no run", flush=True)

    # 5. ravel killed: its fork servers and their runs go too.
    log = os.path.join(work, "orphan.log")
    ravel = subprocess.Popen([os.path.join(bin_dir, "ravel"), "run",
                              "--schedule", "native", "--runs", "4",
                              "--jobs", "2", "--timeout", "100", "--quiet",
                              "--report", "orphan.json", "--", probe, log,
                              "hang"], cwd=work, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    end = time.time() + 30
    pids = []
    while time.time() < end:
        if os.path.exists(log):
            with open(log) as f:
                text = f.read()
            pids = [int(p) for p in re.findall(r"(?:pid|child)=(\d+)", text)]
            if len(pids) == 4:
                break
        time.sleep(0.02)
    servers = []
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                servers.append(int(f.read().rsplit(")", 1)[1].split()[1]))
        except OSError:
            pass
    ravel.send_signal(signal.SIGKILL)
    ravel.wait()
    everyone = pids + [s for s in servers if s != ravel.pid and s > 1]
    if len(pids) != 4:
        fail("orphans: the runs did not start: %s" % pids)
    elif not all_gone(everyone):
        fail("orphans: left behind after ravel was killed: %s" %
             [p for p in everyone if alive(p)])
    else:
        print("ok: nothing is left when ravel is killed", flush=True)

    # 6. Ctrl-C: the runs are killed, the report of the completed ones is
    # written, exit 2, nothing is left.
    log = os.path.join(work, "interrupt.log")
    ravel = subprocess.Popen([os.path.join(bin_dir, "ravel"), "run",
                              "--schedule", "native", "--runs", "4",
                              "--jobs", "2", "--timeout", "100", "--quiet",
                              "--report", "interrupt.json", "--", probe, log,
                              "hang"], cwd=work, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    end = time.time() + 30
    pids = []
    while time.time() < end and len(pids) < 4:
        if os.path.exists(log):
            with open(log) as f:
                pids = [int(p) for p in
                        re.findall(r"(?:pid|child)=(\d+)", f.read())]
        time.sleep(0.02)
    ravel.send_signal(signal.SIGINT)
    try:
        _, err = ravel.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        ravel.kill()
        _, err = ravel.communicate()
        fail("interrupt: ravel did not stop")
    if ravel.returncode != 2 or "interrupted after 0 of 4 runs" not in err:
        fail("interrupt: exit %d\n%s" % (ravel.returncode, err))
    elif not os.path.exists(os.path.join(work, "interrupt.json")):
        fail("interrupt: no report")
    elif not all_gone(pids):
        fail("interrupt: left behind: %s" % [p for p in pids if alive(p)])
    else:
        print("ok: Ctrl-C stops forked runs", flush=True)

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all fork server checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""End-to-end interleaving test: builds one program of this directory with
ravel-cc, runs it with `ravel run`, and checks what the findings show of the
interleaving, in the JSON report (each involved thread's `events`, with the
right ops, objects and sites, in step order, the finding's own steps last),
in the text report (the Interleaving section with both threads' steps, the
cycle line with distinct lock names), in SARIF (one thread flow per thread)
and in HTML (one column per thread).

Sites are named by labels: the line that carries the comment `// @label`.

    run-interleaving.py RAVEL_BIN_DIR PROGRAM.c
"""
import json
import os
import re
import subprocess
import sys
import tempfile

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
    return cond


def labels(path):
    out = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            for m in re.finditer(r"// @(\w+)", line):
                out[m.group(1)] = n
    return out


class Program:
    def __init__(self, bin_dir, source, tmp):
        self.bin, self.source, self.tmp = bin_dir, source, tmp
        self.name = os.path.splitext(os.path.basename(source))[0]
        self.file = os.path.basename(source)
        self.at = labels(source)
        self.exe = os.path.join(tmp, self.name)
        build = subprocess.run(
            [os.path.join(bin_dir, "ravel-cc"), "-g", "-O1", "-pthread",
             source, "-o", self.exe],
            env=dict(os.environ, RAVEL_ROOT=os.path.dirname(source)),
            capture_output=True, text=True)
        if build.returncode:
            sys.exit("FAIL: the build failed\n" + build.stdout + build.stderr)

    def run(self, *args, env=None):
        report = os.path.join(self.tmp, "report.json")
        proc = subprocess.run(
            [os.path.join(self.bin, "ravel"), "run", *args, "--quiet",
             "--report", report, "--", self.exe],
            env=dict(os.environ, **(env or {})), capture_output=True,
            text=True, timeout=300)
        if proc.returncode != 1:
            sys.exit("FAIL: ravel run exited %d, expected 1 (findings)\n%s%s"
                     % (proc.returncode, proc.stdout, proc.stderr))
        with open(report) as f:
            self.report = json.load(f)
        self.text = self.render("text")
        self.sarif = json.loads(self.render("sarif"))
        self.html = self.render("html")
        self.check_sarif_schema()
        return self.report["findings"]

    def check_sarif_schema(self):
        """The SARIF of real findings is valid SARIF 2.1.0 (the schema the
        renderer tests use; no network)."""
        import jsonschema
        schema_path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                   "..", "..", "tool", "data",
                                   "sarif-schema-2.1.0.json")
        with open(schema_path) as f:
            validator = jsonschema.Draft4Validator(json.load(f))
        for e in validator.iter_errors(self.sarif):
            check(False, "SARIF schema violation at %s: %s" %
                  ("/".join(map(str, e.path)), e.message))

    def render(self, fmt):
        proc = subprocess.run(
            [os.path.join(self.bin, "ravel"), "report",
             os.path.join(self.tmp, "report.json"), "--format", fmt],
            capture_output=True, text=True, check=True)
        return proc.stdout

    def site(self, label):
        return (self.file, self.at[label])


def events(thread):
    return [(e["op"], e["what"], (os.path.basename(e["file"]), e["line"]))
            for e in thread["events"]]


def check_steps_increase(f):
    for t in f["threads"]:
        steps = [e["step"] for e in t["events"]]
        check(steps == sorted(steps) and len(set(steps)) == len(steps),
              "%s T%d: steps not increasing: %s" % (f["id"], t["tid"], steps))


def ends_with(thread, op, what, site):
    ev = events(thread)
    return check(ev and ev[-1] == (op, what, site),
                 "T%d's last event is %s, expected %s" %
                 (thread["tid"], ev[-1] if ev else None, (op, what, site)))


def subsequence(thread, wanted):
    """wanted appears in thread's events in this order (not necessarily
    adjacent)."""
    ev, i = events(thread), 0
    for e in ev:
        if i < len(wanted) and e == wanted[i]:
            i += 1
    return check(i == len(wanted), "T%d's events %s do not contain, in order, %s"
                 % (thread["tid"], ev, wanted))


def text_section(p, finding_id):
    start = p.text.find("(" + finding_id + ")")
    end = p.text.find("==================", start)
    return p.text[start:end]


def interleaving_rows(section):
    """(marked, step, thread, action) of each row of the Interleaving."""
    rows = []
    m = re.search(r"\n  Interleaving[^\n]*\n((?:  .*\n)*)", section)
    if not check(m, "no Interleaving section in:\n" + section):
        return rows
    for line in m.group(1).splitlines():
        r = re.match(r"  (>>|  ) step +(\d+)  (T\d+) +(\S.*?)(?:  +\S+:\d+:\d+)?$",
                     line)
        if r:
            rows.append((r.group(1) == ">>", int(r.group(2)), r.group(3),
                         r.group(4).strip()))
    return rows


def check_renderings(p, f):
    """SARIF: a thread flow per thread; HTML: a column per thread."""
    tids = ["T%d" % t["tid"] for t in f["threads"]]
    result = next(r for r in p.sarif["runs"][0]["results"]
                  if r["partialFingerprints"]["ravelFindingId/v1"] == f["id"])
    flows = result.get("codeFlows", [{}])[0].get("threadFlows", [])
    check(sorted(fl["id"] for fl in flows) == sorted(tids),
          "SARIF thread flows %s, expected %s" % ([fl["id"] for fl in flows],
                                                  tids))
    for fl in flows:
        check(any(l.get("importance") == "essential" for l in fl["locations"]),
              "SARIF flow %s has no essential step" % fl["id"])
    sec = p.html[p.html.find('id="%s"' % f["id"]):]
    sec = sec[:sec.find("</table>")]
    heads = re.findall(r"<th>(T\d+)</th>", sec)
    check(heads == tids, "HTML columns %s, expected %s" % (heads, tids))
    check('class="ev filled key"' in sec, "HTML highlights no step")


def race(p):
    [f] = p.run("--schedule", "native", "--runs", "1")
    check(f["kind"] == "data-race", "kind %s" % f["kind"])
    cur, prev = f["threads"]
    # Main's own steps, then its racing read last.
    subsequence(cur, [("create", "T1", p.site("m_create")),
                      ("lock", "log_lock", p.site("m_lock")),
                      ("unlock", "log_lock", p.site("m_unlock"))])
    ends_with(cur, "read", "hits", p.site("m_read"))
    # The worker's ring as it was, its racing write placed inside the lock.
    subsequence(prev, [("lock", "stats_lock", p.site("w_lock")),
                       ("write", "hits", p.site("w_write")),
                       ("unlock", "stats_lock", p.site("w_unlock"))])
    check(prev["locks_held"][0]["name"] == "stats_lock",
          "previous access's lock named %s" % prev["locks_held"])
    check_steps_increase(f)
    write = next(e for e in prev["events"] if e["op"] == "write")
    check(write["step"] < cur["events"][-1]["step"],
          "the previous write does not come before the read")
    rows = interleaving_rows(text_section(p, f["id"]))
    check({r[2] for r in rows} == {"T0", "T1"}, "text rows %s" % rows)
    check([(r[2], r[3]) for r in rows if r[0]] ==
          [("T1", "write hits"), ("T0", "read hits")],
          "marked rows %s" % [r for r in rows if r[0]])
    check(("T1", "lock stats_lock") in [(r[2], r[3]) for r in rows],
          "no lock step of T1 in %s" % rows)
    check_renderings(p, f)


def race_serialized(p):
    findings = p.run("--schedule", "pct", "--runs", "5")
    [f] = [f for f in findings if f["kind"] == "data-race"]
    a, b = f["threads"]
    add = p.site("add")
    # Both accesses are ring steps of their own (recorded, not inferred).
    ends_with(a, "write", "total", add)
    subsequence(b, [("write", "total", add)])
    check(all(e["step"] % 2 == 0 for t in f["threads"] for e in t["events"]),
          "a serialized race has inferred steps: %s" % f["threads"])
    check_steps_increase(f)
    rows = interleaving_rows(text_section(p, f["id"]))
    check(sorted(r[2] for r in rows if r[0]) == sorted(
        ["T%d" % a["tid"], "T%d" % b["tid"]]), "marked rows %s" % rows)
    check_renderings(p, f)


def lock_order(p):
    findings = p.run("--schedule", "native", "--runs", "1")
    check(len(findings) == 2 and all(f["kind"] == "potential-deadlock"
                                     for f in findings),
          "findings %s" % [f["kind"] for f in findings])
    by_names = {}
    for f in findings:
        names = [c["holds"] for c in f["cycle"]]
        check(len(set(names)) == len(names),
              "%s: a lock named twice in the cycle %s" % (f["id"], names))
        by_names[frozenset(names)] = f
        for t in f["threads"]:
            # Held lock's acquisition, then the nested one (highlighted).
            ev = events(t)
            check(len(ev) == 2 and ev[0][0] == "lock" and ev[1][0] == "lock",
                  "PD thread events %s" % ev)
        check_steps_increase(f)
        sec = text_section(p, f["id"])
        chain = " -> ".join(names + names[:1])
        check("  Lock cycle: " + chain + "\n" in sec,
              "no cycle line '%s' in:\n%s" % (chain, sec))
        check(chain in f["summary"], "summary %s" % f["summary"])
        rows = interleaving_rows(sec)
        check(len(rows) == 4 and [r[0] for r in rows] ==
              [False, False, True, True], "PD rows %s" % rows)
        check_renderings(p, f)
    plain = by_names.get(frozenset({"a.mu", "b.mu"}))
    if check(plain, "no cycle named a.mu, b.mu: %s" % list(by_names)):
        for t in plain["threads"]:
            check(events(t) in (
                [("lock", "a.mu", p.site("f_a")), ("lock", "b.mu", p.site("f_b"))],
                [("lock", "b.mu", p.site("s_b")), ("lock", "a.mu", p.site("s_a"))]),
                "a/b events %s" % events(t))
    same = by_names.get(frozenset({"from->mu (lock #1)", "from->mu (lock #2)"}))
    if check(same, "the transfer cycle's locks are not named apart: %s"
             % list(by_names)):
        for t in same["threads"]:
            ev = events(t)
            check(ev[0][1].startswith("from->mu (lock #") and
                  ev[0][2] == p.site("t_from") and
                  ev[1][1].startswith("to->mu (lock #") and
                  ev[1][2] == p.site("t_to"), "transfer events %s" % ev)


def deadlock(p):
    findings = p.run("--schedule", "native", "--runs", "1",
                     env={"RAVEL_OPTIONS": "deadlock_timeout_ms=300"})
    [f] = [f for f in findings if f["kind"] == "deadlock"]
    threads = {t["tid"]: t for t in f["threads"]}
    one = next(t for t in threads.values()
               if t["stack"][0]["line"] == p.at["one_right"])
    two = next(t for t in threads.values()
               if t["stack"][0]["line"] == p.at["two_left"])
    # The blocked acquisitions are each thread's final step.
    subsequence(one, [("lock", "left", p.site("one_left"))])
    ends_with(one, "lock", "right", p.site("one_right"))
    subsequence(two, [("lock", "right", p.site("two_right"))])
    ends_with(two, "lock", "left", p.site("two_left"))
    check_steps_increase(f)
    sec = text_section(p, f["id"])
    check("  Lock cycle: left -> right -> left\n" in sec or
          "  Lock cycle: right -> left -> right\n" in sec,
          "no cycle line in:\n" + sec)
    marked = [(r[2], r[3]) for r in interleaving_rows(sec) if r[0]]
    for t, what in ((one, "lock right"), (two, "lock left")):
        check(("T%d" % t["tid"], what) in marked,
              "T%d's blocked %s not marked: %s" % (t["tid"], what, marked))
    check_renderings(p, f)


def deadlock_transfer(p):
    findings = p.run("--schedule", "native", "--runs", "1",
                     env={"RAVEL_OPTIONS": "deadlock_timeout_ms=300"})
    [f] = [f for f in findings if f["kind"] == "deadlock"]
    holds = [c["holds"] for c in f["cycle"]]
    check(sorted(holds) == ["from->mu (lock #1)", "from->mu (lock #2)"],
          "the deadlocked locks are not named apart: %s" % f["cycle"])
    for c in f["cycle"]:
        check(c["acquires"].startswith("to->mu (lock #"),
              "acquires %s" % c["acquires"])
    sec = text_section(p, f["id"])
    chain = " -> ".join(holds + holds[:1])
    check("  Lock cycle: " + chain + "\n" in sec, "no cycle line in:\n" + sec)
    blocked = [t for t in f["threads"]
               if t["stack"][0]["line"] == p.at["t_to"]]
    check(len(blocked) == 2, "threads blocked at t_to: %s" % f["threads"])
    for t in blocked:
        # The thread's name for its lock is the cycle's, and the blocked
        # acquisition is its final step.
        check(t["variable"] in [c["acquires"] for c in f["cycle"]],
              "blocked on %s" % t["variable"])
        check(t["locks_held"][0]["name"] in holds,
              "holds %s" % t["locks_held"])
        subsequence(t, [("lock", t["locks_held"][0]["name"], p.site("t_from"))])
        ends_with(t, "lock", t["variable"], p.site("t_to"))
    check_renderings(p, f)


def main():
    bin_dir, source = sys.argv[1], os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        p = Program(bin_dir, source, tmp)
        globals()[p.name](p)
        if FAILURES:
            print("FAIL: %s" % p.name)
            for f in FAILURES:
                print("  " + f)
            print("report:\n" + json.dumps(p.report, indent=1)[:20000])
            return 1
    print("ok: %s" % p.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

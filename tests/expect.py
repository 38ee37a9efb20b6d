#!/usr/bin/python3
"""The one driver for ravel's `// EXPECT:` programs: it builds or takes a
program, runs it, and checks what ravel reports against the program's own
contract lines (the dialect: docs/testing.md).

Corpora and modes (stdlib only, no network):
  expect.py --bin BUILD/bin [NAME|FILE...]     bundled examples (testcases/):
      build with ravel-cc/ravel-c++, `ravel run <RAVEL-RUN> --report R`
  expect.py --bin BUILD/bin --via program FILE...   end-to-end programs
      (tests/e2e/findings): build with ravel-cc/ravel-c++ (FLAGS, ENV), run
      the program itself with RAVEL_OPTIONS (OPTIONS, RUNS, SEEDS)
  expect.py --exe BINARY FILE                  a runtime program
      (tests/runtime/programs) CMake built against libravel_rt: run it with
      RAVEL_OPTIONS (OPTIONS, RUNS, SEEDS)
  expect.py --tsan [NAME...]     cross-check the examples with ThreadSanitizer
      (clang -fsanitize=thread): data races and lock-order inversions of the
      natively scheduled examples, clean fixed variants
  expect.py --plain [NAME...]    build the examples plain, run, and check the
      program terminates with status 0 (the "normal run")
  expect.py --self-test          unit tests of the parser and the comparison,
      and a parse of every program of the three corpora
  expect.py --list [NAME...]     example names, one a line

A NAME is an example of --examples (default testcases/), with or without
its extension; a FILE is any path. Prints a table (program, expected, found,
false positives, false negatives, status) and exits 1 on any mismatch, 2 on
a contract it cannot read (an unknown directive is an error), 0 when all
match. With exactly one program it exits 77 (ctest SKIP_RETURN_CODE) when
the program cannot be run yet: the ravel pipeline is not part of the build,
or the example needs a controlled schedule (pct/random) and the runtime does
not accept one.
"""

import argparse
import collections
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLES = os.path.join(ROOT, 'testcases')
CORPORA = (EXAMPLES, os.path.join(HERE, 'e2e', 'findings'),
           os.path.join(HERE, 'runtime', 'programs'))
KINDS = ('data-race', 'potential-deadlock', 'deadlock', 'mutex-misuse',
         'crash', 'failure', 'hang')
CONTROLLED = ('pct', 'random')
SKIP = 77
FINDINGS_EXIT = 66  # a program that reported findings (docs/runtime.md)

# ---------------------------------------------------------------------------
# Contract lines
# ---------------------------------------------------------------------------

Expectation = collections.namedtuple('Expectation',
                                     'kind variable sites text')


class Site(collections.namedtuple('Site', 'file line op')):
    """FILE:LINE[:OP]; op None matches any access."""
    __slots__ = ()

    def __new__(cls, file, line, op=None):
        return super().__new__(cls, file, line, op)

    def __str__(self):
        return '%s:%d%s' % (self.file, self.line,
                            ':' + self.op if self.op else '')


DIRECTIVES = ('EXPECT', 'EXPECT-MAYBE', 'RAVEL-RUN', 'OPTIONS', 'RUNS',
              'SEEDS', 'FLAGS', 'ENV', 'EXIT', 'STDERR', 'HELD', 'STACK',
              'SUPPRESSED')
# A contract line: a whole-line `//` comment, one space at most before an
# upper-case word and a colon.
_DIRECTIVE = re.compile(r'^\s*// ?([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*):(.*)$')
_SITES = re.compile(r'\(([^()]*)\)\s*$')
_SITE = re.compile(r'^([\w.+\-/<>]+):(\d+|@[\w-]+)(?::([\w-]+))?$')
_SEEDS = re.compile(r'^(\w+)\s+(\d+)(?:-(\d+))?$')


class ContractError(Exception):
    pass


def resolve_label(label, lines):
    """The line number of the line marked `// @label`."""
    for number, text in enumerate(lines or (), 1):
        m = re.search(r'//\s*@' + re.escape(label) + r'(?![\w-])', text)
        if m:
            return number
    raise ContractError('no line marked // @%s' % label)


def parse_site(text, lines=None):
    m = _SITE.match(text.strip())
    if not m:
        raise ContractError('bad site %r (want FILE:LINE[:OP])' % text.strip())
    line = m.group(2)
    line = resolve_label(line[1:], lines) if line.startswith('@') else int(line)
    return Site(os.path.basename(m.group(1)), line, m.group(3))


def parse_expect(body, lines=None):
    """Parses what follows `EXPECT:`; None for `none`."""
    text = body.strip()
    if text == 'none':
        return None
    kind, _, rest = text.partition(' ')
    if kind not in KINDS:
        raise ContractError('unknown kind %r (one of %s)' %
                            (kind, ', '.join(KINDS)))
    rest = rest.strip()
    sites = ()
    m = _SITES.search(rest)
    if m:
        sites = tuple(parse_site(s, lines) for s in m.group(1).split(','))
        rest = rest[:m.start()].strip()
    elif rest and all(_SITE.match(t) for t in rest.split()):
        sites = tuple(parse_site(s, lines) for s in rest.split())
        rest = ''
    if kind == 'data-race' and sites and len(sites) != 2:
        raise ContractError('a data race has exactly two sites: %r' % text)
    return Expectation(kind, rest or None, sites, text)


class Contract:
    """The contract lines of one program."""

    def __init__(self, path, text=None):
        self.path = path
        self.name = os.path.basename(path)
        self.expectations = []
        self.maybe = []  # findings allowed, not required (EXPECT-MAYBE)
        self.clean = False
        self.run_options = []  # RAVEL-RUN
        self.options = ''  # OPTIONS (RAVEL_OPTIONS), %S expanded
        self.runs = None  # RUNS
        self.seeds = []  # SEEDS: (schedule, seed)
        self.flags = []  # FLAGS
        self.env = {}  # ENV
        self.exit = None  # EXIT
        self.stderr = []  # STDERR
        self.held = []  # HELD: (Site, (lock, ...))
        self.stacks = []  # STACK: (Site, ...)
        self.suppressed = None  # SUPPRESSED: distinct suppressed findings
        if text is None:
            with open(path, encoding='utf-8') as f:
                text = f.read()
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            m = _DIRECTIVE.match(line)
            if not m:
                continue
            try:
                self._take(m.group(1), m.group(2).strip(), lines)
            except (ContractError, ValueError) as err:
                raise ContractError('%s:%d: %s' % (self.name, number, err))
        if self.clean and self.expectations:
            raise ContractError('%s: `EXPECT: none` together with findings' %
                                self.name)
        if not self.clean and not self.expectations:
            raise ContractError('%s: no EXPECT line' % self.name)

    def _take(self, key, value, lines):
        if key not in DIRECTIVES:
            raise ContractError('unknown directive %s: (one of %s)' %
                                (key, ', '.join(DIRECTIVES)))
        if key == 'RAVEL-RUN':
            self.run_options += value.split()
        elif key == 'OPTIONS':
            directory = os.path.dirname(os.path.abspath(self.path))
            self.options = (self.options + ' ' +
                            value.replace('%S', directory)).strip()
        elif key == 'RUNS':
            self.runs = int(value)
            if self.runs < 1:
                raise ContractError('RUNS must be at least 1')
        elif key == 'SEEDS':
            for m in re.finditer(r'(\S+)\s+(\S+)', value):
                s = _SEEDS.match(m.group(0))
                if not s or s.group(1) not in CONTROLLED:
                    raise ContractError('bad SEEDS %r (want SCHEDULE FROM[-TO]'
                                        ', SCHEDULE pct or random)' % m.group(0))
                last = int(s.group(3) or s.group(2))
                self.seeds += [(s.group(1), n)
                               for n in range(int(s.group(2)), last + 1)]
            if not self.seeds or len(value.split()) % 2:
                raise ContractError('bad SEEDS %r' % value)
        elif key == 'FLAGS':
            self.flags += value.split()
        elif key == 'ENV':
            name, eq, val = value.partition('=')
            if not eq or not name:
                raise ContractError('bad ENV %r (want NAME=VALUE)' % value)
            self.env[name] = val
        elif key == 'EXIT':
            self.exit = int(value)
        elif key == 'STDERR':
            self.stderr.append(value)
        elif key == 'SUPPRESSED':
            self.suppressed = int(value)
        elif key == 'HELD':
            site, _, locks = value.partition(' ')
            self.held.append((parse_site(site, lines), tuple(locks.split())))
        elif key == 'STACK':
            self.stacks.append(tuple(parse_site(s, lines)
                                     for s in value.split('>')))
        else:
            e = parse_expect(value, lines)
            if key == 'EXPECT-MAYBE':
                if e is None:
                    raise ContractError('EXPECT-MAYBE needs a finding')
                self.maybe.append(e)
            elif e is None:
                self.clean = True
            else:
                self.expectations.append(e)

    @property
    def schedule(self):
        opts = self.run_options
        for i, o in enumerate(opts):
            if o == '--schedule' and i + 1 < len(opts):
                return opts[i + 1]
            if o.startswith('--schedule='):
                return o.split('=', 1)[1]
        return 'pct'  # the default of `ravel run` (docs/driver.md)

    @property
    def needs_scheduler(self):
        return self.schedule in CONTROLLED

    @property
    def language(self):
        return 'c' if self.name.endswith('.c') else 'c++'

    def program_runs(self):
        """The RAVEL_OPTIONS of each run of the program (--via program):
        OPTIONS, RUNS times (run i adds seed=i when RUNS is given and
        OPTIONS has no seed), then one run per SEEDS schedule and seed."""
        runs = []
        for i in range(1, (self.runs or 1) + 1):
            opts = self.options
            if self.runs and opts and 'seed=' not in opts:
                opts += ' seed=%d' % i
            runs.append(opts)
        for schedule, seed in self.seeds:
            runs.append(('%s schedule=%s seed=%d' %
                         (self.options, schedule, seed)).strip())
        return runs


def example_paths(directory=EXAMPLES):
    return sorted(
        os.path.join(directory, n) for n in os.listdir(directory)
        if n.endswith(('.c', '.cpp')))


# ---------------------------------------------------------------------------
# Comparison of findings with expectations
# ---------------------------------------------------------------------------


def frame_site(frame, op=None):
    return Site(os.path.basename(str(frame.get('file', ''))),
                int(frame.get('line', 0)), op)


def innermost_sites(finding):
    """The innermost frame of each thread, with the thread's access."""
    sites = []
    for t in finding.get('threads') or []:
        stack = t.get('stack') or []
        sites.append(frame_site(stack[0], t.get('op')) if stack
                     else Site('?', 0, t.get('op')))
    return sites


def cycle_sites(finding):
    sites = set()
    for edge in finding.get('cycle') or []:
        for key in ('holds_at', 'acquires_at'):
            stack = edge.get(key) or []
            if stack:
                sites.add(frame_site(stack[0]))
    return sites


def all_sites(finding):
    """Every frame and event of every thread, and the cycle."""
    sites = set(cycle_sites(finding))
    for t in finding.get('threads') or []:
        for frame in (t.get('stack') or []) + (t.get('events') or []):
            if 'line' in frame:
                sites.add(frame_site(frame))
    return sites


def variables(finding):
    names = set()
    for t in finding.get('threads') or []:
        if t.get('variable'):
            names.add(t['variable'].strip())
    for edge in finding.get('cycle') or []:
        for key in ('holds', 'acquires'):
            if edge.get(key):
                names.add(str(edge[key]).strip())
    return names


def site_matches(want, got):
    return want.file == got.file and want.line == got.line and \
        (want.op is None or want.op == got.op)


def same_threads(want, got):
    """The listed sites are the threads' innermost frames: one each, in any
    order (a multiset); a list that names each site once also matches
    threads that repeat one of them (a set)."""
    if len(want) == len(got) and len(want) <= 6:
        return any(all(site_matches(w, g) for w, g in zip(want, perm))
                   for perm in itertools.permutations(got))
    if len(set(want)) != len(want):
        return False
    return all(any(site_matches(w, g) for g in got) for w in want) and \
        all(any(site_matches(w, g) for w in want) for g in got)


def matches(expect, finding, check_variable=True):
    """Whether one finding is what one EXPECT line describes.

    The sites are the threads' innermost frames (with the thread's access
    when a site names one), as a multiset, for every kind. A line whose
    sites name no access also matches
      potential-deadlock, and deadlock with a lock cycle: the set of
        distinct acquisition sites (holds_at and acquires_at) of the cycle;
      crash, failure, hang, deadlock without a cycle (lost wake-up, join):
        every listed site appears in some frame or event of some thread.
    No sites listed: any finding of the kind. A variable, when given, must
    be the source text of one of the threads' accesses (or of a cycle's lock).
    """
    if finding.get('kind') != expect.kind:
        return False
    if check_variable and expect.variable and \
            expect.variable not in variables(finding):
        return False
    want = expect.sites
    if not want:
        return True
    if same_threads(want, innermost_sites(finding)):
        return True
    if any(s.op for s in want):
        return False
    cycle = finding.get('cycle')
    if expect.kind in ('potential-deadlock', 'deadlock') and cycle:
        return set(want) == cycle_sites(finding)
    if expect.kind in ('crash', 'failure', 'hang', 'deadlock'):
        return set(want) <= all_sites(finding)
    return False


def race_pairs(finding):
    """The site pairs of a finding, each as a finding of its own.

    `ravel run` groups the data races on one variable into one finding with
    a `pairs` list (docs/report-format.md); each pair is compared with the
    EXPECT lines like a race of its own, and remembers its group's id.
    Anything else (another kind, a program's own report) is one unit itself.
    """
    pairs = finding.get('pairs') if finding.get('kind') == 'data-race' else None
    if not pairs:
        return [finding]
    units = []
    for p in pairs:
        units.append({
            'id': p.get('id'), 'kind': 'data-race', 'group': finding.get('id'),
            'threads': [{'op': site.get('op'),
                         'variable': site.get('variable', ''),
                         'stack': [{'file': site.get('file', ''),
                                    'line': site.get('line', 0),
                                    'column': site.get('column', 0)}]}
                        for site in p.get('sites') or []]})
    return units


def identity(unit):
    """Two findings with the same identity are one finding reported twice:
    the same kind and id, the same innermost frames to the column, accesses
    and variables."""
    frames = []
    for t in unit.get('threads') or []:
        top = (t.get('stack') or [{}])[0]
        frames.append((str(top.get('file', '')), top.get('line', 0),
                       top.get('column', 0), t.get('op'), t.get('variable')))
    return json.dumps([unit.get('kind'), unit.get('id'), sorted(frames),
                       sorted(cycle_sites(unit))])


def describe(finding):
    kind = finding.get('kind', '?')
    if kind in ('potential-deadlock', 'deadlock') and finding.get('cycle'):
        sites = sorted(cycle_sites(finding))
    else:
        sites = innermost_sites(finding)
    names = sorted(variables(finding)) if kind == 'data-race' else []
    text = kind + (' ' + names[0] if names else '')
    if sites:
        text += ' (%s)' % ', '.join(str(s) for s in sites)
    return text


Comparison = collections.namedtuple('Comparison',
                                    'false_negatives false_positives')


def compare(contract, findings, check_variable=True):
    """Every EXPECT line needs a finding; every finding needs an EXPECT line.

    Count: N identical EXPECT lines need N findings that match them, and a
    finding reported several times (the same id) needs as many identical
    lines; findings that differ only in what a line does not state (the
    access, a column) are one bug at line granularity and may all match one
    line (the same two source lines reported as read/write and as
    write/write). A grouped data race is compared pair by pair (race_pairs):
    each pair must match an EXPECT line, and the data-race EXPECT lines that
    name the same variable must all match pairs of ONE finding (the races on
    one variable are one finding); a finding that splits them is reported as
    a false positive.
    """
    units = [u for f in findings for u in race_pairs(f)]
    copies = collections.Counter(e.text for e in contract.expectations)
    fn, seen = [], set()
    for e in contract.expectations:
        if e.text in seen:
            continue
        seen.add(e.text)
        found = [u for u in units if matches(e, u, check_variable)]
        if len(found) < copies[e.text]:
            fn += [e] * (copies[e.text] - len(found))
    fp = [u for u in units
          if not any(matches(e, u, check_variable)
                     for e in contract.expectations + contract.maybe)]
    # The same finding more often than the lines it matches are written
    # (ravel's findings; ThreadSanitizer's have no ids and repeat per run).
    times = collections.Counter(identity(u) for u in units if u.get('id'))
    surplus = set()
    for u in units:
        key = identity(u)
        if times[key] < 2 or key in surplus or any(u is f for f in fp):
            continue
        allowed = max([copies[e.text] for e in contract.expectations
                       if matches(e, u, check_variable)] + [1])
        if times[key] > allowed:
            surplus.add(key)
            fp.append(u)
    # One finding per variable: the groups that match each variable's lines.
    by_variable = collections.defaultdict(set)
    for e in contract.expectations:
        if e.kind == 'data-race' and e.variable:
            for u in units:
                if 'group' in u and matches(e, u, check_variable):
                    by_variable[e.variable].add(u['group'])
    for variable, groups in sorted(by_variable.items()):
        for group in sorted(groups)[1:]:
            fp += [u for u in units if u.get('group') == group and u not in fp]
    return Comparison(fn, fp)


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

Result = collections.namedtuple('Result', 'name expected found fp fn status '
                                'note')
# One run of a program: its label (the options), findings, exit status, the
# exit status it should have had with those findings, and its stderr.
# suppressed: how many distinct findings suppression rules matched (None:
# not known, e.g. ThreadSanitizer).
Run = collections.namedtuple('Run',
                             'label findings exit want_exit stderr suppressed',
                             defaults=(None,))


def expected_text(contract):
    text = 'none' if contract.clean else '; '.join(
        e.text for e in contract.expectations)
    for e in contract.maybe:
        text += '; maybe ' + e.text
    return text


def run(cmd, timeout, env=None, cwd=None, stdout=subprocess.PIPE):
    try:
        p = subprocess.run(cmd, stdout=stdout,
                           stderr=subprocess.PIPE, timeout=timeout, env=env,
                           cwd=cwd, universal_newlines=True, errors='replace')
        return p.returncode, p.stdout or '', p.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors='replace') if isinstance(
            e.stdout, bytes) else (e.stdout or '')
        err = e.stderr.decode(errors='replace') if isinstance(
            e.stderr, bytes) else (e.stderr or '')
        return None, out, err


def compile_flags(contract):
    """-std=gnu11 / -std=c++17 -g -O1 -pthread, then the FLAGS lines (a
    later -std wins)."""
    std = '-std=gnu11' if contract.language == 'c' else '-std=c++17'
    return [std, '-g', '-O1', '-pthread'] + contract.flags


def tail(text, lines=6, sep=' | '):
    return sep.join(text.strip().splitlines()[-lines:])


PLACEHOLDER = 'is not part of this build'

PROBE_PROGRAM = '''#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int n;
static void *work(void *arg) {
  pthread_mutex_lock(&m);
  n++;
  pthread_mutex_unlock(&m);
  return arg;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  work(0);
  pthread_join(t, 0);
  return n == 2 ? 0 : 1;
}
'''


def read_json_lines(path):
    """The findings a program wrote to report= (one JSON object a line; a
    line for a finding a suppression rule matched is not a finding)."""
    return [l for l in read_report_lines(path) if 'suppressed' not in l]


def read_report_lines(path):
    """Every JSON line of a report= file: findings and suppressed ones."""
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


class RavelPipeline:
    """ravel-cc/ravel-c++ and `ravel run` from a build's bin/ directory, or
    the program itself (--via program, --exe)."""

    def __init__(self, bindir, work, timeout, via='ravel-run', exe=None):
        self.bindir = os.path.abspath(bindir) if bindir else None
        self.work = work
        self.timeout = timeout
        self.via = via
        self.exe = exe
        self._controlled = None

    def tool(self, name):
        return os.path.join(self.bindir, name)

    def build(self, contract, out, extra_env=None):
        cc = self.tool('ravel-cc' if contract.language == 'c' else 'ravel-c++')
        env = dict(os.environ, RAVEL_ROOT=os.path.dirname(
            os.path.abspath(contract.path)))
        env.update(contract.env)
        env.update(extra_env or {})
        return run([cc] + compile_flags(contract) +
                   [contract.path, '-o', out], 600, env=env)

    def controlled_schedules(self):
        """Whether `ravel run --schedule pct` works at all in this build,
        probed once on a trivial program (docs/driver.md: a runtime that does not
        support a schedule refuses it at start-up, and ravel run exits 2).
        Returns '' when it works, else the reason."""
        if self._controlled is None:
            probe_src = os.path.join(self.work, 'schedule_probe.c')
            with open(probe_src, 'w') as f:  # a few scheduling points
                f.write(PROBE_PROGRAM)
            probe = Contract(probe_src, '// EXPECT: none\n')
            exe = os.path.join(self.work, 'schedule_probe')
            rc, out, err = self.build(probe, exe)
            if rc != 0:
                self._controlled = 'cannot build a trivial program: ' + \
                    tail(err or out, 2)
            else:
                rc, out, err = run(
                    [self.tool('ravel'), 'run', '--schedule', 'pct', '--runs',
                     '3', '--quiet', '--report', exe + '.json', '--', exe],
                    120, cwd=self.work)
                self._controlled = '' if rc == 0 else \
                    '`ravel run --schedule pct --runs 3` fails on a trivial program ' \
                    '(exit %s): %s' % (rc, tail(err, 3))
        return self._controlled

    def check(self, contract):
        if self.via == 'program':
            if contract.run_options:
                return 'ERROR', 'RAVEL-RUN lines need --via ravel-run', None
        elif contract.options or contract.runs or contract.seeds:
            return 'ERROR', 'OPTIONS, RUNS and SEEDS lines need --via ' \
                'program (under `ravel run` use RAVEL-RUN)', None
        exe = self.exe
        if not exe:
            exe = os.path.join(self.work, contract.name.rsplit('.', 1)[0])
            rc, out, err = self.build(contract, exe)
            if rc != 0:
                if PLACEHOLDER in err:
                    return ('SKIP', 'ravel compiler wrappers not in this build',
                            None)
                return 'ERROR', 'build failed: ' + tail(err or out, 20, '\n'), \
                    None
        if self.via == 'program':
            return self.run_program(contract, exe)
        return self.run_ravel(contract, exe)

    def run_program(self, contract, exe):
        runs = []
        for i, opts in enumerate(contract.program_runs()):
            report = os.path.join(self.work, '%s.%d.jsonl' % (
                os.path.basename(exe), i))
            if os.path.exists(report):
                os.remove(report)
            env = dict(os.environ,
                       RAVEL_OPTIONS=('report=%s %s' % (report, opts)).strip())
            rc, out, err = run([os.path.abspath(exe)], self.timeout, env=env,
                               cwd=self.work, stdout=subprocess.DEVNULL)
            label = 'run %d, RAVEL_OPTIONS=%s' % (i + 1, opts or '(none)')
            if rc is None:
                return 'ERROR', '%s: timed out after %ds: %s' % (
                    label, self.timeout, tail(err)), None
            try:
                lines = read_report_lines(report)
            except ValueError as e:
                return 'ERROR', '%s: a malformed report line: %s' % (label, e), \
                    None
            findings = [l for l in lines if 'suppressed' not in l]
            suppressed = len(set(l['suppressed'].get('id') for l in lines
                                 if 'suppressed' in l))
            runs.append(Run(label, findings, rc,
                            FINDINGS_EXIT if findings else 0, err, suppressed))
        return None, '', runs

    def run_ravel(self, contract, exe):
        if contract.needs_scheduler and self.controlled_schedules():
            return 'NEEDS-SCHEDULER', self.controlled_schedules(), None
        report = exe + '.report.json'
        if os.path.exists(report):
            os.remove(report)
        opts = list(contract.run_options)
        if '--timeout' not in opts:
            opts += ['--timeout', '30']
        cmd = [self.tool('ravel'), 'run'] + opts + [
            '--quiet', '--report', report, '--', exe]
        rc, out, err = run(cmd, self.timeout, cwd=self.work)
        if rc is None:
            return 'ERROR', 'ravel run timed out after %ds' % self.timeout, None
        if rc == 2 and PLACEHOLDER in err:
            return 'SKIP', '`ravel run` not in this build', None
        if rc not in (0, 1) and contract.exit is None:
            return 'ERROR', 'ravel run exited %d: %s' % (rc, tail(err)), None
        try:
            with open(report, encoding='utf-8') as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            if contract.exit is not None and rc == contract.exit:
                doc = {}
            else:
                return 'ERROR', 'no readable report: %s' % e, None
        findings = doc.get('findings') or []
        suppressed = sum(s.get('findings', 0)
                         for s in doc.get('suppressed') or [])
        return None, '', [Run('ravel run ' + ' '.join(contract.run_options),
                              findings, rc, 1 if findings else 0, err,
                              suppressed)]


# ThreadSanitizer --------------------------------------------------------------

_TSAN_HEADER = re.compile(r'WARNING: ThreadSanitizer: (.*?) \(pid=\d+\)')
_TSAN_ANY_FRAME = re.compile(r'^\s+#\d+ ')
_TSAN_FRAME = re.compile(r'^\s+#\d+ (.+) ([^\s:]+):(\d+)(?::\d+)? \(')


def parse_tsan(stderr, own_file):
    """ThreadSanitizer reports as findings shaped like ravel's.

    A stack's site is its innermost frame in the example's own source file
    (inlined std::vector or pthread frames are skipped).
    """
    findings = []
    for block in re.split(r'={10,}', stderr):
        m = _TSAN_HEADER.search(block)
        if not m:
            continue
        title = m.group(1)
        # Each stack with the line that introduces it ("Write of size 4 ...",
        # "Mutex M1 acquired here ...", "Thread T1 ... created by ...").
        stacks, current, intro = [], None, ''
        for line in block.splitlines():
            if not _TSAN_ANY_FRAME.match(line):
                current = None
                if line.strip():
                    intro = line.strip()
                continue
            if current is None:
                current = []
                stacks.append((intro, current))
            fm = _TSAN_FRAME.match(line)
            if fm:  # frames without a source line (<null>) are skipped
                current.append({'function': fm.group(1),
                                'file': fm.group(2),
                                'line': int(fm.group(3))})
        def own(wanted):
            sites = []
            for intro, stack in stacks:
                frames = [f for f in stack
                          if os.path.basename(f['file']) == own_file]
                if frames and wanted(intro):
                    sites.append(frames[0])
            return sites

        if title.startswith('data race'):
            # The two access stacks; not the allocation or thread creation.
            threads = [{'stack': [f]} for f in own(
                lambda i: re.search(r'\b(Read|Write|read|write)\b', i) and
                'created' not in i)[:2]]
            findings.append({'kind': 'data-race', 'threads': threads})
        elif title.startswith('lock-order-inversion'):
            cycle = [{'acquires_at': [f]} for f in own(
                lambda i: i.startswith('Mutex') and 'acquired' in i)]
            findings.append({'kind': 'potential-deadlock', 'cycle': cycle})
        else:
            findings.append({'kind': 'tsan: ' + title, 'threads': []})
    return findings


def check_tsan(contract, work, timeout):
    if contract.needs_scheduler and not contract.clean:
        return 'SKIP', 'needs a controlled schedule', None
    if any(e.kind not in ('data-race', 'potential-deadlock')
           for e in contract.expectations):
        return 'SKIP', 'kind not reported by ThreadSanitizer', None
    compiler = 'clang-19' if contract.language == 'c' else 'clang++-19'
    exe = os.path.join(work, contract.name.rsplit('.', 1)[0] + '.tsan')
    rc, out, err = run([compiler, '-fsanitize=thread'] +
                       compile_flags(contract) + [contract.path, '-o', exe],
                       600)
    if rc != 0:
        return 'ERROR', 'build failed: ' + tail(err or out), None
    env = dict(os.environ, TSAN_OPTIONS='halt_on_error=0 exitcode=0 '
               'suppress_equal_addresses=0 suppress_equal_stacks=1 '
               'detect_deadlocks=1 second_deadlock_stack=1 history_size=4')
    findings = []
    # Union over a few runs, as `ravel run --runs N` merges its runs.
    for _ in range(3):
        rc, out, err = run([exe], timeout, env=env, cwd=work)
        if rc is None:
            return 'ERROR', 'timed out after %ds' % timeout, None
        if rc != 0:
            return 'ERROR', 'exited %d: %s' % (rc, tail(err)), None
        findings += parse_tsan(err, contract.name)
    unique = {json.dumps(f, sort_keys=True): f for f in findings}
    return None, '', [Run('ThreadSanitizer', list(unique.values()), None,
                          None, '')]


def check_plain(contract, work, timeout):
    if contract.needs_scheduler and not contract.clean:
        # Rare in a normal run, but a crash or hang of these is the bug.
        return 'SKIP', 'its bug may show in a normal run', None
    compiler = 'clang-19' if contract.language == 'c' else 'clang++-19'
    exe = os.path.join(work, contract.name.rsplit('.', 1)[0] + '.plain')
    rc, out, err = run([compiler, '-Wall', '-Wextra', '-Werror'] +
                       compile_flags(contract) + [contract.path, '-o', exe],
                       600)
    if rc != 0:
        return 'ERROR', 'build failed: ' + tail(err or out), None
    rc, out, err = run([exe], timeout, cwd=work)
    if rc is None:
        return 'ERROR', 'did not terminate within %ds' % timeout, None
    if rc != 0:
        return 'ERROR', 'exited %d: %s' % (rc, tail(err)), None
    return 'OK', tail(out, 1), None


def thread_stacks(findings):
    """(innermost site with access, locks held, whole source stack) of every
    thread of every finding."""
    for f in findings:
        for t in f.get('threads') or []:
            stack = t.get('stack') or []
            site = frame_site(stack[0], t.get('op')) if stack else \
                Site('?', 0, t.get('op'))
            locks = tuple(str(l.get('name', '')) if isinstance(l, dict)
                          else str(l) for l in t.get('locks_held') or [])
            yield site, locks, [frame_site(fr) for fr in stack]


def check_run(contract, r):
    """What is wrong with one run besides its findings: the exit status, the
    STDERR, HELD and STACK lines, finding ids. Nothing for a cross-check
    that has no exit status of its own (ThreadSanitizer)."""
    problems = []
    if r.exit is None:
        return problems
    want = contract.exit if contract.exit is not None else r.want_exit
    if want is not None and r.exit != want:
        problems.append('exit status %s, expected %d' % (r.exit, want))
    for text in contract.stderr:
        if text not in r.stderr:
            problems.append('stderr lacks %r' % text)
    if (contract.suppressed is not None and r.suppressed is not None and
            r.suppressed != contract.suppressed):
        problems.append('%d finding(s) suppressed, expected %d' % (
            r.suppressed, contract.suppressed))
    threads = list(thread_stacks(r.findings))
    for site, locks in contract.held:
        if not any(site_matches(site, s) and held == locks
                   for s, held, _ in threads):
            problems.append('no thread at %s held exactly %s' % (
                site, ' '.join(locks) or 'no lock'))
    for chain in contract.stacks:
        if not any(len(stack) == len(chain) and
                   all(site_matches(w, g) for w, g in zip(chain, stack))
                   for _, _, stack in threads):
            problems.append('no thread with the stack %s' %
                            '>'.join(str(s) for s in chain))
    for f in r.findings:
        if not str(f.get('id', '')).startswith('RV-'):
            problems.append('a finding without an RV- id: %s' % describe(f))
    return problems


def evaluate(contract, check, check_variable=True):
    status, note, runs = check(contract)
    if runs is None:
        return Result(contract.name, expected_text(contract), '-', '-', '-',
                      status, note)
    found, fps, fns, notes = set(), set(), [], []
    for r in runs:
        c = compare(contract, r.findings, check_variable)
        found |= set(describe(u) for f in r.findings for u in race_pairs(f))
        fps |= set(describe(f) for f in c.false_positives)
        fns += [e.text for e in c.false_negatives if e.text not in fns]
        problems = check_run(contract, r)
        if c.false_positives or c.false_negatives or problems:
            why = problems + ['false positive: ' + describe(f)
                              for f in c.false_positives] + \
                ['false negative: ' + e.text for e in c.false_negatives]
            notes.append('%s:\n      %s%s' % (
                r.label, '\n      '.join(why),
                '\n    stderr:\n      ' + tail(r.stderr, 30, '\n      ')
                if r.stderr.strip() else ''))
    if len(runs) > 1:
        notes.insert(0, '%d runs%s' % (len(runs), ', %d failed' % len(notes)
                                        if notes else ''))
    return Result(contract.name, expected_text(contract),
                  '; '.join(sorted(found)) or 'none',
                  '; '.join(sorted(fps)) or '-', '; '.join(fns) or '-',
                  'FAIL' if len(notes) > (len(runs) > 1) else 'OK',
                  '\n    '.join(notes))


def print_table(results, out=sys.stdout):
    headers = ('program', 'expected', 'found', 'false positives',
               'false negatives', 'status')
    rows = [(r.name, r.expected, r.found, r.fp, r.fn, r.status)
            for r in results]
    width = [min(60, max(len(h), *(len(row[i]) for row in rows)))
             if rows else len(h) for i, h in enumerate(headers)]

    def line(cells):
        return '  '.join(c[:w].ljust(w) for c, w in zip(cells, width))

    print(line(headers), file=out)
    print(line(['-' * w for w in width]), file=out)
    for r, row in zip(results, rows):
        print(line(row), file=out)
        if r.note:
            print('    ' + r.note, file=out)
    counts = collections.Counter(r.status for r in results)
    print('\n' + ', '.join('%d %s' % (n, s) for s, n in sorted(counts.items())),
          file=out)


# ---------------------------------------------------------------------------
# Self-test: the parser and the comparison on fixture findings
# ---------------------------------------------------------------------------


def _frame(file, line, function='f'):
    return {'function': function, 'file': file, 'line': line, 'column': 3}


def _race(var, a, b):
    return {'id': 'RV-DR-0', 'kind': 'data-race',
            'threads': [{'tid': 1, 'op': 'write', 'variable': var,
                         'stack': [_frame(*a), _frame('main.cpp', 3)]},
                        {'tid': 2, 'op': 'read', 'variable': var,
                         'stack': [_frame(*b)]}]}


def _cycle(kind, *edges):
    return {'id': 'RV-PD-0', 'kind': kind, 'threads': [],
            'cycle': [{'tid': i + 1, 'holds': h, 'acquires': a,
                       'holds_at': [_frame(*hs)],
                       'acquires_at': [_frame(*as_)]}
                      for i, (h, hs, a, as_) in enumerate(edges)]}


def _group(gid, *pairs):
    """A grouped data race (`ravel run`): pairs of (var, site, site)."""
    f = _race(pairs[0][0], pairs[0][1], pairs[0][2])
    f['id'] = gid
    f['pairs'] = [{'id': 'RV-DR-%d' % i, 'runs': 1, 'first_run': 0,
                   'sites': [{'file': a[0], 'line': a[1], 'column': 3,
                              'op': 'write', 'variable': var},
                             {'file': b[0], 'line': b[1], 'column': 3,
                              'op': 'read', 'variable': var}]}
                  for i, (var, a, b) in enumerate(pairs)]
    return f


class SelfTest(unittest.TestCase):

    def contract(self, text):
        return Contract('/x/bank.cpp', text)

    def test_parse_expect_with_variable_and_sites(self):
        e = parse_expect(' data-race r->slots[i] (ring.c:44, testcases/ring.c:52)')
        self.assertEqual(e.kind, 'data-race')
        self.assertEqual(e.variable, 'r->slots[i]')
        self.assertEqual(e.sites, (Site('ring.c', 44), Site('ring.c', 52)))

    def test_parse_variable_with_parentheses(self):
        e = parse_expect('data-race limits().Rps (a.cpp:1, a.cpp:2)')
        self.assertEqual(e.variable, 'limits().Rps')

    def test_parse_kind_only_and_none(self):
        self.assertEqual(parse_expect('hang').sites, ())
        self.assertIsNone(parse_expect(' none '))

    def test_parse_errors(self):
        for bad in ('race (a.c:1, a.c:2)', 'data-race (a.c:1)',
                    'crash (a.c)', 'deadlock (a.c:x)'):
            with self.assertRaises(ContractError, msg=bad):
                parse_expect(bad)

    def test_contract_run_options_and_schedule(self):
        c = self.contract('// EXPECT: hang\n// RAVEL-RUN: --runs 100 '
                          '--schedule pct\nint x;\n  // EXPECT: crash\n')
        self.assertEqual(c.run_options, ['--runs', '100', '--schedule', 'pct'])
        self.assertTrue(c.needs_scheduler)
        self.assertEqual([e.kind for e in c.expectations], ['hang', 'crash'])
        self.assertFalse(self.contract('// EXPECT: none\n// RAVEL-RUN: '
                                       '--schedule=native\n').needs_scheduler)
        self.assertTrue(self.contract('// EXPECT: none\n').needs_scheduler)

    def test_contract_needs_exactly_one_form(self):
        with self.assertRaises(ContractError):
            self.contract('int main() {}\n')
        with self.assertRaises(ContractError):
            self.contract('// EXPECT: none\n// EXPECT: hang\n')

    def test_race_matches_in_either_order_by_basename(self):
        c = self.contract('// EXPECT: data-race hits (c.cpp:14, c.cpp:20)\n')
        f = _race('hits', ('testcases/c.cpp', 20), ('/abs/c.cpp', 14))
        self.assertEqual(compare(c, [f]), Comparison([], []))

    def test_race_wrong_line_is_fn_and_fp(self):
        c = self.contract('// EXPECT: data-race hits (c.cpp:14, c.cpp:14)\n')
        f = _race('hits', ('c.cpp', 14), ('c.cpp', 15))
        r = compare(c, [f])
        self.assertEqual(len(r.false_negatives), 1)
        self.assertEqual(r.false_positives, [f])

    def test_race_variable_must_match(self):
        c = self.contract('// EXPECT: data-race hits (c.cpp:14, c.cpp:14)\n')
        self.assertFalse(compare(c, [_race('misses', ('c.cpp', 14),
                                           ('c.cpp', 14))]) ==
                         Comparison([], []))

    def test_findings_on_same_lines_match_one_line(self):
        c = self.contract('// EXPECT: data-race hits (c.cpp:14, c.cpp:14)\n')
        rw = _race('hits', ('c.cpp', 14), ('c.cpp', 14))
        ww = _race('hits', ('c.cpp', 14), ('c.cpp', 14))
        ww['threads'][1]['op'] = 'write'
        column = _race('hits', ('c.cpp', 14), ('c.cpp', 14))
        column['threads'][0]['stack'][0]['column'] = 9
        self.assertEqual(compare(c, [rw, ww, column]), Comparison([], []))

    def test_a_finding_reported_twice_needs_two_lines(self):
        one = '// EXPECT: data-race a.c:3:write a.c:4:read\n'
        f = _race('', ('a.c', 3), ('a.c', 4))
        self.assertEqual(compare(self.contract(one), [f, f]).false_positives,
                         [f])
        self.assertEqual(compare(self.contract(one * 2), [f, f]),
                         Comparison([], []))
        self.assertEqual(len(compare(self.contract(one * 2),
                                     [f]).false_negatives), 1)

    def test_bare_sites_with_access_and_labels(self):
        c = self.contract('// EXPECT: data-race bank.cpp:@w:write '
                          'bank.cpp:4:read\nint x; // @w\n')
        self.assertEqual(c.expectations[0].sites,
                         (Site('bank.cpp', 2, 'write'),
                          Site('bank.cpp', 4, 'read')))
        self.assertIsNone(c.expectations[0].variable)
        self.assertEqual(compare(c, [_race('x', ('bank.cpp', 2),
                                           ('bank.cpp', 4))]),
                         Comparison([], []))
        wrong = _race('x', ('bank.cpp', 4), ('bank.cpp', 2))  # ops swapped
        self.assertEqual(compare(c, [wrong]).false_positives, [wrong])
        with self.assertRaises(ContractError):
            self.contract('// EXPECT: hang bank.cpp:@nowhere\n')

    def test_unknown_directive_is_an_error(self):
        for bad in ('// EXPECTED: none\n', '// EXPECT: none\n// SEED: pct 1\n',
                    '// EXPECT: none\n// SEEDS: pct\n',
                    '// EXPECT: none\n// SEEDS: native 1-3\n',
                    '// EXPECT: none\n// ENV: X\n',
                    '// EXPECT: none\n// RUNS: many\n'):
            with self.assertRaises(ContractError, msg=bad):
                self.contract(bad)
        # Not a contract line: indented text after the comment marker.
        self.contract('// EXPECT: none\n//   UI: the window\n')

    def test_runs_and_seeds(self):
        c = self.contract('// EXPECT: none\n// RUNS: 2\n'
                          '// SEEDS: pct 1-2 random 7\n')
        self.assertEqual(c.program_runs(),
                         ['', '', 'schedule=pct seed=1', 'schedule=pct seed=2',
                          'schedule=random seed=7'])
        c = self.contract('// EXPECT: none\n// OPTIONS: schedule=pct\n'
                          '// RUNS: 2\n')
        self.assertEqual(c.program_runs(), ['schedule=pct seed=1',
                                            'schedule=pct seed=2'])
        c = self.contract('// EXPECT: none\n// OPTIONS: a=1\n')
        self.assertEqual(c.program_runs(), ['a=1'])

    def test_run_checks_exit_stderr_held_stack(self):
        c = self.contract('// EXPECT: data-race c.cpp:1:write c.cpp:2:read\n'
                          '// STDERR: data race\n'
                          '// HELD: c.cpp:1:write m\n'
                          '// STACK: c.cpp:1>main.cpp:3\n')
        f = _race('x', ('c.cpp', 1), ('c.cpp', 2))
        f['threads'][0]['locks_held'] = [{'name': 'm'}]
        good = Run('r', [f], 66, 66, 'ravel: data race on x')
        self.assertEqual(check_run(c, good), [])
        bad = Run('r', [f], 0, 66, '')
        self.assertEqual(len(check_run(c, bad)), 2)
        f['threads'][0]['locks_held'] = []
        f['threads'][0]['stack'].pop()
        self.assertEqual(len(check_run(c, good)), 2)

    def test_every_program_of_every_corpus_parses(self):
        count = 0
        for directory in CORPORA:
            for name in sorted(os.listdir(directory)):
                if name.endswith(('.c', '.cpp')):
                    Contract(os.path.join(directory, name))
                    count += 1
        self.assertGreaterEqual(count, 150)

    def test_missing_and_extra_findings(self):
        c = self.contract('// EXPECT: data-race a (c.cpp:1, c.cpp:2)\n'
                          '// EXPECT: data-race b (c.cpp:3, c.cpp:4)\n')
        extra = _race('z', ('c.cpp', 9), ('c.cpp', 9))
        r = compare(c, [_race('a', ('c.cpp', 2), ('c.cpp', 1)), extra])
        self.assertEqual([e.variable for e in r.false_negatives], ['b'])
        self.assertEqual(r.false_positives, [extra])

    def test_grouped_race_is_compared_pair_by_pair(self):
        c = self.contract('// EXPECT: data-race n (c.cpp:1, c.cpp:2)\n'
                          '// EXPECT: data-race s->n (c.cpp:3, c.cpp:4)\n'
                          '// EXPECT: data-race m (c.cpp:5, c.cpp:6)\n')
        one = _group('G1', ('n', ('c.cpp', 1), ('c.cpp', 2)),
                     ('s->n', ('c.cpp', 4), ('c.cpp', 3)))
        other = _group('G2', ('m', ('c.cpp', 5), ('c.cpp', 6)))
        self.assertEqual(compare(c, [one, other]), Comparison([], []))
        # A pair no EXPECT line names is a false positive, alone.
        extra = _group('G1', ('n', ('c.cpp', 1), ('c.cpp', 2)),
                       ('n', ('c.cpp', 9), ('c.cpp', 2)))
        r = compare(c, [extra, other])
        self.assertEqual([u['id'] for u in r.false_positives], ['RV-DR-1'])
        self.assertEqual([e.variable for e in r.false_negatives], ['s->n'])

    def test_lines_naming_one_variable_must_be_one_finding(self):
        c = self.contract('// EXPECT: data-race n (c.cpp:1, c.cpp:2)\n'
                          '// EXPECT: data-race n (c.cpp:3, c.cpp:4)\n')
        split = [_group('G1', ('n', ('c.cpp', 1), ('c.cpp', 2))),
                 _group('G2', ('n', ('c.cpp', 3), ('c.cpp', 4)))]
        r = compare(c, split)
        self.assertEqual(r.false_negatives, [])
        self.assertEqual([u['group'] for u in r.false_positives], ['G2'])
        whole = _group('G1', ('n', ('c.cpp', 1), ('c.cpp', 2)),
                       ('n', ('c.cpp', 3), ('c.cpp', 4)))
        self.assertEqual(compare(c, [whole]), Comparison([], []))

    def test_clean_example_any_finding_is_fp(self):
        c = self.contract('// EXPECT: none\n')
        self.assertEqual(compare(c, []), Comparison([], []))
        f = _race('x', ('c.cpp', 1), ('c.cpp', 1))
        self.assertEqual(compare(c, [f]).false_positives, [f])

    def test_deadlock_cycle_is_a_set_of_acquisition_sites(self):
        c = self.contract('// EXPECT: potential-deadlock (bank.cpp:31, '
                          'bank.cpp:32)\n')
        f = _cycle('potential-deadlock',
                   ('a.mu', ('bank.cpp', 31), 'b.mu', ('bank.cpp', 32)),
                   ('b.mu', ('bank.cpp', 31), 'a.mu', ('bank.cpp', 32)))
        self.assertEqual(compare(c, [f]), Comparison([], []))
        g = _cycle('potential-deadlock',
                   ('a.mu', ('bank.cpp', 31), 'b.mu', ('bank.cpp', 33)),
                   ('b.mu', ('bank.cpp', 31), 'a.mu', ('bank.cpp', 32)))
        self.assertEqual(compare(c, [g]).false_positives, [g])
        # An actual deadlock is not a potential one.
        h = dict(f, kind='deadlock')
        self.assertEqual(compare(c, [h]).false_positives, [h])

    def test_expect_maybe_is_neither_required_nor_a_false_positive(self):
        c = self.contract('// EXPECT: potential-deadlock (p.c:37, p.c:38)\n'
                          '// EXPECT-MAYBE: deadlock (p.c:37, p.c:38)\n')
        pd = _cycle('potential-deadlock',
                    ('a', ('p.c', 37), 'b', ('p.c', 38)))
        dl = dict(pd, kind='deadlock')
        self.assertEqual(compare(c, [pd]), Comparison([], []))
        self.assertEqual(compare(c, [pd, dl]), Comparison([], []))
        self.assertEqual(len(compare(c, [dl]).false_negatives), 1)
        other = _cycle('deadlock', ('a', ('p.c', 37), 'b', ('p.c', 39)))
        self.assertEqual(compare(c, [pd, other]).false_positives, [other])
        with self.assertRaises(ContractError):
            self.contract('// EXPECT: none\n// EXPECT-MAYBE: none\n')

    def test_crash_site_anywhere_in_stacks(self):
        c = self.contract('// EXPECT: crash (inv.cpp:39)\n')
        f = {'kind': 'crash', 'threads': [
            {'stack': [_frame('/usr/include/assert.h', 1),
                       _frame('inv.cpp', 39), _frame('inv.cpp', 60)]}]}
        self.assertEqual(compare(c, [f]), Comparison([], []))
        g = {'kind': 'crash', 'threads': [{'stack': [_frame('inv.cpp', 40)]}]}
        self.assertEqual(len(compare(c, [g]).false_negatives), 1)

    def test_deadlock_without_cycle_uses_thread_positions(self):
        c = self.contract('// EXPECT: deadlock (lost.c:49)\n')
        f = {'kind': 'deadlock', 'cycle': [], 'threads': [
            {'stack': [_frame('lost.c', 49)]},
            {'stack': [], 'events': [{'op': 'wait', 'file': 'lost.c',
                                      'line': 12}]}]}
        self.assertEqual(compare(c, [f]), Comparison([], []))

    def test_hang_without_sites(self):
        c = self.contract('// EXPECT: hang\n')
        self.assertEqual(compare(c, [{'kind': 'hang', 'threads': []}]),
                         Comparison([], []))

    def test_parse_tsan_report(self):
        stderr = '''==================
WARNING: ThreadSanitizer: data race (pid=42)
  Write of size 8 at 0x5 by thread T2:
    #0 std::vector<int>::push_back(int&&) /usr/include/c++/12/bits/stl_vector.h:1198:9 (a+0x1)
    #1 importFeed(int, int) /src/testcases/orders.cpp:37:12 (a+0x2)

  Previous write of size 8 at 0x5 by thread T1:
    #0 std::vector<int>::push_back(int&&) /usr/include/c++/12/bits/stl_vector.h:1198:9 (a+0x1)
    #1 pthread_once <null> (a+0x9)
    #2 importFeed(int, int) /src/testcases/orders.cpp:37:12 (a+0x2)

  Thread T2 (tid=3, running) created by main thread at:
    #0 pthread_create <null> (a+0x3)
    #1 main /src/testcases/orders.cpp:44:15 (a+0x4)
==================
==================
WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=42)
  Cycle in lock order graph: M0 (0x1) => M1 (0x2) => M0

  Mutex M1 acquired here while holding mutex M0 in thread T1:
    #0 pthread_mutex_lock <null> (a+0x5)
    #1 transfer /src/testcases/orders.cpp:36:3 (a+0x6)

  Mutex M0 previously acquired by the same thread here:
    #0 pthread_mutex_lock <null> (a+0x5)
    #1 transfer /src/testcases/orders.cpp:35:3 (a+0x6)

  Thread T1 (tid=3, running) created by main thread at:
    #0 pthread_create <null> (a+0x3)
    #1 main /src/testcases/orders.cpp:44:15 (a+0x4)
==================
'''
        fs = parse_tsan(stderr, 'orders.cpp')
        self.assertEqual([f['kind'] for f in fs],
                         ['data-race', 'potential-deadlock'])
        self.assertEqual(innermost_sites(fs[0]),
                         [Site('orders.cpp', 37), Site('orders.cpp', 37)])
        self.assertEqual(cycle_sites(fs[1]),
                         {Site('orders.cpp', 35), Site('orders.cpp', 36)})

    def test_bundled_examples_parse_and_pair_up(self):
        names = [os.path.basename(p) for p in example_paths()]
        self.assertGreaterEqual(len(names), 40)
        for path in example_paths():
            c = Contract(path)
            with open(path, encoding='utf-8') as f:
                lines = f.read().splitlines()
            for e in c.expectations + c.maybe:
                for s in e.sites:
                    self.assertEqual(s.file, c.name, e.text)
                    # A site is a line of code, not a comment or blank line.
                    code = lines[s.line - 1].split('//')[0].strip()
                    self.assertTrue(code and not code.startswith('/*'),
                                    '%s: %s' % (c.name, e.text))
            fixed = re.sub(r'(\.c|\.cpp)$', r'_fixed\1', c.name)
            if not c.name.rsplit('.', 1)[0].endswith('_fixed'):
                self.assertIn(fixed, names)
                self.assertFalse(c.clean, c.name)
            else:
                self.assertTrue(c.clean, c.name)


    def test_benchmark_planted_races_name_their_lines(self):
        workloads = os.path.join(os.path.dirname(HERE), 'bench', 'workloads')
        if not os.path.isdir(workloads):
            self.skipTest('no bench/workloads')
        sources = [n for n in os.listdir(workloads)
                   if n.endswith(('.c', '.cpp'))]
        self.assertGreaterEqual(len(sources), 6)
        for name in sources:
            with open(os.path.join(workloads, name), encoding='utf-8') as f:
                lines = f.read().splitlines()
            m = re.match(r'^// PLANTED: (.*)$', lines[0])
            self.assertTrue(m, name + ': first line is not a PLANTED line')
            e = parse_expect(m.group(1))
            for s in e.sites:
                self.assertEqual(s.file, name)
                self.assertIn(e.variable, lines[s.line - 1], e.text)


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split('\n\n')[0],
        epilog=__doc__.split('\n\n', 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument('--bin', help="a build's bin/ (ravel, ravel-cc, "
                      'ravel-c++): build each program with the wrappers')
    mode.add_argument('--exe', help='the program, already built (one FILE)')
    mode.add_argument('--tsan', action='store_true',
                      help='cross-check the examples with ThreadSanitizer')
    mode.add_argument('--plain', action='store_true',
                      help='the examples built plain exit 0')
    mode.add_argument('--self-test', action='store_true',
                      help="the driver's own tests")
    mode.add_argument('--list', action='store_true', help='list the examples')
    ap.add_argument('names', nargs='*', metavar='NAME|FILE',
                    help='programs (default: every example)')
    ap.add_argument('--via', choices=('ravel-run', 'program'),
                    help='how a program built with --bin runs: under '
                    '`ravel run` [default], or itself with RAVEL_OPTIONS '
                    '(always so with --exe)')
    ap.add_argument('--examples', default=EXAMPLES, help='examples directory')
    ap.add_argument('--work', help='build directory '
                    '(default: a temporary one)')
    ap.add_argument('--timeout', type=int,
                    help='seconds per run [900 under ravel run, else 120]')
    ap.add_argument('--json', help='also write the results as JSON here')
    args = ap.parse_args()
    via = 'program' if args.exe else (args.via or 'ravel-run')
    if args.via and not (args.bin or args.exe):
        ap.error('--via needs --bin or --exe')
    if args.exe and args.via == 'ravel-run':
        ap.error('--exe runs the program itself (--via program)')
    if args.exe and len(args.names) != 1:
        ap.error('--exe needs exactly one FILE, its source')
    timeout = args.timeout or (900 if via == 'ravel-run' else 120)

    if args.self_test:
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(SelfTest)
        ok = unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful()
        return 0 if ok else 1

    paths = example_paths(args.examples)
    if args.names:
        by_name = {os.path.basename(p): p for p in paths}
        by_stem = {n.rsplit('.', 1)[0]: p for n, p in by_name.items()}
        chosen = []
        for n in args.names:
            p = n if os.path.isfile(n) else by_name.get(n) or by_stem.get(n)
            if not p:
                print('expect: no file %s, and no example %s in %s' %
                      (n, n, args.examples), file=sys.stderr)
                return 2
            chosen.append(p)
        paths = chosen
    try:
        contracts = [Contract(p) for p in paths]
    except ContractError as e:
        print('expect: %s' % e, file=sys.stderr)
        return 2
    if args.list:
        for c in contracts:
            print(c.name)
        return 0

    work = args.work or tempfile.mkdtemp(prefix='ravel-expect-')
    os.makedirs(work, exist_ok=True)
    try:
        if args.bin or args.exe:
            tools = ('ravel-cc', 'ravel-c++') + (
                ('ravel',) if via == 'ravel-run' else ())
            for tool in tools if args.bin else ():
                if not os.path.exists(os.path.join(args.bin, tool)):
                    print('expect: %s not found in %s; build ravel '
                          'first (scripts/build.sh)' % (tool, args.bin),
                          file=sys.stderr)
                    return 2
            pipeline = RavelPipeline(args.bin, work, timeout, via, args.exe)
            check = pipeline.check
        elif args.tsan:
            def check(c):
                return check_tsan(c, work, min(timeout, 120))
        else:
            def check(c):
                return check_plain(c, work, min(timeout, 60))
        results = []
        for c in contracts:
            # ThreadSanitizer names no source expressions: sites only.
            results.append(evaluate(c, check, check_variable=not args.tsan))
            if len(contracts) > 1:
                print('%-28s %s' % (c.name, results[-1].status),
                      file=sys.stderr, flush=True)
        print_table(results)
        if args.json:
            with open(args.json, 'w') as f:
                json.dump([r._asdict() for r in results], f, indent=2)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    statuses = set(r.status for r in results)
    if statuses & {'FAIL', 'ERROR'}:
        return 1
    if len(results) == 1 and statuses <= {'SKIP', 'NEEDS-SCHEDULER'}:
        return SKIP
    return 0


if __name__ == '__main__':
    sys.exit(main())

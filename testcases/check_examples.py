#!/usr/bin/python3
"""Builds the bundled examples, runs them under ravel and checks the findings
against each example's `// EXPECT:` lines (grammar: testcases/README.md).

Modes (stdlib only, no network):
  check_examples.py --bin BUILD/bin [NAME...]   ravel pipeline: build with
      ravel-cc/ravel-c++, `ravel run <RAVEL-RUN> --report R -- ./prog`, compare
  check_examples.py --tsan [NAME...]             cross-check the examples with
      ThreadSanitizer (clang -fsanitize=thread): data races and lock-order
      inversions of the natively scheduled examples, clean fixed variants
  check_examples.py --plain [NAME...]            build plain, run, and check the
      program terminates with status 0 (the "normal run")
  check_examples.py --self-test                  unit tests of the parser and
      the comparison, on fixture findings
  check_examples.py --list                       example names, one a line

Prints a table (example, expected, found, false positives, false negatives,
status) and exits 1 on any mismatch, 0 when all match. With exactly one NAME
it exits 77 (ctest SKIP_RETURN_CODE) when the example cannot be run yet: the
ravel pipeline is not part of the build, or the example needs a controlled
schedule (pct/random) and the runtime does not accept one.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ('data-race', 'potential-deadlock', 'deadlock', 'mutex-misuse',
         'crash', 'failure', 'hang')
CONTROLLED = ('pct', 'random')
SKIP = 77

# ---------------------------------------------------------------------------
# Contract lines
# ---------------------------------------------------------------------------

Expectation = collections.namedtuple('Expectation',
                                     'kind variable sites text')
Site = collections.namedtuple('Site', 'file line')

_CONTRACT = re.compile(r'^\s*//\s*(EXPECT|EXPECT-MAYBE|RAVEL-RUN):(.*)$')
_SITES = re.compile(r'\(([^()]*)\)\s*$')
_SITE = re.compile(r'^([\w.+\-/]+):(\d+)$')


class ContractError(Exception):
    pass


def parse_site(text):
    m = _SITE.match(text.strip())
    if not m:
        raise ContractError('bad site %r (want FILE:LINE)' % text.strip())
    return Site(os.path.basename(m.group(1)), int(m.group(2)))


def parse_expect(body):
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
        sites = tuple(parse_site(s) for s in m.group(1).split(','))
        rest = rest[:m.start()].strip()
    if kind == 'data-race' and sites and len(sites) != 2:
        raise ContractError('a data race has exactly two sites: %r' % text)
    return Expectation(kind, rest or None, sites, text)


class Contract:
    """The EXPECT and RAVEL-RUN lines of one example."""

    def __init__(self, path, text=None):
        self.path = path
        self.name = os.path.basename(path)
        self.expectations = []
        self.maybe = []  # findings allowed, not required (EXPECT-MAYBE)
        self.clean = False
        self.run_options = []
        if text is None:
            with open(path, encoding='utf-8') as f:
                text = f.read()
        for number, line in enumerate(text.splitlines(), 1):
            m = _CONTRACT.match(line)
            if not m:
                continue
            try:
                if m.group(1) == 'RAVEL-RUN':
                    self.run_options += m.group(2).split()
                    continue
                e = parse_expect(m.group(2))
                if m.group(1) == 'EXPECT-MAYBE':
                    if e is None:
                        raise ContractError('EXPECT-MAYBE needs a finding')
                    self.maybe.append(e)
                    continue
            except ContractError as err:
                raise ContractError('%s:%d: %s' % (self.name, number, err))
            if e is None:
                self.clean = True
            else:
                self.expectations.append(e)
        if self.clean and self.expectations:
            raise ContractError('%s: `EXPECT: none` together with findings' %
                                self.name)
        if not self.clean and not self.expectations:
            raise ContractError('%s: no EXPECT line' % self.name)

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


def example_paths(directory=HERE):
    return sorted(
        os.path.join(directory, n) for n in os.listdir(directory)
        if n.endswith(('.c', '.cpp')))


# ---------------------------------------------------------------------------
# Comparison of findings with expectations
# ---------------------------------------------------------------------------


def frame_site(frame):
    return Site(os.path.basename(str(frame.get('file', ''))),
                int(frame.get('line', 0)))


def innermost_sites(finding):
    sites = []
    for t in finding.get('threads') or []:
        stack = t.get('stack') or []
        if stack:
            sites.append(frame_site(stack[0]))
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


def matches(expect, finding, check_variable=True):
    """Whether one finding is what one EXPECT line describes.

    data-race: the two accesses' innermost frames, in any order.
    potential-deadlock, and deadlock with a lock cycle: the set of distinct
      acquisition sites (holds_at and acquires_at) of the cycle.
    mutex-misuse: the set of the threads' innermost frames.
    crash, failure, hang, deadlock without a cycle (lost wake-up, join):
      every listed site appears in some frame or event of some thread.
    No sites listed: any finding of the kind. A variable, when given, must be
    the source text of one of the threads' accesses (or of a cycle's lock).
    """
    if finding.get('kind') != expect.kind:
        return False
    if check_variable and expect.variable and \
            expect.variable not in variables(finding):
        return False
    if not expect.sites:
        return True
    want = expect.sites
    if expect.kind == 'data-race':
        return sorted(want) == sorted(innermost_sites(finding))
    if expect.kind in ('potential-deadlock', 'deadlock') and \
            finding.get('cycle'):
        return set(want) == cycle_sites(finding)
    if expect.kind == 'mutex-misuse':
        return set(want) == set(innermost_sites(finding))
    return set(want) <= all_sites(finding)


def race_pairs(finding):
    """The site pairs of a finding, each as a finding of its own.

    `ravel run` groups the data races on one variable into one finding with
    a `pairs` list (docs/report-format.md); each pair is compared with the
    EXPECT lines like a race of its own, and remembers its group's id.
    Anything else (another kind, an older report) is one unit itself.
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
                                    'line': site.get('line', 0)}]}
                        for site in p.get('sites') or []]})
    return units


def describe(finding):
    kind = finding.get('kind', '?')
    if kind in ('potential-deadlock', 'deadlock') and finding.get('cycle'):
        sites = sorted(cycle_sites(finding))
    else:
        sites = innermost_sites(finding)
    names = sorted(variables(finding)) if kind == 'data-race' else []
    text = kind + (' ' + names[0] if names else '')
    if sites:
        text += ' (%s)' % ', '.join('%s:%d' % s for s in sites)
    return text


Comparison = collections.namedtuple('Comparison',
                                    'false_negatives false_positives')


def compare(contract, findings, check_variable=True):
    """Every EXPECT line needs a finding; every finding needs an EXPECT line.

    A grouped data race is compared pair by pair (race_pairs): each pair
    must match an EXPECT line, and the data-race EXPECT lines that name the
    same variable must all match pairs of ONE finding (the races on one
    variable are one finding); a finding that splits them is reported as a
    false positive. Several findings may match one EXPECT line: the same
    pair of source lines reported as read/write and as write/write, or at
    two columns, is one bug at line granularity.
    """
    units = [u for f in findings for u in race_pairs(f)]
    fn = [e for e in contract.expectations
          if not any(matches(e, u, check_variable) for u in units)]
    fp = [u for u in units
          if not any(matches(e, u, check_variable)
                     for e in contract.expectations + contract.maybe)]
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


def expected_text(contract):
    text = 'none' if contract.clean else '; '.join(
        e.text for e in contract.expectations)
    for e in contract.maybe:
        text += '; maybe ' + e.text
    return text


def run(cmd, timeout, env=None, cwd=None):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, env=env,
                           cwd=cwd, universal_newlines=True, errors='replace')
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors='replace') if isinstance(
            e.stdout, bytes) else (e.stdout or '')
        err = e.stderr.decode(errors='replace') if isinstance(
            e.stderr, bytes) else (e.stderr or '')
        return None, out, err


def compile_flags(contract):
    std = '-std=gnu11' if contract.language == 'c' else '-std=c++17'
    return [std, '-g', '-O1', '-pthread']


def tail(text, lines=6):
    return ' | '.join(text.strip().splitlines()[-lines:])


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


class RavelPipeline:
    """ravel-cc/ravel-c++ and `ravel run` from a build's bin/ directory."""

    def __init__(self, bindir, work, timeout):
        self.bindir = os.path.abspath(bindir)
        self.work = work
        self.timeout = timeout
        self._controlled = None

    def tool(self, name):
        return os.path.join(self.bindir, name)

    def build(self, contract, out, extra_env=None):
        cc = self.tool('ravel-cc' if contract.language == 'c' else 'ravel-c++')
        env = dict(os.environ, **(extra_env or {}))
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
        exe = os.path.join(self.work, contract.name.rsplit('.', 1)[0])
        rc, out, err = self.build(contract, exe)
        if rc != 0:
            if PLACEHOLDER in err:
                return 'SKIP', 'ravel compiler wrappers not in this build', None
            return 'ERROR', 'build failed: ' + tail(err or out), None
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
        if rc not in (0, 1):
            return 'ERROR', 'ravel run exited %d: %s' % (rc, tail(err)), None
        try:
            with open(report, encoding='utf-8') as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            return 'ERROR', 'no readable report: %s' % e, None
        findings = doc.get('findings') or []
        note = ''
        if rc != (1 if findings else 0):
            note = 'exit status %d does not match %d findings' % (
                rc, len(findings))
        return None, note, findings


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
    return None, '', findings


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


def evaluate(contract, check, check_variable=True):
    status, note, findings = check(contract)
    if findings is None:
        return Result(contract.name, expected_text(contract), '-', '-', '-',
                      status, note)
    c = compare(contract, findings, check_variable)
    found = '; '.join(sorted(set(describe(u) for f in findings
                                 for u in race_pairs(f)))) or 'none'
    ok = not c.false_negatives and not c.false_positives and not note
    return Result(contract.name, expected_text(contract), found,
                  '; '.join(sorted(set(describe(f)
                                       for f in c.false_positives))) or '-',
                  '; '.join(e.text for e in c.false_negatives) or '-',
                  'OK' if ok else 'FAIL', note)


def print_table(results, out=sys.stdout):
    headers = ('example', 'expected', 'found', 'false positives',
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

    def test_duplicate_findings_on_same_lines_match_one_line(self):
        c = self.contract('// EXPECT: data-race hits (c.cpp:14, c.cpp:14)\n')
        fs = [_race('hits', ('c.cpp', 14), ('c.cpp', 14))] * 2
        self.assertEqual(compare(c, fs), Comparison([], []))

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
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument('--bin', help="a build's bin/ (ravel, ravel-cc, "
                      'ravel-c++)')
    mode.add_argument('--tsan', action='store_true')
    mode.add_argument('--plain', action='store_true')
    mode.add_argument('--self-test', action='store_true')
    mode.add_argument('--list', action='store_true')
    ap.add_argument('names', nargs='*', help='examples (default: all)')
    ap.add_argument('--examples', default=HERE, help='examples directory')
    ap.add_argument('--work', help='build directory for the examples '
                    '(default: a temporary one)')
    ap.add_argument('--timeout', type=int, default=900,
                    help='seconds per example run [900]')
    ap.add_argument('--json', help='also write the results as JSON here')
    args = ap.parse_args()

    if args.self_test:
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(SelfTest)
        ok = unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful()
        return 0 if ok else 1

    paths = example_paths(args.examples)
    if args.names:
        by_name = {os.path.basename(p): p for p in paths}
        by_stem = {n.rsplit('.', 1)[0]: p for n, p in by_name.items()}
        try:
            paths = [by_name.get(n) or by_stem[n] for n in args.names]
        except KeyError as e:
            print('check_examples: no example %s in %s' % (e, args.examples),
                  file=sys.stderr)
            return 2
    try:
        contracts = [Contract(p) for p in paths]
    except ContractError as e:
        print('check_examples: %s' % e, file=sys.stderr)
        return 2
    if args.list:
        for c in contracts:
            print(c.name)
        return 0

    work = args.work or tempfile.mkdtemp(prefix='ravel-examples-')
    os.makedirs(work, exist_ok=True)
    try:
        if args.bin:
            for tool in ('ravel', 'ravel-cc', 'ravel-c++'):
                if not os.path.exists(os.path.join(args.bin, tool)):
                    print('check_examples: %s not found in %s; build ravel '
                          'first (scripts/build.sh)' % (tool, args.bin),
                          file=sys.stderr)
                    return 2
            pipeline = RavelPipeline(args.bin, work, args.timeout)
            check = pipeline.check
        elif args.tsan:
            def check(c):
                return check_tsan(c, work, min(args.timeout, 120))
        else:
            def check(c):
                return check_plain(c, work, min(args.timeout, 60))
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

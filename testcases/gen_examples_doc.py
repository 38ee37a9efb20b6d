#!/usr/bin/python3
"""Regenerates docs/examples.md from the bundled examples.

  gen_examples_doc.py [--bin BUILD/bin] [--tsan] [-o docs/examples.md]

Per example: the story and interleaving (the example's own narrative
comment), its contract lines, the code, the fix (the fixed variant's comment
and a diff of the code), and -- with --bin and a ravel build that has the
pipeline -- the report ravel really prints for it (`ravel run`, then
`ravel report --format text`). Nothing in the output is written by hand.
"""

import argparse
import difflib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests'))
import expect as ce  # noqa: E402  (the `// EXPECT:` driver)


def split_header(path):
    """(contract lines, narrative lines, code lines) of an example."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    contract, narrative, i = [], [], 0
    while i < len(lines) and lines[i].startswith('//'):
        text = lines[i][2:]
        text = text[1:] if text.startswith(' ') else text
        if text.startswith(('EXPECT:', 'RAVEL-RUN:')):
            contract.append(lines[i])
        else:
            narrative.append(text)
        i += 1
    while narrative and not narrative[0].strip():
        narrative.pop(0)
    return contract, narrative, lines[i:]


def narrative_markdown(narrative):
    """Prose paragraphs stay prose; indented blocks (interleavings) become
    code blocks."""
    out, block = [], []

    def flush():
        if block:
            out.append('```')
            out.extend(block)
            out.append('```')
            block.clear()

    for line in narrative:
        if line.startswith('  ') and line.strip():
            block.append(line[2:])
            continue
        flush()
        out.append(line)
    flush()
    return '\n'.join(out).strip()


def split_raw(path):
    with open(path, encoding='utf-8') as f:
        return f.read().splitlines()


def title_lines(narrative):
    """The first paragraph of the narrative: the one-line lesson."""
    lines = []
    for line in narrative:
        if not line.strip():
            break
        lines.append(line)
    return lines


def title_of(narrative):
    return ' '.join(l.strip() for l in title_lines(narrative)).rstrip('.')


def numbered(code, first):
    """Source lines with their line numbers in the file, so that the sites
    of the EXPECT lines and reports can be found."""
    return '\n'.join('%3d  %s' % (first + i, l) for i, l in enumerate(code))


def fence(lang, text):
    return '```%s\n%s\n```' % (lang, text.rstrip())


def ravel_report(bindir, contract, work):
    """The text report of `ravel run` on the example, or why there is none."""
    pipeline = ce.RavelPipeline(bindir, work, 900)
    if contract.needs_scheduler and pipeline.controlled_schedules():
        return None, ('not generated yet: this example needs a controlled '
                      'schedule (%s), which this build cannot run yet' %
                      contract.schedule)
    exe = os.path.join(work, contract.name.rsplit('.', 1)[0])
    rc, out, err = pipeline.build(contract, exe)
    if rc != 0:
        return None, 'not generated: building with ravel failed (%s)' % \
            ce.tail(err or out, 2)
    report = exe + '.json'
    cmd = [pipeline.tool('ravel'), 'run'] + contract.run_options + [
        '--quiet', '--report', report, '--', exe]
    rc, out, err = ce.run(cmd, 900, cwd=work)
    if rc not in (0, 1) or not os.path.exists(report):
        return None, 'not generated: `ravel run` exited %s (%s)' % (
            rc, ce.tail(err, 2))
    # From the project root, so that the report can quote source lines.
    rc, text, err = ce.run([pipeline.tool('ravel'), 'report', report,
                            '--format', 'text'], 120, cwd=ROOT)
    if rc not in (0, 1):
        return None, 'not generated: `ravel report` exited %s (%s)' % (
            rc, ce.tail(err, 2))
    shown = 'ravel run %s -- ./%s' % (' '.join(contract.run_options),
                                      os.path.basename(exe))
    # Paths of this checkout (assert() prints the absolute source path) are
    # shown relative to the project root, as a reader's checkout has them.
    text = text.replace(work + '/', '').replace(ROOT + '/', '')
    return '$ %s\n%s' % (shown, text), None


def tsan_summary(contract, work):
    status, note, runs = ce.check_tsan(contract, work, 120)
    if runs is None:
        return '*(ThreadSanitizer cross-check: %s)*' % note
    findings = runs[0].findings
    c = ce.compare(contract, findings, check_variable=False)
    found = sorted(set(ce.describe(f) for f in findings)) or ['no findings']
    verdict = 'agrees with the EXPECT lines' if not (
        c.false_negatives or c.false_positives) else 'DISAGREES'
    return ('ThreadSanitizer (`clang-19 -fsanitize=thread`, 3 native runs) '
            'on the same program %s:\n\n%s' % (
                verdict, '\n'.join('- `%s`' % f for f in found)))


def section(path, bindir, work, with_tsan):
    c = ce.Contract(path)
    contract, narrative, code = split_header(path)
    fixed_path = path.replace('.c', '_fixed.c') if path.endswith('.c') else \
        path.replace('.cpp', '_fixed.cpp')
    _, fixed_narr, fixed_code = split_header(fixed_path)
    lang = 'c' if c.language == 'c' else 'cpp'
    title = title_of(narrative)
    first_code_line = len(split_raw(path)) - len(code) + 1
    out = ['## %s — %s' % (c.name, title), '']
    out.append(narrative_markdown(narrative[len(title_lines(narrative)):]))
    out += ['', 'What ravel must report (checked by '
            '`tests/expect.py`):', '', fence('', '\n'.join(
                contract)), '']
    out += ['<details><summary>%s</summary>' % c.name, '',
            fence(lang, numbered(code, first_code_line)), '',
            '</details>', '']
    out += ['### The fix: %s' % os.path.basename(fixed_path), '']
    fixed_lines = [l for l in fixed_narr
                   if not l.startswith('Fixed variant of')]
    out += [narrative_markdown(fixed_lines), '']
    diff = difflib.unified_diff(code, fixed_code, c.name,
                                os.path.basename(fixed_path), lineterm='', n=2)
    out += [fence('diff', '\n'.join(diff)), '']
    out += ['### What ravel reports', '']
    if bindir:
        text, why = ravel_report(bindir, c, work)
    else:
        text, why = None, 'not generated: run with --bin BUILD/bin'
    if text:
        out.append(fence('', text))
    else:
        out.append('*(%s)*' % why)
    out.append('')
    if with_tsan:
        out += [tsan_summary(c, work), '']
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bin', help="a build's bin/ with ravel, ravel-cc, "
                    'ravel-c++')
    ap.add_argument('--tsan', action='store_true',
                    help='add the ThreadSanitizer cross-check of each example')
    ap.add_argument('-o', '--output',
                    default=os.path.join(ROOT, 'docs', 'examples.md'))
    args = ap.parse_args()
    paths = [p for p in ce.example_paths(HERE)
             if not p.rsplit('.', 1)[0].endswith('_fixed')]
    parts = ['# The bundled examples', '',
             '<!-- Generated by testcases/gen_examples_doc.py; do not edit. '
             '-->', '',
             'Small programs, each teaching one concurrency bug, each '
             'with a fixed variant that must come out clean. The contract '
             'lines, the test driver and how to add an example are described '
             'in [testcases/README.md](../testcases/README.md). Run them all '
             'with `tests/expect.py --bin build/bin`.', '']
    parts += ['| example | bug | expected |', '|---|---|---|']
    for p in paths:
        c = ce.Contract(p)
        _, narr, _ = split_header(p)
        anchor = ''.join(ch for ch in ('%s — %s' % (
            c.name, title_of(narr))).lower().replace(' ', '-')
            if ch.isalnum() or ch in '-_')
        parts.append('| [%s](#%s) | %s | %s |' % (
            c.name, anchor, title_of(narr).replace('|', '\\|'),
            ce.expected_text(c).replace('|', '\\|')))
    parts.append('')
    with tempfile.TemporaryDirectory(prefix='ravel-doc-') as work:
        for p in paths:
            parts.append(section(p, args.bin, work, args.tsan))
            print('documented %s' % os.path.basename(p), file=sys.stderr)
    with open(args.output, 'w', encoding='utf-8') as f:
        f.write('\n'.join(parts).rstrip() + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env bash
# Runs the benchmark workloads side by side -- uninstrumented, ThreadSanitizer,
# Helgrind and (with --bin) ravel in native, noise and pct mode -- and reports
# ratios to the uninstrumented run: median wall time and peak RSS of REPS runs,
# interleaved (every repetition runs every variant once, in a rotating order,
# so machine drift hits all variants alike).
#
# usage: bench/run_benchmarks.sh [--reps N] [--helgrind-reps M] [--bin DIR]
#                                [--out DIR] [--only "matmul cache ..."]
#                                [--doc docs/benchmarks.md]
#   --reps N           repetitions per variant [5]
#   --helgrind-reps M  repetitions for Helgrind, which is ~100x slower [1]
#   --bin DIR          a ravel build's bin/ (adds the ravel columns)
#   --out DIR          where binaries and raw results go [bench-results]
#   --only LIST        a subset of the workloads
#   --doc FILE         also write the markdown report to FILE
#   --summarize-only   only rewrite the report from the raw results in OUT
# Outputs OUT/results.tsv (one line per run) and OUT/report.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
reps=5 hg_reps=1 bin="" out="bench-results" doc="" summarize_only=0
workloads="matmul wordcount pipeline cache mpmc kvstore compress tiny"
cmdline="bench/run_benchmarks.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
  --reps) reps=$2; shift 2 ;;
  --helgrind-reps) hg_reps=$2; shift 2 ;;
  --bin) bin="$(cd "$2" && pwd)"; shift 2 ;;
  --out) out=$2; shift 2 ;;
  --only) workloads=$2; shift 2 ;;
  --doc) doc=$2; shift 2 ;;
  --summarize-only) summarize_only=1; shift ;;
  -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
  *) echo "run_benchmarks.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in /usr/bin/time valgrind clang-19 clang++-19; do
  if ! command -v "$tool" >/dev/null; then
    echo "run_benchmarks.sh: $tool is missing; run scripts/setup.sh" >&2
    exit 2
  fi
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
bench_bin="$out/bin"
if [ $summarize_only -eq 0 ]; then
echo "$cmdline" >"$out/command.txt"
date -u '+%Y-%m-%d %H:%M UTC' >"$out/date.txt"
"$here/workloads/build.sh" "$bench_bin" ${bin:+"$bin"}

variants=(plain tsan helgrind)
if [ -x "$bench_bin/ravel/tiny" ]; then
  variants+=(ravel-native)
fi
# The stress schedules run at small inputs (small_args): noise delays and the
# controlled schedules' one-thread-at-a-time steps cost microseconds per
# scheduling point, so the full inputs would take hours. They get their own
# table, against plain (and native, TSan) runs at the same small inputs.
small_variants=(plain tsan)
if [ -x "$bench_bin/ravel/tiny" ]; then
  small_variants+=(ravel-native ravel-noise ravel-pct)
fi
small_args() {
  case "$1" in
  matmul) echo 48 ;; wordcount) echo 20000 ;; pipeline) echo 5000 ;;
  cache) echo 20000 ;; mpmc) echo 20000 ;; kvstore) echo 2000 ;;
  compress) echo 2 2 64 16 ;; *) echo ;;
  esac
}

# run_one VARIANT WORKLOAD SUFFIX [ARGS...] -> prints
# "seconds<TAB>max_rss_kb<TAB>status"
run_one() {
  local variant=$1 exe=$2$3 cmd=() stats status start end rss
  shift 3
  case "$variant" in
  plain) cmd=("$bench_bin/plain/$exe") ;;
  tsan) cmd=(env TSAN_OPTIONS=exitcode=0 "$bench_bin/tsan/$exe") ;;
  helgrind) cmd=(valgrind --tool=helgrind -q --error-exitcode=0
    "$bench_bin/plain/$exe") ;;
  ravel-*) cmd=(env "RAVEL_OPTIONS=schedule=${variant#ravel-} exitcode=0"
    "$bench_bin/ravel/$exe") ;;
  esac
  stats="$(mktemp)"
  status=0
  # Wall time from the nanosecond clock (time's %e has 10 ms resolution);
  # peak RSS from GNU time.
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$stats" "${cmd[@]}" "$@" >/dev/null 2>"$stats.err" ||
    status=$?
  end=$(date +%s.%N)
  rss=$(tail -n 1 "$stats") # after "Command exited with ..." if it failed
  rm -f "$stats" "$stats.err"
  awk -v s="$start" -v e="$end" -v m="$rss" -v st="$status" \
    'BEGIN { printf "%.4f\t%s\t%s\n", e - s, m, st }'
}

results="$out/results.tsv"
printf 'workload\tvariant\trep\tseconds\tmax_rss_kb\tstatus\n' >"$results"
n=${#variants[@]}
for rep in $(seq 1 "$reps"); do
  for w in $workloads; do
    for i in $(seq 0 $((n - 1))); do
      v=${variants[$(((i + rep) % n))]} # rotate the order every repetition
      if [ "$v" = helgrind ] && [ "$rep" -gt "$hg_reps" ]; then
        continue
      fi
      printf '%s\t%s\t%s\t%s\n' "$w" "$v" "$rep" "$(run_one "$v" "$w" "")" \
        >>"$results"
    done
  done
  echo "run_benchmarks.sh: repetition $rep of $reps done" >&2
done

small="$out/results-small.tsv"
printf 'workload\tvariant\trep\tseconds\tmax_rss_kb\tstatus\n' >"$small"
n=${#small_variants[@]}
for rep in $(seq 1 "$reps"); do
  for w in $workloads; do
    for i in $(seq 0 $((n - 1))); do
      v=${small_variants[$(((i + rep) % n))]}
      # shellcheck disable=SC2046 # small_args is a word list
      printf '%s\t%s\t%s\t%s\n' "$w" "$v" "$rep" \
        "$(run_one "$v" "$w" "" $(small_args "$w"))" >>"$small"
    done
  done
done
echo "run_benchmarks.sh: small inputs done" >&2

# Many short runs: the tiny program run back to back.
short="$out/short-runs.tsv"
printf 'variant\truns\tseconds\n' >"$short"
short_runs=200
for v in plain tsan; do
  start=$(date +%s.%N)
  for _ in $(seq $short_runs); do
    env TSAN_OPTIONS=exitcode=0 "$bench_bin/$v/tiny" >/dev/null
  done
  end=$(date +%s.%N)
  awk -v v="$v" -v n=$short_runs -v s="$start" -v e="$end" \
    'BEGIN { printf "%s\t%d\t%.3f\n", v, n, e - s }' >>"$short"
done
if [ -n "$bin" ] && [ -x "$bench_bin/ravel/tiny" ]; then
  # The native schedule until the runtime accepts controlled ones.
  for sched in native pct; do
    start=$(date +%s.%N)
    status=0
    "$bin/ravel" run --runs 1000 --schedule $sched --quiet \
      --report "$out/tiny-report.json" -- "$bench_bin/ravel/tiny" \
      >/dev/null 2>"$out/tiny-ravel-run.err" || status=$?
    end=$(date +%s.%N)
    if [ $status -le 1 ]; then
      awk -v s="$start" -v e="$end" -v m=$sched 'BEGIN {
        printf "ravel run --runs 1000 --schedule %s\t1000\t%.3f\n", m, e - s }' \
        >>"$short"
    fi
  done
fi

# Detection sanity: each tool on the planted-race variants, at small sizes
# (finding the race needs no large input). Raw outputs go to OUT/detect/.
detect_args() {
  case "$1" in
  matmul) echo 256 ;; wordcount) echo 200000 ;; pipeline) echo 20000 ;;
  cache) echo 200000 ;; mpmc) echo 200000 ;; kvstore) echo 5000 ;;
  compress) echo 4 ;; *) echo ;;
  esac
}
mkdir -p "$out/detect"
for w in $workloads; do
  args=$(detect_args "$w")
  # shellcheck disable=SC2086 # args is a word list
  TSAN_OPTIONS=exitcode=0 "$bench_bin/tsan/$w.race" $args \
    >/dev/null 2>"$out/detect/$w.tsan.txt" || true
  if [ "$hg_reps" -gt 0 ]; then
    # shellcheck disable=SC2086
    valgrind --tool=helgrind "$bench_bin/plain/$w.race" $args \
      >/dev/null 2>"$out/detect/$w.helgrind.txt" || true
  fi
  if [ -x "$bench_bin/ravel/$w.race" ]; then
    rm -f "$out/detect/$w.ravel.jsonl"
    # shellcheck disable=SC2086
    env "RAVEL_OPTIONS=exitcode=0 report=$out/detect/$w.ravel.jsonl" \
      "$bench_bin/ravel/$w.race" $args >/dev/null 2>&1 || true
  fi
done

fi # summarize_only

python3 - "$out" "$doc" "$root" <<'PY'
import collections, csv, os, platform, statistics, subprocess, sys, time
out, doc, root = sys.argv[1:4]
cmdline = open(os.path.join(out, 'command.txt')).read()
when = open(os.path.join(out, 'date.txt')).read().strip()
rows = list(csv.DictReader(open(os.path.join(out, 'results.tsv')), delimiter='\t'))
by = collections.defaultdict(list)
for r in rows:
    by[(r['workload'], r['variant'])].append(r)
workloads = list(dict.fromkeys(r['workload'] for r in rows))
variants = [v for v in ('tsan', 'helgrind', 'ravel-native')
            if any(k[1] == v for k in by)]
def med(w, v, key):
    vals = [float(r[key]) for r in by.get((w, v), []) if r['status'] == '0']
    return statistics.median(vals) if vals else None
def ratio(a, b):
    return '%.1f×' % (a / b) if a is not None and b else 'n/a'
cpu = 'unknown CPU'
try:
    for line in open('/proc/cpuinfo'):
        if line.startswith('model name'):
            cpu = line.split(':', 1)[1].strip(); break
except OSError:
    pass
lines = ['# Benchmarks', '',
         '<!-- Generated by bench/run_benchmarks.sh; do not edit. -->', '',
         'Machine: %s, %d cores, %s. Date: %s.' % (
             cpu, os.cpu_count(), platform.platform(), when),
         'Command: `%s`.' % cmdline.strip(), '',
         'Slowdown = median wall time / median uninstrumented wall time; '
         'memory = median peak RSS / uninstrumented. Runs are interleaved. '
         'The uninstrumented time is given only to show the scale. '
         'n/a: no successful run of that variant (e.g. the runtime of that '
         'build rejects the schedule; see OUT/results.tsv for the status).', '',
         '| workload | plain s | ' + ' | '.join('%s time' % v for v in variants) +
         ' | ' + ' | '.join('%s mem' % v for v in variants) + ' |',
         '|---|---|' + '---|' * (2 * len(variants))]
for w in workloads:
    base_t, base_m = med(w, 'plain', 'seconds'), med(w, 'plain', 'max_rss_kb')
    cells = ['%.4f' % base_t if base_t is not None else 'n/a']
    cells += [ratio(med(w, v, 'seconds'), base_t) for v in variants]
    cells += [ratio(med(w, v, 'max_rss_kb'), base_m) for v in variants]
    lines.append('| %s | %s |' % (w, ' | '.join(cells)))
lines += ['', 'ravel-native / TSan (time, memory): ' + ', '.join(
    '%s %s, %s' % (w, ratio(med(w, 'ravel-native', 'seconds'), med(w, 'tsan', 'seconds')),
                   ratio(med(w, 'ravel-native', 'max_rss_kb'), med(w, 'tsan', 'max_rss_kb')))
    for w in workloads) + '.']
small_path = os.path.join(out, 'results-small.tsv')
if os.path.exists(small_path):
    srows = list(csv.DictReader(open(small_path), delimiter='\t'))
    sby = collections.defaultdict(list)
    for r in srows:
        sby[(r['workload'], r['variant'])].append(r)
    def smed(w, v, key):
        vals = [float(r[key]) for r in sby.get((w, v), []) if r['status'] == '0']
        return statistics.median(vals) if vals else None
    svariants = [v for v in ('tsan', 'ravel-native', 'ravel-noise', 'ravel-pct')
                 if any(k[1] == v for k in sby)]
    lines += ['', '## Stress schedules (small inputs)', '',
              'The same workloads at small inputs (matmul 48, wordcount and '
              'cache 20000, pipeline 5000, mpmc 20000 items, kvstore 2000 '
              'operations per thread, compress 2 blocks of 16 KiB), where process '
              'start-up is a large part of the plain time. `noise` delays '
              'threads at random scheduling points; `pct` runs one thread at '
              'a time and hands the turn over at every step it chooses '
              '(with the default step estimate, no `steps_hint`), so its cost '
              'is per scheduling point, not per instruction.', '',
              '| workload | plain s | ' + ' | '.join('%s time' % v for v in svariants) + ' |',
              '|---|---|' + '---|' * len(svariants)]
    for w in workloads:
        base = smed(w, 'plain', 'seconds')
        cells = ['%.4f' % base if base is not None else 'n/a']
        cells += [ratio(smed(w, v, 'seconds'), base) for v in svariants]
        lines.append('| %s | %s |' % (w, ' | '.join(cells)))
short = list(csv.DictReader(open(os.path.join(out, 'short-runs.tsv')), delimiter='\t'))
lines += ['', '## Many short runs (tiny)', '', '| variant | runs | runs/s |', '|---|---|---|']
for r in short:
    lines.append('| %s | %s | %.0f |' % (r['variant'], r['runs'], int(r['runs']) / max(float(r['seconds']), 1e-9)))
sys.path.insert(0, os.path.join(root, 'tests'))
import expect as ce
lines += ['', '## Planted races (-DRAVEL_PLANT_RACE)', '',
          'Each tool on the planted-race variant of each workload (small input '
          'sizes). *found*: a data race reported at exactly the sites of the '
          'workload PLANTED line; *other sites*: race reports, but not at '
          'those lines (e.g. a frame without line information); in '
          'parentheses the number of race reports.', '',
          '| workload | planted race | ThreadSanitizer | Helgrind | ravel native |',
          '|---|---|---|---|---|']
def verdict(found, reports):
    if found:
        return 'found (%d)' % reports
    return 'other sites (%d)' % reports if reports else 'missed (0)'
for w in workloads:
    src = [n for n in os.listdir(os.path.join(root, 'bench', 'workloads'))
           if n.rsplit('.', 1)[0] == w and n.endswith(('.c', '.cpp'))][0]
    first = open(os.path.join(root, 'bench', 'workloads', src)).readline()
    planted = ce.parse_expect(first.split('PLANTED:', 1)[1])
    contract = ce.Contract(src, '// EXPECT: ' + planted.text + '\n')
    cells = []
    tsan = os.path.join(out, 'detect', w + '.tsan.txt')
    if os.path.exists(tsan):
        fs = [f for f in ce.parse_tsan(open(tsan).read(), src) if f['kind'] == 'data-race']
        ok = any(ce.matches(planted, f, check_variable=False) for f in fs)
        cells.append(verdict(ok, len(fs)))
    else:
        cells.append('n/a')
    hg = os.path.join(out, 'detect', w + '.helgrind.txt')
    if os.path.exists(hg):
        text = open(hg).read()
        n = text.count('Possible data race')
        ok = all('(%s:%d)' % (s.file, s.line) in text for s in planted.sites)
        cells.append(verdict(ok and n, n))
    else:
        cells.append('n/a')
    rv = os.path.join(out, 'detect', w + '.ravel.jsonl')
    if os.path.exists(rv):
        import json
        fs = [json.loads(l) for l in open(rv) if l.strip()]
        races = [f for f in fs if f.get('kind') == 'data-race']
        ok = any(ce.matches(planted, f) for f in races)
        cells.append(verdict(ok, len(races)))
    else:
        cells.append('n/a')
    lines.append('| %s | `%s` | %s |' % (w, planted.text, ' | '.join(cells)))
text = '\n'.join(lines) + '\n'
open(os.path.join(out, 'report.md'), 'w').write(text)
if doc:
    # Sections written by other benchmark scripts (bench/schedules/run.py)
    # follow the marker line and are kept.
    marker = '<!-- Sections below are not generated by bench/run_benchmarks.sh. -->'
    kept = ''
    if os.path.exists(doc):
        old = open(doc).read()
        if marker in old:
            kept = '\n' + old[old.index(marker):]
    open(doc, 'w').write(text + kept)
print(text)
PY

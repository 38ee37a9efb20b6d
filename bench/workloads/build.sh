#!/usr/bin/env bash
# Builds every benchmark workload into OUT/<variant>/<workload>[.race]:
#   plain  clang-19/clang++-19 -O2             (also what Helgrind runs)
#   tsan   the same plus -fsanitize=thread
#   ravel  ravel-cc/ravel-c++ -O2, when BIN (a ravel build's bin/) is given
#          and its compiler wrappers work; skipped with a note otherwise
# Each workload also gets a planted-race variant, <workload>.race, built with
# -DRAVEL_PLANT_RACE (the race is named on the workload's PLANTED line).
# Compile times go to OUT/build-times.tsv (variant, workload, seconds).
#
# usage: bench/workloads/build.sh OUT [BIN]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 OUT [RAVEL_BIN_DIR]" >&2
  exit 2
fi
out="$(mkdir -p "$1" && cd "$1" && pwd)"
bin="${2:-}"
workloads=(matmul wordcount pipeline cache mpmc kvstore compress tiny)
common=(-O2 -g -pthread)
times="$out/build-times.tsv"
printf 'variant\tworkload\tseconds\n' >"$times"

source_of() {
  if [ -f "$here/$1.cpp" ]; then echo "$here/$1.cpp"; else echo "$here/$1.c"; fi
}

# compile VARIANT WORKLOAD SUFFIX COMPILER FLAGS...
compile() {
  local variant=$1 name=$2 suffix=$3 compiler=$4
  shift 4
  local src std start end
  src="$(source_of "$name")"
  case "$src" in *.cpp) std=-std=c++17 ;; *) std=-std=gnu11 ;; esac
  mkdir -p "$out/$variant"
  start=$(date +%s.%N)
  "$compiler" "$std" "${common[@]}" "$@" "$src" -o "$out/$variant/$name$suffix"
  end=$(date +%s.%N)
  awk -v v="$variant" -v n="$name$suffix" -v s="$start" -v e="$end" \
    'BEGIN { printf "%s\t%s\t%.3f\n", v, n, e - s }' >>"$times"
}

compiler_for() { # VARIANT SOURCE
  case "$1:$2" in
  ravel:*.cpp) echo "$bin/ravel-c++" ;;
  ravel:*) echo "$bin/ravel-cc" ;;
  *:*.cpp) echo clang++-19 ;;
  *) echo clang-19 ;;
  esac
}

variants=(plain tsan)
if [ -n "$bin" ]; then
  probe="$out/.probe.c"
  echo 'int main(void) { return 0; }' >"$probe"
  if "$bin/ravel-cc" -O2 "$probe" -o "$out/.probe" 2>"$out/.probe.err"; then
    variants+=(ravel)
  else
    echo "build.sh: skipping the ravel variant: $bin/ravel-cc cannot build a" \
      "trivial program ($(tail -1 "$out/.probe.err"))" >&2
  fi
  rm -f "$probe" "$out/.probe" "$out/.probe.err"
fi

for variant in "${variants[@]}"; do
  extra=()
  [ "$variant" = tsan ] && extra=(-fsanitize=thread)
  for name in "${workloads[@]}"; do
    cc="$(compiler_for "$variant" "$(source_of "$name")")"
    compile "$variant" "$name" "" "$cc" "${extra[@]}"
    compile "$variant" "$name" .race "$cc" "${extra[@]}" -DRAVEL_PLANT_RACE
  done
  echo "build.sh: built $variant into $out/$variant" >&2
done

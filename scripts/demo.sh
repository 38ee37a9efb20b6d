#!/usr/bin/env bash
# Sets everything up, builds ravel, and runs it over the bundled buggy
# examples (testcases/): each example is built with ravel-cc/ravel-c++ and
# run under `ravel run` with the options its RAVEL-RUN lines give, which
# prints every finding; then the fixed variants are checked too and a table
# of expected vs found findings closes the run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RAVEL_BUILD_DIR:-$here/build}"
"$here/scripts/build.sh"

bin="$build/bin"
out="$build/demo"
rm -rf "$out"
mkdir -p "$out"

for src in "$here"/testcases/*.c "$here"/testcases/*.cpp; do
  name="$(basename "$src")"
  stem="${name%.*}"
  case "$stem" in *_fixed) continue ;; esac
  case "$name" in *.c) cc="$bin/ravel-cc" ;; *) cc="$bin/ravel-c++" ;; esac
  opts="$(sed -n 's|^// RAVEL-RUN:||p' "$src" | tr '\n' ' ')"
  echo
  echo "################ $name"
  sed -n 's|^// EXPECT:|  expected:|p' "$src"
  (cd "$here/testcases" && "$cc" -g -O1 -o "$out/$stem" "$name")
  # shellcheck disable=SC2086 # RAVEL-RUN options are words
  rc=0
  (cd "$out" && "$bin/ravel" run $opts --quiet --report "$stem.json" \
     -- "./$stem" >"$stem.run.log" 2>&1) || rc=$?
  if [ "$rc" -ge 2 ]; then
    cat "$out/$stem.run.log" >&2
    exit "$rc"
  fi
  "$bin/ravel" report "$out/$stem.json" --format text
done

echo
echo "################ every example and its fixed variant, checked"
/usr/bin/python3 "$here/tests/expect.py" --bin "$bin" --work "$out/check"

#!/bin/sh
# Semantic test: FILE built plainly with clang and with the ravel wrapper must
# print the same output and exit with the same status. Flags: `// FLAGS:`.
#   run-semantic.sh RAVEL_BIN_DIR CLANG CLANGXX FILE
set -eu
bin=$1 clang=$2 clangxx=$3 file=$4
flags=$(sed -n 's|^// FLAGS: *||p' "$file" | head -n 1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
case "$file" in
*.c) plain=$clang wrapped=$bin/ravel-cc ;;
*) plain=$clangxx wrapped=$bin/ravel-c++ ;;
esac
# shellcheck disable=SC2086
"$plain" $flags "$file" -o "$out/plain"
# shellcheck disable=SC2086
"$wrapped" $flags "$file" -o "$out/ravel"
set +e
"$out/plain" >"$out/plain.out" 2>&1
plain_rc=$?
"$out/ravel" >"$out/ravel.out" 2>"$out/ravel.err"
ravel_rc=$?
set -e
if ! grep -q __ravel_runtime_marker "$out/ravel" 2>/dev/null &&
  ! nm "$out/ravel" | grep -q __ravel_register_tu; then
  echo "the wrapped build is not instrumented" >&2
  exit 1
fi
if [ "$plain_rc" != "$ravel_rc" ] || ! cmp -s "$out/plain.out" "$out/ravel.out"; then
  echo "plain (exit $plain_rc):" >&2
  cat "$out/plain.out" >&2
  echo "instrumented (exit $ravel_rc):" >&2
  cat "$out/ravel.out" "$out/ravel.err" >&2
  exit 1
fi
if [ -s "$out/ravel.err" ]; then
  echo "instrumented run reported:" >&2
  cat "$out/ravel.err" >&2
  exit 1
fi
cat "$out/plain.out"

#!/bin/sh
# Golden test driver: rewrites FILE with `ravel instrument`, checks the output
# (rewritten source, then the --stats counts) against FILE's CHECK lines, and
# checks that the output compiles. Compile flags come from a `// FLAGS:` line.
#   run-golden.sh RAVEL FILECHECK CLANG FILE
set -eu
ravel=$1 filecheck=$2 clang=$3 file=$4
dir=$(dirname "$file")
flags=$(sed -n "s|^// FLAGS: *||p" "$file" | head -n 1 | sed "s|%S|$dir|g")
extra=$(sed -n "s|^// RAVEL-ARGS: *||p" "$file" | head -n 1 | sed "s|%S|$dir|g")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
case "$file" in
*.c) lang=cpp-output ;;
*) lang=c++-cpp-output ;;
esac
# shellcheck disable=SC2086
"$ravel" instrument --stats --root "$dir" $extra "$file" -- $flags \
  >"$out/rewritten" 2>"$out/stats"
cat "$out/rewritten" "$out/stats" | "$filecheck" "$file"
# shellcheck disable=SC2086
"$clang" -x "$lang" $flags -fsyntax-only -Werror=unused-value \
  -Werror=address-of-packed-member "$out/rewritten"

#!/bin/sh
# Behaviour of the wrappers and of `ravel instrument` as a user sees it:
# compile errors fail like a compiler and leave no object, pass-through modes
# match clang, GCC-only flags are dropped with a note, dependency files name
# the real object, `ravel instrument -p` uses compile_commands.json.
#   run-wrapper.sh RAVEL_BIN_DIR
set -eu
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

printf 'int f(void) { return 1 }\n' >bad.c
if "$bin/ravel-cc" -c bad.c -o bad.o 2>err.txt; then fail "bad.c compiled"; fi
[ ! -e bad.o ] || fail "an object was left for bad.c"
grep -q "bad.c:1:23: error: expected ';'" err.txt || { cat err.txt; fail "no clang diagnostic"; }

mkdir -p inc
printf '#define VALUE 7\n' >inc/value.h
printf '#include "value.h"\nint shared;\nint get(void) { return shared + VALUE; }\n' >ok.c
"$bin/ravel-cc" -E -Iinc ok.c >ravel.i
clang-19 -E -Iinc ok.c >clang.i
cmp -s ravel.i clang.i || fail "-E output differs from clang's"

"$bin/ravel-cc" -c -Iinc -MD -fno-tree-vrp ok.c -o out.o 2>note.txt
grep -q "dropping GCC-only flag '-fno-tree-vrp'" note.txt || fail "no note for -fno-tree-vrp"
nm out.o | grep -q __ravel_register_tu || fail "out.o is not instrumented"
grep -q '^out.o: ok.c inc/value.h' out.d || { cat out.d; fail "bad out.d"; }

"$bin/ravel-cc" -S -Iinc ok.c -o ok.s
grep -q __ravel_read ok.s || fail "-S output is not instrumented"

# Launcher use: the compiler comes first.
"$bin/ravel-c++" clang-19 -c -Iinc ok.c -o launched.o
nm launched.o | grep -q __ravel_register_tu || fail "launcher build is not instrumented"

cat >compile_commands.json <<JSON
[{"directory": "$work", "file": "$work/ok.c",
  "command": "clang-19 -Iinc -DEXTRA=1 -c ok.c -o ok.o"}]
JSON
"$bin/ravel" instrument -p . ok.c --stats >rewritten.i 2>stats.txt
grep -q 'return __ravel_rd\|(\*({ __auto_type __rv_p = &(shared)' rewritten.i || fail "shared is not instrumented"
grep -q '__rv_p; })) + 7; }' rewritten.i || { grep -n 'return' rewritten.i | tail -3; fail "VALUE from -Iinc not expanded"; }
grep -q 'instrumented-read *1' stats.txt || { cat stats.txt; fail "stats"; }
"$bin/ravel" instrument -p . ok.c -o outdir
[ -s outdir/ok.i ] || fail "-o did not write outdir/ok.i"
if "$bin/ravel" instrument -p . missing.c 2>err.txt; then fail "missing.c accepted"; fi
grep -q "missing.c: no such file" err.txt || { cat err.txt; fail "no message for missing.c"; }
echo "wrappers: ok"

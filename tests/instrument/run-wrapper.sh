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
grep -q 'return __ravel_rd\|(\*__extension__ ({ __auto_type __rv_p = &(shared)' rewritten.i || fail "shared is not instrumented"
grep -q '__rv_p; })) + 7; }' rewritten.i || { grep -n 'return' rewritten.i | tail -3; fail "VALUE from -Iinc not expanded"; }
grep -q 'instrumented-read *1' stats.txt || { cat stats.txt; fail "stats"; }
"$bin/ravel" instrument -p . ok.c -o outdir
[ -s outdir/ok.i ] || fail "-o did not write outdir/ok.i"
if "$bin/ravel" instrument -p . missing.c 2>err.txt; then fail "missing.c accepted"; fi
grep -q "missing.c: no such file" err.txt || { cat err.txt; fail "no message for missing.c"; }
# The parse honours the user's warning flags as clang does: a call of an
# undeclared function is an error by default in C99 and later, a warning with
# -Wno-error=implicit-function-declaration (or -Wno-implicit-...), and still
# an error with -Wno-error alone or -w. ravel-cc succeeds exactly when clang
# does.
printf 'int main(void) { printf("hi\\n"); return 0; }\n' >implicit.c
for flags in "-Wno-error=implicit-function-declaration" \
  "-Wno-implicit-function-declaration" "-Wno-error" "-w" "" \
  "-Werror -Wno-error=implicit-function-declaration" \
  "-w -Wno-error=implicit-function-declaration" "-std=gnu89"; do
  # shellcheck disable=SC2086
  if clang-19 $flags -c implicit.c -o clang.o 2>/dev/null; then want=0; else want=1; fi
  # shellcheck disable=SC2086
  if "$bin/ravel-cc" $flags -c implicit.c -o ravel.o 2>err.txt; then got=0; else got=1; fi
  [ "$want" = "$got" ] || { cat err.txt; fail "ravel-cc $flags: exit $got, clang-19: $want"; }
  if [ "$got" = 0 ]; then
    nm ravel.o | grep -q __ravel_register_tu || fail "ravel-cc $flags: not instrumented"
  fi
  rm -f clang.o ravel.o
done
"$bin/ravel-cc" -Wno-error=implicit-function-declaration implicit.c -o implicit 2>/dev/null
[ "$(./implicit)" = hi ] || fail "implicit.c does not run"
# A source on stdin is compiled as given and linked with the runtime, which
# must not be read as C after `-x c -`.
printf '#include <stdio.h>\nint main(void) { puts("stdin"); return 0; }\n' |
  "$bin/ravel-cc" -x c - -o from_stdin 2>err.txt || { cat err.txt; fail "-x c - does not link"; }
[ "$(./from_stdin)" = stdin ] || fail "from_stdin does not run"
nm from_stdin | grep -q __ravel_register_tu || fail "from_stdin has no runtime"
echo "wrappers: ok"

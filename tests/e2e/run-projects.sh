#!/bin/sh
# Builds the sample projects the way users would: `CC=ravel-cc CXX=ravel-c++
# cmake` and `make CC=ravel-cc`, then runs them. The CMake program is
# race-free; the Make program races on `hits` (worker.c:7), reported with its
# site. Dependency files must name the real objects and headers.
#   run-projects.sh RAVEL_BIN_DIR PROJECTS_DIR
set -eu
bin=$1 projects=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# CMake project.
CC=$bin/ravel-cc CXX=$bin/ravel-c++ cmake -S "$projects/cmake" -B "$work/cmake" \
  -G Ninja >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; exit 1; }
cmake --build "$work/cmake" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; exit 1; }
out=$(RAVEL_OPTIONS="report=$work/cmake.jsonl" "$work/cmake/tally_main")
[ "$out" = "tally 6" ] || { echo "cmake project printed: $out"; exit 1; }
[ ! -s "$work/cmake.jsonl" ] || { echo "unexpected findings:"; cat "$work/cmake.jsonl"; exit 1; }
nm "$work/cmake/tally_main" | grep -q __ravel_register_tu || { echo "not instrumented"; exit 1; }

# Make project, out of the source tree.
cp -r "$projects/make" "$work/make"
make -C "$work/make" CC="$bin/ravel-cc" >"$work/make.log" 2>&1 || { cat "$work/make.log"; exit 1; }
grep -q '^worker.o:.*worker.h' "$work/make/worker.d" || { echo "bad worker.d:"; cat "$work/make/worker.d"; exit 1; }
set +e
out=$(RAVEL_OPTIONS="report=$work/make.jsonl" "$work/make/counter" 2>/dev/null)
rc=$?
set -e
[ "$out" = "hits 2" ] || { echo "make project printed: $out"; exit 1; }
[ "$rc" = 66 ] || { echo "make project exited $rc, expected 66 (a finding)"; exit 1; }
grep -q '"variable":"hits"' "$work/make.jsonl" &&
  grep -q '"file":"worker.c","line":7' "$work/make.jsonl" ||
  { echo "expected a race on hits at worker.c:7:"; cat "$work/make.jsonl"; exit 1; }
# Nothing to rebuild: the dependency files are right.
make -C "$work/make" CC="$bin/ravel-cc" -q || { echo "make thinks it is out of date"; exit 1; }
echo "cmake and make projects: ok"

#!/bin/sh
# A real GoogleTest suite built with `CC=ravel-cc CXX=ravel-c++ cmake`,
# GoogleTest's own sources included (projects/gtest): the clean suite (TEST,
# TEST_F, TEST_P, TYPED_TEST) passes `ravel run --runs 3` with no finding;
# the racy one is reported at suite_race.cpp:11. Skipped (exit 77) when
# GoogleTest's sources are not installed (Debian: libgtest-dev).
#   run-gtest.sh RAVEL_BIN_DIR PROJECT_DIR [GTEST_SRC_DIR]
set -eu
bin=$1 project=$2 gtest=${3:-/usr/src/googletest/googletest}
[ -f "$gtest/src/gtest-all.cc" ] || { echo "no GoogleTest sources in $gtest"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
CC=$bin/ravel-cc CXX=$bin/ravel-c++ cmake -S "$project" -B "$work/build" -G Ninja \
  -DGTEST_SRC_DIR="$gtest" >"$work/build.log" 2>&1 &&
  cmake --build "$work/build" >>"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; exit 1; }
echo "built GoogleTest and the suites with ravel in $(( $(date +%s) - start )) s"
nm "$work/build/libgtest_ravel.a" | grep -q __ravel_register_tu ||
  { echo "GoogleTest is not instrumented"; exit 1; }

cd "$work"
"$bin/ravel" run --runs 3 --quiet --report clean.json -- build/suite_clean \
  >clean.out 2>&1 || { cat clean.out; echo "the clean suite failed"; exit 1; }

set +e
"$bin/ravel" run --runs 3 --report race.json -- build/suite_race >race.out 2>&1
rc=$?
set -e
[ "$rc" = 1 ] || { cat race.out; echo "ravel run exited $rc, expected 1 (findings)"; exit 1; }
python3 - race.json <<'PY' || { cat race.out; exit 1; }
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
ok = [f for f in findings if f["kind"] == "data-race" and all(
    t["variable"] == "Hits" and t["stack"][0]["file"].endswith("suite_race.cpp")
    and t["stack"][0]["line"] == 11 for t in f["threads"])]
if not ok or len(ok) != len(findings):
    sys.exit("expected exactly the race on Hits at suite_race.cpp:11, got: "
             + ", ".join(f["summary"] for f in findings))
PY
echo "GoogleTest suites: ok"

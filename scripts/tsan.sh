#!/usr/bin/env bash
# ThreadSanitizer: builds the tests and the harness with -fsanitize=thread (folder build-tsan), runs ctest, then
# the scenario suite with two files at once (`harness run --jobs 2`), where the fake servers' threads and the
# runner's workers meet. Exits non-zero on any data race, deadlock report or failed test.
#
#   scripts/tsan.sh [CTEST_ARGS...]        e.g. scripts/tsan.sh -R serve
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# -O1: TSan's own slowdown (5-15x) is enough; stacks stay readable. -g1 and HARNESS_UNITY_BUILD as in
# scripts/test.sh; the bench program runs no test here.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O1" -DHARNESS_TSAN=ON \
  -DHARNESS_BENCH=OFF -DCMAKE_UNITY_BUILD="${HARNESS_UNITY_BUILD:-OFF}" >/dev/null
cmake --build build-tsan -j2

# halt_on_error=0: every race of a test is reported, and the process still exits 66 at the end.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1:history_size=4}
status=0
# Left out, single-threaded (nothing for TSan to see) and slow under its instrumentation, which keeps CI short:
# the unit tests that start no thread are not even built here (tests/CMakeLists.txt says which). Of the
# integration tests, those that run the whole suite again serially (the suite runs below with --jobs 2, where
# the threads meet), and those that check packaging, docs and completion, which run no threads of ours.
excluded='^(integration\.(same_seed|shards_and_jobs|scenario_suite|install|deb_package|containerfile'
excluded+='|help_matches_readme|completion|luacheck|doc_examples|html_browser))$'
(cd build-tsan && ctest --output-on-failure -j2 -E "$excluded" "$@") ||
  status=1

log=build-tsan/suite-jobs2.log
if ./build-tsan/harness run --jobs 2 --junit build-tsan/reports/junit.xml scenarios >"$log" 2>&1; then
  echo "tsan: harness run --jobs 2 scenarios: passed"
else
  echo "tsan: harness run --jobs 2 scenarios failed (log: $log)" >&2
  status=1
fi
if grep -q "WARNING: ThreadSanitizer" "$log"; then
  grep -A 12 "WARNING: ThreadSanitizer" "$log" >&2
  status=1
fi
exit $status

#!/usr/bin/env bash
# The tests: set up, build with AddressSanitizer and UndefinedBehaviorSanitizer, run everything with ctest
# (unit tests, the scenario suite, the deliberately failing scenarios).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# -g1: line tables only, so sanitizer stacks keep file:line and the objects are smaller. HARNESS_UNITY_BUILD=ON
# (.ci/run sets it) compiles each module in batches, which halves a clean build's CPU time but makes an edit
# recompile its whole batch, so by hand the default stays one file at a time.
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DHARNESS_SANITIZE=ON \
  -DCMAKE_UNITY_BUILD="${HARNESS_UNITY_BUILD:-OFF}" >/dev/null
cmake --build build-test -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-test && ctest --output-on-failure -j2 "$@"

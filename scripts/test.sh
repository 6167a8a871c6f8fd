#!/usr/bin/env bash
# The tests: set up, build with AddressSanitizer and UndefinedBehaviorSanitizer, run everything with ctest
# (unit tests, the scenario suite, the deliberately failing scenarios).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DHARNESS_SANITIZE=ON >/dev/null
cmake --build build-test -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-test && ctest --output-on-failure -j2 "$@"

#!/usr/bin/env bash
# The main job: set up, build, and run the whole scenario suite against the embedded fake server.
# Writes reports/junit.xml and reports/index.html (the HTML report, with the contract coverage grid), and ends
# the summary with the coverage table. Extra arguments go to `harness run` (e.g. a single file, --seed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DHARNESS_TESTS=OFF >/dev/null
cmake --build build -j2 --target harness
if [ $# -eq 0 ]; then set -- scenarios; fi
exec ./build/harness run --junit reports/junit.xml --html reports/index.html --coverage "$@"

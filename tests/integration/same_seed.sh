#!/usr/bin/env bash
# The same --seed twice gives byte-identical reports apart from times.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
for run in a b; do
  "$harness" run scenarios --seed 7 --junit "$out/$run.xml" >/dev/null 2>&1
  code=$?
  [ "$code" -eq 0 ] || fail "run $run: exit code $code"
  # Times: time="..", timestamp="..", "(12.3 ms)" in transcripts, "elapsed_ms" values printed by cases.
  sed -E -e 's/ (time|timestamp)="[^"]*"//g' -e 's/\([0-9.]+ ms\)/(T ms)/g' -e 's/after [0-9.]+ ms/after T ms/g' \
    "$out/$run.xml" >"$out/$run.stripped"
done
grep -q 'name="harness.seed" value="7"' "$out/a.xml" || fail "the seed is not in the report"
diff -u "$out/a.stripped" "$out/b.stripped" >"$out/diff.txt" || { head -40 "$out/diff.txt"; fail "reports differ"; }
echo "ok"

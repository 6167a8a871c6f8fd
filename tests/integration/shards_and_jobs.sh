#!/usr/bin/env bash
# --shard splits the files so that merged shard reports hold every case once; --jobs gives a serial run's report.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
strip() { sed -E -e 's/ (time|timestamp)="[^"]*"//g' -e 's/[0-9.]+ ms/T ms/g' "$1"; }

"$harness" run scenarios --junit "$out/all.xml" >/dev/null || fail "serial run failed"
for i in 1 2 3; do
  "$harness" run scenarios --shard "$i/3" --junit "$out/shard$i.xml" >/dev/null || fail "shard $i/3 failed"
done
"$harness" merge "$out/merged.xml" "$out/shard1.xml" "$out/shard2.xml" "$out/shard3.xml" >/dev/null || fail "merge failed"
xsd=../shared/junit/JUnit.xsd
if [ -f "$xsd" ]; then xmllint --noout --schema "$xsd" "$out/merged.xml" || fail "merged report does not validate"; fi
cases() { grep -o '<testcase name="[^"]*" classname="[^"]*"' "$1" | sort; }
diff <(cases "$out/all.xml") <(cases "$out/merged.xml") >/dev/null || fail "merged shards do not hold the same cases"
[ "$(cases "$out/all.xml" | sort -u | wc -l)" -eq "$(cases "$out/merged.xml" | wc -l)" ] || fail "a case is counted twice"
"$harness" merge "$out/twice.xml" "$out/shard1.xml" "$out/shard1.xml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "merging a shard twice must be refused with exit 2"

"$harness" run scenarios --jobs 2 --junit "$out/parallel.xml" >/dev/null || fail "parallel run failed"
diff <(strip "$out/all.xml") <(strip "$out/parallel.xml") >"$out/diff.txt" || { head -20 "$out/diff.txt"; fail "--jobs 2 differs"; }
echo "ok"

#!/usr/bin/env bash
# --list prints what would run and runs nothing; --filter and --tag choose cases; choosing none is a usage error.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }

"$harness" run scenarios --list >"$out/all.txt" || fail "--list failed"
total=$(wc -l <"$out/all.txt")
[ "$total" -gt 100 ] || fail "--list printed only $total cases"
[ ! -e "$out/none.xml" ] || fail "unexpected report"
"$harness" run scenarios --list --junit "$out/none.xml" >/dev/null
[ ! -e "$out/none.xml" ] || fail "--list wrote a report"

"$harness" run scenarios --list --tag slow >"$out/slow.txt"
grep -q "scenarios/faults/kinds.lua: hang: headers then nothing.*\[slow\]" "$out/slow.txt" || fail "--tag slow lacks the hang case"
[ "$(wc -l <"$out/slow.txt")" -lt "$total" ] || fail "--tag did not narrow the list"

"$harness" run scenarios --filter "UNKNOWN JOB" --junit "$out/filtered.xml" >/dev/null || fail "filtered run failed"
cases=$(grep -c '<testcase ' "$out/filtered.xml")
listed=$(grep -ci "unknown job" "$out/all.txt")
[ "$cases" -eq "$listed" ] || fail "--filter ran $cases cases, --list shows $listed with that text"
grep -q 'classname="scenarios.sdrs.failure_jobs"' "$out/filtered.xml" && fail "a file without matching cases is in the report"

"$harness" run scenarios --filter scenarios/kps/ --list >"$out/kps.txt"
grep -qv "^scenarios/kps/" "$out/kps.txt" && fail "a file-path filter chose cases of other files"

"$harness" run scenarios --filter no-such-case-anywhere --junit "$out/empty.xml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "choosing no case must exit 2"
echo "ok"

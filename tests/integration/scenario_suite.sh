#!/usr/bin/env bash
# The whole scenarios/ suite passes against the embedded fake server, and its report validates.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
"$harness" run scenarios --junit "$out/junit.xml"
code=$?
[ "$code" -eq 0 ] || { echo "FAIL: exit code $code"; exit 1; }
xsd=../shared/junit/JUnit.xsd
if [ -f "$xsd" ]; then xmllint --noout --schema "$xsd" "$out/junit.xml" || exit 1; fi
grep -q '<testcase ' "$out/junit.xml" || { echo "FAIL: no test cases in the report"; exit 1; }
echo "ok"

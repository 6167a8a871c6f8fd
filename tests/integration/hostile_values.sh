#!/usr/bin/env bash
# Values a scenario can build that once crashed `harness run` (deep and cyclic tables, a trap in an error
# object's metatable, deep JSON from the server, NUL bytes) end as outcomes of their cases in a valid report.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
report="$out/junit.xml"
rm -f "$report"

"$harness" run tests/scenarios/hostile_values.lua --junit "$report" >"$out/console.txt" 2>&1
code=$?
cat "$out/console.txt"
fail() { echo "FAIL: $*"; exit 1; }
[ "$code" -eq 1 ] || fail "exit code $code, expected 1"
[ -s "$report" ] || fail "no report written"
xmllint --noout "$report" || fail "report is not well-formed"
xsd=../shared/junit/JUnit.xsd
if [ -f "$xsd" ]; then xmllint --noout --schema "$xsd" "$report" || fail "report does not validate"; fi

f=tests/scenarios/hostile_values.lua
expect_in() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
expect_in "$report" "message=\"$f:7: http.request: body: nested deeper than 64 levels at /a/a/a"
expect_in "$report" "message=\"$f:11: expect(...).equals: cyclic table at /self\""
expect_in "$report" "message=\"$f:15: error object is a table: {}\""
expect_in "$report" "<testcase name=\"a response nested 50000 deep\""
expect_in "$report" "message=\"$f:25: error object is a table: {&quot;code&quot;:7}\""
expect_in "$report" 'output with a NUL\x00byte'
expect_in "$report" '<testcase name="a title with a NUL\x00byte"'
expect_in "$report" 'tests="6" failures="0" errors="4"'
echo "ok"

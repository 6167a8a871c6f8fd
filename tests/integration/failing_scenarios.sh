#!/usr/bin/env bash
# A deliberately failing scenario yields exit code 1, a valid report, and the expected failure and error texts.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
report="$out/junit.xml"
rm -f "$report"

"$harness" run tests/scenarios/failing.lua --junit "$report" --timeout 0.5 >"$out/console.txt" 2>&1
code=$?
cat "$out/console.txt"
fail() { echo "FAIL: $*"; exit 1; }
[ "$code" -eq 1 ] || fail "exit code $code, expected 1"
[ -s "$report" ] || fail "no report written"
xmllint --noout "$report" || fail "report is not well-formed"
xsd=../shared/junit/JUnit.xsd
if [ -f "$xsd" ]; then xmllint --noout --schema "$xsd" "$report" || fail "report does not validate"; fi

expect_in() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
expect_in "$report" '<failure type="expectation" message="tests/scenarios/failing.lua:7: expected 201, got 200"'
expect_in "$report" 'message="tests/scenarios/failing.lua:12: sdrs/job_status: /status: &quot;DONE&quot; is not one of SUCCESS, RUNNING, FAIL, INIT">'
expect_in "$report" '<error type="script" message="tests/scenarios/failing.lua:17: attempt to index a nil value (local '"'"'missing'"'"')"'
expect_in "$report" '<error type="timeout" message="tests/scenarios/failing.lua:21: stopped:'
expect_in "$report" 'message="tests/scenarios/failing.lua:25: broken fixture: '
expect_in "$report" 'no_such_fixture.schema.json'
expect_in "$report" 'tests="6" failures="3" errors="2"'
expect_in "$report" '<testcase name="a passing case still passes"'
expect_in "$out/console.txt" "tests/scenarios/failing.lua:7: expected 201, got 200"
expect_in "$out/console.txt" "1 passed, 3 failed, 2 errored, 0 skipped in"
echo "ok"

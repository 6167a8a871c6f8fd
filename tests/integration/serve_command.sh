#!/usr/bin/env bash
# harness serve WORLD -- COMMAND: runs the client with HARNESS_URL, then the world's checks; a valid JUnit
# report; exit 0 when all pass, 1 when a check or the command fails.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
xsd=../shared/junit/JUnit.xsd
validate() {
  [ -f "$1" ] || fail "no report at $1"
  if command -v xmllint >/dev/null && [ -f "$xsd" ]; then
    xmllint --noout --schema "$xsd" "$1" 2>"$out/xmllint.txt" || { cat "$out/xmllint.txt"; fail "$1 is not valid JUnit"; }
  fi
}
fail() { echo "FAIL: $*"; exit 1; }

"$harness" serve --port 0 examples/serve/demo.world.lua --junit "$out/pass.xml" -- examples/serve/poll_client.sh \
  >"$out/pass.out" 2>&1
code=$?
[ "$code" -eq 0 ] || { cat "$out/pass.out"; fail "the example world and client: exit $code, expected 0"; }
grep -q "poll .*: SUCCESS" "$out/pass.out" || fail "the client's output did not go through"
validate "$out/pass.xml"
grep -q '<testcase[^>]*name="the client polled until SUCCESS"' "$out/pass.xml" || fail "no testcase per check"
grep -q '<testcase[^>]*name="client command"' "$out/pass.xml" || fail "no testcase for the client command"
grep -q '<failure\|<error' "$out/pass.xml" && fail "a passing run reports a failure"

cat >"$out/world.lua" <<'LUA'
fake.job { job_id = "j", job_type = "t", timeline = { "RUNNING", "SUCCESS" } }
check("the client polled twice", function()
  expect(#fake.requests { path = "/v1/*/jobs/j" }).equals(2)
end)
check("the client sent a token", function()
  expect(fake.requests()[1].headers["x-auth-token"]).equals("t")
end)
LUA
"$harness" serve --port 0 "$out/world.lua" --junit "$out/fail.xml" -- \
  sh -c 'curl -s "$HARNESS_URL/v1/$HARNESS_PROJECT_ID/jobs/j" && curl -s "$HARNESS_URL/v1/$HARNESS_PROJECT_ID/jobs/j"' \
  >"$out/fail.out" 2>&1
code=$?
[ "$code" -eq 1 ] || { cat "$out/fail.out"; fail "a failing check: exit $code, expected 1"; }
validate "$out/fail.xml"
grep -q "tests=\"3\"" "$out/fail.xml" || fail "expected 3 testcases: $(cat "$out/fail.xml")"
grep -q "failures=\"1\"" "$out/fail.xml" || fail "expected 1 failure: $(cat "$out/fail.xml")"
grep -q "$out/world.lua:6: expected" "$out/fail.xml" || fail "the failure lacks file:line"

# A failing client command is a failed testcase even when every check passes.
"$harness" serve --port 0 --junit "$out/exit.xml" -- sh -c 'exit 3' >"$out/exit.out" 2>&1
code=$?
[ "$code" -eq 1 ] || fail "a client exiting 3: exit $code, expected 1"
grep -q "exited with 3" "$out/exit.xml" || fail "the report does not say how the client ended"

"$harness" serve --port 0 "$out/world.lua" extra >"$out/usage.out" 2>&1
[ $? -eq 2 ] || fail "an argument without -- should be a usage error"
"$harness" serve --port 0 --junit "$out/none.xml" -- no-such-command-xyz >"$out/nocmd.out" 2>&1
[ $? -eq 2 ] || fail "a command that cannot start should exit 2"
echo "ok"

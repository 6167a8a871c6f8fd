#!/usr/bin/env bash
# harness serve WORLD -- COMMAND takes run's habits for its checks: --lf/--ff from the state beside its report,
# --durations, --coverage/--coverage-json/--require-coverage and --html; and a configuration problem (no world
# file, one that does not load, a bad -k, no fixtures folder, a port in use) leaves a report with one errored
# case, the HTML one too when asked, exit 2.
set -uo pipefail
harness=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
world=$out/w.world.lua
cat >"$world" <<'LUA'
fake.job { job_id = "j", job_type = "createProtectionGroupNoCG", timeline = { "RUNNING", "SUCCESS" } }
check("polled once", function() expect(#fake.requests { path = "/v1/*/jobs/j" }).equals(1) end)
check("polled twice", function() expect(#fake.requests { path = "/v1/*/jobs/j" }).equals(2) end)
check("asked for no other job", function() expect(#fake.requests { path = "/v1/*/jobs/x" }).equals(0) end)
LUA
client='curl -s -o /dev/null "$HARNESS_URL/v1/$HARNESS_PROJECT_ID/jobs/j"'
serve() { "$harness" serve --port 0 --color never "$@" >"$out/o.txt" 2>&1; }
titles() { grep -o '<testcase name="[^"]*"' "$1" | sed 's/<testcase name=//' | tr '\n' ' '; }

# The state beside the report, --lf and --ff.
serve "$world" --junit "$out/r.xml" --durations 0 -- sh -c "$client"
[ $? -eq 1 ] || { cat "$out/o.txt"; fail "one failing check: exit not 1"; }
state=$out/r.last-failed.json
grep -q '"polled twice"' "$state" 2>/dev/null || fail "no state beside the report naming the failed check"
grep -q '"polled once"' "$state" && fail "a passing check is in the state"
grep -q "every case, slowest first:" "$out/o.txt" || fail "--durations 0 listed nothing: $(cat "$out/o.txt")"
grep -Eq "^  [0-9.]+ s  .*: client command" "$out/o.txt" || fail "--durations lacks the client command"
serve "$world" --junit "$out/r.xml" --lf -- sh -c "$client"
[ $? -eq 1 ] || fail "--lf: exit not 1"
[ "$(titles "$out/r.xml")" = '"client command" "polled twice" ' ] || fail "--lf ran: $(titles "$out/r.xml")"
serve "$world" --junit "$out/r.xml" --ff -- sh -c "$client"
[ "$(titles "$out/r.xml")" = '"client command" "polled twice" "polled once" "asked for no other job" ' ] ||
  fail "--ff order: $(titles "$out/r.xml")"

# Contract coverage of what the client and the checks made the fake answer.
serve "$world" --junit "$out/c.xml" --coverage --coverage-json "$out/cov.json" --html "$out/c.html" -- sh -c "$client"
grep -q "coverage (documented statuses answered by the fake):" "$out/o.txt" || fail "--coverage printed no table"
grep -Eq "^  1/[0-9]+  sdrs GET /v1/\{project_id\}/jobs/\{job_id\}" "$out/o.txt" ||
  fail "the table does not count the client's 200: $(cat "$out/o.txt")"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out/cov.json" || fail "--coverage-json wrote no JSON"
grep -q "<html" "$out/c.html" || fail "--html wrote no page"
serve "$world" --junit "$out/g.xml" --require-coverage statuses -k "polled once" -- sh -c "$client"
[ $? -eq 1 ] || fail "--require-coverage statuses with gaps: exit not 1"
grep -q "documented statuses never answered" "$out/o.txt" || fail "--require-coverage did not name the gaps"
serve "$world" --junit "$out/g.xml" -k "polled once" -- sh -c "$client"
[ $? -eq 0 ] || fail "the same without --require-coverage: exit not 0: $(cat "$out/o.txt")"

# Configuration problems: a report with one errored case, and the HTML one when asked; exit 2.
printf 'fake.job {\n' >"$out/broken.world.lua"
mkdir -p "$out/half-fixtures/sdrs"
printf '{ "GET /v1/{project_id}/jobs/{job_id}": ' >"$out/half-fixtures/sdrs/statuses.json"  # cut off
n=0
config_error() {  # expected-text args...
  local text=$1
  shift
  n=$((n + 1))
  "$harness" serve --junit "$out/e$n.xml" --html "$out/e$n.html" "$@" >"$out/e$n.txt" 2>&1
  local code=$?
  [ $code -eq 2 ] || { cat "$out/e$n.txt"; fail "serve $*: exit $code, expected 2"; }
  grep -q '<error [^>]*type="configuration"' "$out/e$n.xml" 2>/dev/null || fail "serve $*: no report naming the problem"
  grep -qF -- "$text" "$out/e$n.xml" || fail "serve $*: the report does not say '$text': $(cat "$out/e$n.xml")"
  grep -qF -- "$text" "$out/e$n.html" 2>/dev/null || fail "serve $*: no HTML report saying '$text'"
}
config_error "no-such.world.lua: no such file" --port 0 "$out/no-such.world.lua" -- true
config_error "broken.world.lua:2:" --port 0 "$out/broken.world.lua" -- true
config_error "expected a word" --port 0 "$world" -k "and (" -- true
config_error "the fixtures folder does not exist" --port 0 --fixtures "$out/no-fixtures" "$world" -- true
config_error "broken status table" --port 0 --fixtures "$out/half-fixtures" "$world" -- true
config_error "no client command after --" --port 0 "$world" --
python3 -c '
import socket, subprocess, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0)); s.listen()
port = str(s.getsockname()[1])
sys.exit(subprocess.call([sys.argv[1], "serve", "--port", port, "--junit", sys.argv[2], sys.argv[3], "--", "true"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))' "$harness" "$out/port.xml" "$world"
[ $? -eq 2 ] || fail "a port in use: exit not 2"
grep -q '<error [^>]*type="configuration"' "$out/port.xml" 2>/dev/null || fail "a port in use: no report"

# Serving until stopped is not a run of checks: no report, and an option for the checks is refused.
timeout 20 "$harness" serve --port 0 "$world" --coverage >"$out/plain.txt" 2>&1
[ $? -eq 2 ] || fail "plain serve with --coverage: exit not 2"
grep -q -- "--coverage: only with a client command" "$out/plain.txt" || fail "plain serve --coverage: $(cat "$out/plain.txt")"
"$harness" serve --port 0 "$out/no-such.world.lua" --junit "$out/plain.xml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "plain serve of a missing world file: exit not 2"
[ ! -e "$out/plain.xml" ] || fail "plain serve wrote a report"
echo "ok"

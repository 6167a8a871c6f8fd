#!/usr/bin/env bash
# SIGTERM/SIGINT to harness run, harness verify and harness serve -- COMMAND (a CI job's timeout or cancel): the case in
# progress errs "interrupted by SIG...", what did not run is skipped with that reason, the report is written
# and valid, exit 143 / 130; the same for harness verify. A second signal ends the process at once.
set -uo pipefail
harness=$1 out=$2
rm -rf "$out"; mkdir -p "$out/scenarios"
xsd=../shared/junit/JUnit.xsd
fail() { echo "FAIL: $*"; exit 1; }
validate() {
  [ -f "$1" ] || fail "no report at $1"
  if command -v xmllint >/dev/null && [ -f "$xsd" ]; then
    xmllint --noout --schema "$xsd" "$1" 2>"$out/xmllint.txt" || { cat "$out/xmllint.txt"; fail "$1 is not valid JUnit"; }
  fi
}
# wait_for FILE TEXT: until FILE contains TEXT (10 s at most).
wait_for() {
  for _ in $(seq 200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
  cat "$1"; fail "\"$2\" never appeared in $1"
}
# ends_within PID SECONDS: the exit code of PID, which must end within SECONDS.
ends_within() {
  for _ in $(seq $(($2 * 20))); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$1" 2>/dev/null && { kill -KILL "$1"; fail "pid $1 still running $2 s after the signal"; }
  wait "$1"
}

# A case that waits on a slow endpoint, a case after it, and a file after that.
cat >"$out/scenarios/a_slow.lua" <<'LUA'
case("polls a slow endpoint", function()
  fake.fault { path = "/slow", delay = 30 }
  print("polling")
  http.get("/slow", { timeout = 60 })
end)
case("comes after", function() expect(1).equals(1) end)
LUA
cat >"$out/scenarios/b_loop.lua" <<'LUA'
case("loops", function() while true do end end)
LUA
cat >"$out/scenarios/c_later.lua" <<'LUA'
case("never reached", function() expect(1).equals(1) end)
LUA

# run_and_signal NAME SIGNAL WANTED_CODE WAIT_FOR ARGS...: harness run ARGS, the signal once stdout names the
# file WAIT_FOR (and its first case had time to start), then the exit code and the report.
run_and_signal() {
  local name=$1 signal=$2 wanted=$3 started=$4; shift 4
  "$harness" run "$@" --junit "$out/$name.xml" --color never >"$out/$name.out" 2>"$out/$name.err" &
  local pid=$!
  wait_for "$out/$name.out" "$started"
  sleep 0.5
  kill "-$signal" "$pid"
  ends_within "$pid" 5; local code=$?
  [ "$code" -eq "$wanted" ] || { cat "$out/$name.out" "$out/$name.err"; fail "$name: exit $code, expected $wanted"; }
  validate "$out/$name.xml"
}

# SIGTERM while a case waits on http.get of a 30 s delay.
run_and_signal term TERM 143 a_slow.lua "$out/scenarios"
xml="$out/term.xml"
grep -q '<error type="interrupted" message="[^"]*GET /slow: read: interrupted by SIGTERM' "$xml" ||
  { cat "$xml"; fail "the interrupted case is not an error saying \"interrupted by SIGTERM\""; }
grep -A1 'name="comes after"' "$xml" | grep -q '<skipped message="interrupted by SIGTERM before the case started"' ||
  fail "the case after the interrupted one is not skipped with the reason"
for file in b_loop c_later; do
  grep -A1 "name=\"(all cases of [^\"]*$file.lua)\"" "$xml" |
    grep -q '<skipped message="interrupted by SIGTERM before the file started"' ||
    { cat "$xml"; fail "the unstarted file $file.lua is not listed as skipped"; }
done
grep -q "interrupted by SIGTERM: the run stopped early" "$out/term.out" || fail "the summary does not say it was interrupted"
grep -q "^harness: SIGTERM: stopping the case in progress; the report will list what was cut off" "$out/term.err" ||
  { cat "$out/term.err"; fail "run: stderr does not say what the signal does"; }
grep -q "^0 passed, 0 failed, 1 errored, [0-9]* skipped in" "$out/term.out" || { cat "$out/term.out"; fail "no summary line"; }
ls -a "$out" | grep -q '\.tmp-' && fail "a temporary report file was left behind"

# SIGINT while a case loops in Lua (the count hook stops it).
run_and_signal int INT 130 b_loop.lua "$out/scenarios/b_loop.lua" "$out/scenarios/c_later.lua"
grep -q '<error type="interrupted" message="[^"]*b_loop.lua:1: interrupted by SIGINT' "$out/int.xml" ||
  { cat "$out/int.xml"; fail "the looping case is not an error saying \"interrupted by SIGINT\""; }
grep -q 'skipped message="interrupted by SIGINT before the file started"' "$out/int.xml" ||
  fail "the file after the loop is not skipped"

# --jobs 2: both workers stop.
run_and_signal jobs TERM 143 b_loop.lua "$out/scenarios" --jobs 2
[ "$(grep -c '<error type="interrupted"' "$out/jobs.xml")" -ge 1 ] || fail "--jobs 2: no interrupted case"

# harness verify against a slow endpoint (harness serve with a delay fault), SIGTERM mid-request.
cat >"$out/slow_world.lua" <<'LUA'
fake.fault { path = "/slow", delay = 30 }
LUA
"$harness" serve --port 0 "$out/slow_world.lua" >"$out/slow_serve.out" 2>"$out/slow_serve.err" &
serve_pid=$!
trap 'kill -KILL "$serve_pid" 2>/dev/null' EXIT
wait_for "$out/slow_serve.out" "listening on"
url=$(sed -n '1s/^harness serve: listening on //p' "$out/slow_serve.out")
cat >"$out/read_slow.lua" <<'LUA'
case("reads a slow endpoint", function() http.get("/slow") end)
case("reads after it", function() http.get("/v1/" .. project_id .. "/jobs/x") end)
LUA
"$harness" verify --target "$url" --project-id p1 "$out/read_slow.lua" --junit "$out/verify.xml" --color never \
  >"$out/verify.out" 2>"$out/verify.err" &
pid=$!
wait_for "$out/verify.out" "read_slow.lua"
sleep 0.5
kill -TERM "$pid"
ends_within "$pid" 5; code=$?
kill -TERM "$serve_pid"; wait "$serve_pid"
# Each command says what the signal does to it: serving until stopped has no case in progress and no report.
grep -q "^harness: SIGTERM: stopping the server (send it again" "$out/slow_serve.err" ||
  { cat "$out/slow_serve.err"; fail "serve: stderr does not say the server stops"; }
grep -q "case in progress" "$out/slow_serve.err" && fail "serve: stderr speaks of a case in progress"
[ "$code" -eq 143 ] || { cat "$out/verify.out" "$out/verify.err"; fail "verify: exit $code, expected 143"; }
validate "$out/verify.xml"
grep -q '<error type="interrupted" message="[^"]*GET /slow: read: interrupted by SIGTERM' "$out/verify.xml" ||
  { cat "$out/verify.xml"; fail "verify: the interrupted case is not an error saying so"; }
grep -A1 'name="reads after it"' "$out/verify.xml" | grep -q '<skipped message="interrupted by SIGTERM' ||
  fail "verify: the case after it is not skipped"

# harness serve WORLD -- COMMAND: the signal is passed on to the command, its case errs, the checks are skipped.
cat >"$out/world.lua" <<'LUA'
check("the client asked once", function() expect(#fake.requests()).equals(1) end)
LUA
"$harness" serve --port 0 "$out/world.lua" --junit "$out/serve.xml" -- sh -c 'echo started; exec sleep 30' \
  >"$out/serve.out" 2>"$out/serve.err" &
pid=$!
wait_for "$out/serve.out" "^started"
kill -TERM "$pid"
ends_within "$pid" 5; code=$?
[ "$code" -eq 143 ] || { cat "$out/serve.out" "$out/serve.err"; fail "serve -- COMMAND: exit $code, expected 143"; }
validate "$out/serve.xml"
grep -q "^harness: SIGTERM: passing it on to the client command; the report will list" "$out/serve.err" ||
  { cat "$out/serve.err"; fail "serve -- COMMAND: stderr does not say the signal is passed on"; }
grep -q '<error type="interrupted" message="interrupted by SIGTERM: the client command' "$out/serve.xml" ||
  { cat "$out/serve.xml"; fail "serve: the client command is not an interrupted error"; }
grep -A1 'name="the client asked once"' "$out/serve.xml" |
  grep -q 'skipped message="interrupted by SIGTERM before the check started"' || fail "serve: the check is not skipped"

# A second signal ends it at once, even while the client command ignores the first one.
"$harness" serve --port 0 --junit "$out/twice.xml" -- sh -c 'echo $$ >"$0"; trap "" TERM; echo started; exec sleep 30' \
  "$out/client.pid" >"$out/twice.out" 2>"$out/twice.err" &
pid=$!
wait_for "$out/twice.out" "^started"
kill -TERM "$pid"
wait_for "$out/twice.err" "passed on to the client command"
kill -0 "$pid" 2>/dev/null || fail "the first SIGTERM ended serve although its client still runs"
kill -TERM "$pid"
ends_within "$pid" 2; code=$?
kill -KILL "$(cat "$out/client.pid")" 2>/dev/null
[ "$code" -eq 143 ] || fail "a second SIGTERM: exit $code, expected 143"
echo "ok"

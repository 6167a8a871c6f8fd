#!/usr/bin/env bash
# harness serve: editing the world file reloads it; a broken edit keeps the last good world and prints
# file:line.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
source "$(dirname "$0")/serve_lib.bash"
world="$out/world.lua"
project=0605767d5d00d5762fd3c00d0b24be3d
echo 'fake.job { job_id = "a", job_type = "t", timeline = { "SUCCESS" } }' >"$world"
start_server server "$world"
code_of() { curl -s -o /dev/null -w '%{http_code}' "$url/v1/$project/jobs/$1"; }
wait_for() {  # wait_for JOB CODE
  for _ in $(seq 30); do [ "$(code_of "$1")" = "$2" ] && return 0; sleep 0.1; done
  fail "job $1: expected $2, got $(code_of "$1")"
}
wait_for a 200
[ "$(code_of b)" = 404 ] || fail "job b exists before the edit"

sleep 1.1  # a new modification time even on coarse file systems
printf '%s\n' 'fake.job { job_id = "a", job_type = "t", timeline = { "SUCCESS" } }' \
  'fake.job { job_id = "b", job_type = "t", timeline = { "SUCCESS" } }' >"$world.tmp" && mv "$world.tmp" "$world"
wait_for b 200
grep -q "reloaded $world" "$out/server.err" || fail "no 'reloaded' message"

sleep 1.1
printf '%s\n' 'fake.job { job_id = "c", job_type = "t", timeline = { "SUCCESS" } }' \
  'fake.job { job_id = "d", job_type = "t", timeline = {} }' >"$world.tmp" && mv "$world.tmp" "$world"
for _ in $(seq 30); do grep -q "$world:2:" "$out/server.err" && break; sleep 0.1; done
grep -q "$world:2: fake.job: timeline:" "$out/server.err" || fail "the broken edit's error lacks $world:2:"
[ "$(code_of b)" = 200 ] || fail "after a broken edit the last good world is gone"
[ "$(code_of c)" = 404 ] || fail "a broken edit was partly applied"

sleep 1.1
printf '%s\n' 'fake.job { job_id = "c", job_type = "t", timeline = { "SUCCESS" } }' >"$world.tmp" && mv "$world.tmp" "$world"
wait_for c 200
stop_server

# A world file that is broken at start: exit 2 with file:line.
echo 'fake.job { job_type = "t" }' >"$out/broken.lua"
"$harness" serve --port 0 "$out/broken.lua" >"$out/broken.out" 2>&1 </dev/null
code=$?
[ "$code" -eq 2 ] || fail "a broken world at start: exit $code, expected 2"
grep -q "$out/broken.lua:1: fake.job: timeline" "$out/broken.out" || fail "no file:line for a broken world: $(cat "$out/broken.out")"
# A scenario served as a world: its top level is served, its cases are counted, not run.
cat >"$out/scenario.lua" <<'LUA'
fake.job { job_id = "s1", job_type = "t", timeline = { "SUCCESS" } }
case("never run by serve", function() error("a case ran under harness serve") end)
LUA
start_server scenario "$out/scenario.lua"
curl -s "$url/v1/0605767d5d00d5762fd3c00d0b24be3d/jobs/s1" | grep -q '"SUCCESS"' || fail "a scenario's world is not served"
grep -q "is a scenario: serving the world its top level builds; its 1 case(s) are not run" "$out/scenario.err" ||
  fail "serving a scenario does not say its cases are not run: $(cat "$out/scenario.err")"
stop_server
echo "ok"

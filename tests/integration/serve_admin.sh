#!/usr/bin/env bash
# harness serve: a client GETs a job and sees its timeline; the admin API adds jobs and faults, reads and
# clears the journal, resets the world; --no-admin turns it off; SIGTERM stops the server with exit 0.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
source "$(dirname "$0")/serve_lib.bash"
cat >"$out/world.lua" <<'LUA'
fake.job { job_id = "j1", job_type = "createProtectionGroupNoCG", timeline = { "INIT", "RUNNING", "SUCCESS" } }
LUA
project=0605767d5d00d5762fd3c00d0b24be3d
start_server server "$out/world.lua"
status_of() { curl -s "$url$1" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p'; }

for want in INIT RUNNING SUCCESS SUCCESS; do
  got=$(status_of "/v1/$project/jobs/j1")
  [ "$got" = "$want" ] || fail "job j1: expected $want, got '$got'"
done
# The clock is real: begin_time is today, not 2026-01-01T00:00:00.
begin=$(curl -s "$url/v1/$project/jobs/j1" | sed -n 's/.*"begin_time":"\([^"]*\)".*/\1/p')
[ "${begin:0:10}" = "$(date -u +%Y-%m-%d)" ] || fail "begin_time $begin is not on the real clock"

code=$(curl -s -o "$out/job.json" -w '%{http_code}' -X POST "$url/__admin/jobs" \
  -d '{"job_id": "j2", "job_type": "deleteProtectionGroup", "timeline": ["RUNNING", "FAIL"]}')
[ "$code" = 201 ] || fail "POST /__admin/jobs: $code $(cat "$out/job.json")"
grep -q "\"path\":\"/v1/$project/jobs/j2\"" "$out/job.json" || fail "POST /__admin/jobs answered $(cat "$out/job.json")"
[ "$(status_of "/v1/$project/jobs/j2")" = RUNNING ] || fail "the added job is not served"

code=$(curl -s -o "$out/fault.json" -w '%{http_code}' -X POST "$url/__admin/faults" \
  -d '{"path": "/v1/*/jobs/j2", "status": 503, "times": 1}')
[ "$code" = 201 ] || fail "POST /__admin/faults: $code $(cat "$out/fault.json")"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/$project/jobs/j2")
[ "$code" = 503 ] || fail "the fault did not answer: $code"
[ "$(status_of "/v1/$project/jobs/j2")" = FAIL ] || fail "after the fault the job should go on to FAIL"

code=$(curl -s -o "$out/bad.json" -w '%{http_code}' -X POST "$url/__admin/jobs" -d '{"job_type": "x", "timeline": "INIT"}')
[ "$code" = 400 ] || fail "a bad job: $code"
grep -q '"error":"timeline: must be a list of states"' "$out/bad.json" || fail "the 400 names no field: $(cat "$out/bad.json")"

curl -s "$url/__admin/requests?path=/v1/*/jobs/j2" >"$out/journal.json"
n=$(grep -o '"method":"GET"' "$out/journal.json" | wc -l)
[ "$n" -eq 3 ] || fail "journal of j2: expected 3 GETs, got $n: $(cat "$out/journal.json")"
grep -q '"status":503' "$out/journal.json" || fail "the journal lacks the 503"
grep -q '__admin' "$out/journal.json" && fail "admin requests are in the journal"
curl -s -X DELETE "$url/__admin/requests" | grep -q '"cleared":' || fail "DELETE /__admin/requests"
curl -s "$url/__admin/requests" | grep -q '"requests":\[\]' || fail "the journal was not cleared"

curl -s -X POST "$url/__admin/reset" | grep -q '"status":"reset"' || fail "POST /__admin/reset"
[ "$(status_of "/v1/$project/jobs/j1")" = INIT ] || fail "after reset j1 should start again at INIT"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/$project/jobs/j2")
[ "$code" = 404 ] || fail "after reset the added job should be gone, got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "$url/__admin/health")
[ "$code" = 403 ] || fail "the admin API answered Host: evil.example with $code"
curl -s "$url/__admin/health" | grep -q '"status":"ok"' || fail "GET /__admin/health"
stop_server

start_server noadmin --no-admin "$out/world.lua"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/__admin/health")
[ "$code" = 404 ] || fail "--no-admin: /__admin/health answered $code"
[ "$(status_of "/v1/$project/jobs/j1")" = INIT ] || fail "--no-admin: the fake does not serve the world"
stop_server
echo "ok"

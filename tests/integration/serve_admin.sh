#!/usr/bin/env bash
# harness serve: a client GETs a job and sees its timeline; the admin API adds jobs and faults, reads and
# clears the journal, resets the world; --no-admin turns it off; SIGTERM stops the server with exit 0.
# Who may call it: DNS-rebinding Hosts and cross-site (non-JSON) changes are refused, beyond loopback the API
# is off without --admin-token and needs the token with it. A request with bytes that are not UTF-8 does not
# stop the server, and the journal shows it.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
source "$(dirname "$0")/serve_lib.bash"
cat >"$out/world.lua" <<'LUA'
fake.job { job_id = "j1", job_type = "createProtectionGroupNoCG", timeline = { "INIT", "RUNNING", "SUCCESS" } }
LUA
project=0605767d5d00d5762fd3c00d0b24be3d
start_server server "$out/world.lua"
J='Content-Type: application/json'
status_of() { curl -s "$url$1" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p'; }

for want in INIT RUNNING SUCCESS SUCCESS; do
  got=$(status_of "/v1/$project/jobs/j1")
  [ "$got" = "$want" ] || fail "job j1: expected $want, got '$got'"
done
# The clock is real: begin_time is today, not 2026-01-01T00:00:00.
begin=$(curl -s "$url/v1/$project/jobs/j1" | sed -n 's/.*"begin_time":"\([^"]*\)".*/\1/p')
[ "${begin:0:10}" = "$(date -u +%Y-%m-%d)" ] || fail "begin_time $begin is not on the real clock"

code=$(curl -s -o "$out/job.json" -w '%{http_code}' -X POST -H "$J" "$url/__admin/jobs" \
  -d '{"job_id": "j2", "job_type": "deleteProtectionGroup", "timeline": ["RUNNING", "FAIL"]}')
[ "$code" = 201 ] || fail "POST /__admin/jobs: $code $(cat "$out/job.json")"
grep -q "\"path\":\"/v1/$project/jobs/j2\"" "$out/job.json" || fail "POST /__admin/jobs answered $(cat "$out/job.json")"
[ "$(status_of "/v1/$project/jobs/j2")" = RUNNING ] || fail "the added job is not served"

code=$(curl -s -o "$out/fault.json" -w '%{http_code}' -X POST -H "$J" "$url/__admin/faults" \
  -d '{"path": "/v1/*/jobs/j2", "status": 503, "times": 1}')
[ "$code" = 201 ] || fail "POST /__admin/faults: $code $(cat "$out/fault.json")"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/$project/jobs/j2")
[ "$code" = 503 ] || fail "the fault did not answer: $code"
[ "$(status_of "/v1/$project/jobs/j2")" = FAIL ] || fail "after the fault the job should go on to FAIL"

code=$(curl -s -o "$out/bad.json" -w '%{http_code}' -X POST -H "$J" "$url/__admin/jobs" -d '{"job_type": "x", "timeline": "INIT"}')
[ "$code" = 400 ] || fail "a bad job: $code"
grep -q '"error":"timeline: must be a list of states (at least one)"' "$out/bad.json" || fail "the 400 names no field: $(cat "$out/bad.json")"

curl -s "$url/__admin/requests?path=/v1/*/jobs/j2" >"$out/journal.json"
n=$(grep -o '"method":"GET"' "$out/journal.json" | wc -l)
[ "$n" -eq 3 ] || fail "journal of j2: expected 3 GETs, got $n: $(cat "$out/journal.json")"
grep -q '"status":503' "$out/journal.json" || fail "the journal lacks the 503"
grep -q '__admin' "$out/journal.json" && fail "admin requests are in the journal"
curl -s -X DELETE -H "$J" "$url/__admin/requests" | grep -q '"cleared":' || fail "DELETE /__admin/requests"
curl -s "$url/__admin/requests" | grep -q '"requests":\[\]' || fail "the journal was not cleared"

curl -s -X POST -H "$J" "$url/__admin/reset" | grep -q '"status":"reset"' || fail "POST /__admin/reset"
[ "$(status_of "/v1/$project/jobs/j1")" = INIT ] || fail "after reset j1 should start again at INIT"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/$project/jobs/j2")
[ "$code" = 404 ] || fail "after reset the added job should be gone, got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "$url/__admin/health")
[ "$code" = 403 ] || fail "the admin API answered Host: evil.example with $code"
curl -s "$url/__admin/health" | grep -q '"status":"ok"' || fail "GET /__admin/health"
port=${url##*:}
for host in "127.0.0.1.evil.com" "127.0.0.1:$port@evil.com" "localhost:$port.evil.com" "[::1].evil.com"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "$url/__admin/requests")
  # 400 when the Host is not even host[:port] (RFC 9112), 403 when it names another server
  [ "$code" = 403 ] || [ "$code" = 400 ] || fail "the admin API answered Host: $host with $code"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: text/plain' "$url/__admin/faults" \
  -d '{"path": "/**", "status": 503}')
[ "$code" = 415 ] || fail "a text/plain POST (what a page can send cross-site) got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$J" -H 'Origin: http://evil.com' "$url/__admin/reset")
[ "$code" = 403 ] || fail "a POST from Origin: http://evil.com got $code"

# One byte that is not UTF-8 used to end the process (rc 134); now it is a 404 and the journal shows it.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /v1/p/jobs/\xff HTTP/1.1\r\nHost: x\r\nX-Bad: \xfe\r\nConnection: close\r\n\r\n' >&3
answer=$(head -c 12 <&3)
exec 3<&-
[ "$answer" = "HTTP/1.1 404" ] || fail "a target with 0xFF: '$answer'"
kill -0 "$pid" 2>/dev/null || fail "a target with 0xFF stopped the server"
curl -s "$url/__admin/requests" >"$out/bytes.json"
grep -q '"path":"L3YxL3Avam9icy//"' "$out/bytes.json" || fail "the journal lacks the bytes: $(cat "$out/bytes.json")"
stop_server

# Beyond loopback: off without a token, and the token required with one.
start_server wide --host 0.0.0.0 "$out/world.lua"
grep -q 'admin API off (bound to 0.0.0.0, beyond loopback, without --admin-token)' "$out/wide.err" ||
  fail "start-up does not say the admin API is off: $(cat "$out/wide.err")"
port=${url##*:}
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/__admin/health")
[ "$code" = 404 ] || fail "--host 0.0.0.0 without a token: /__admin/health answered $code"
stop_server
start_server token --host 0.0.0.0 --admin-token s3cret "$out/world.lua"
port=${url##*:}
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/__admin/health")
[ "$code" = 401 ] || fail "--admin-token: no token got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer s3cret' "http://127.0.0.1:$port/__admin/health")
[ "$code" = 200 ] || fail "--admin-token: the token got $code"
stop_server

start_server noadmin --no-admin "$out/world.lua"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/__admin/health")
[ "$code" = 404 ] || fail "--no-admin: /__admin/health answered $code"
[ "$(status_of "/v1/$project/jobs/j1")" = INIT ] || fail "--no-admin: the fake does not serve the world"
stop_server
echo "ok"

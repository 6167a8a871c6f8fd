#!/usr/bin/env bash
# Issue 11's round trip. A client polls `harness serve` (a world with timelines, sub-jobs, paging, a 503 and a
# reset, served over TLS with a certificate made here) through `harness record`; the generated scenario runs
# green with `harness run`; served as a world, it answers the same requests with the same statuses and
# byte-identical bodies. The same for the HAR the recorder wrote, through `harness import`.
set -uo pipefail
harness=$(realpath "$1") out=$2
rm -rf "$out" && mkdir -p "$out"
pids=()
trap 'for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done' EXIT
fail() { echo "FAIL: $*"; for f in "$out"/*.err; do [ -s "$f" ] && sed "s|^|  $(basename "$f"): |" "$f"; done; exit 1; }
command -v openssl >/dev/null || fail "openssl is not installed (scripts/setup.sh)"
command -v curl >/dev/null || fail "curl is not installed (scripts/setup.sh)"

(
  cd "$out" &&
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=harness test CA" \
    -keyout ca.key -out ca.pem &&
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout server.key -out server.csr &&
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n' >ext.cnf &&
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile ext.cnf -out server.pem
) >"$out/openssl.txt" 2>&1 || { cat "$out/openssl.txt"; fail "could not make the test certificates"; }

pid_project=0605767d5d00d5762fd3c00d0b24be3d
cat >"$out/origin.world.lua" <<'LUA'
local job = fake.job {
  job_id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9", job_type = "createProtectionGroupNoCG",
  timeline = { "INIT", "RUNNING", "SUCCESS" },
  entities = { server_group_id = "4e2a0cf8-6a55-4d55-9c1a-0ab0e0cbd0a1" },
  sub_jobs = { { job_id = "1a1b2c3d4e5f60718293a4b5c6d7e8f9", job_type = "createProtectionGroupRepNoCG",
                 timeline = { "RUNNING", "SUCCESS" } } },
}
fake.job {
  job_id = "2a1b2c3d4e5f60718293a4b5c6d7e8f9", service = "vbs", job_type = "bksCreateBackup",
  timeline = { "RUNNING", "FAIL" }, error_code = "VBS.0001", fail_reason = "no space left",
  entities = { backup_id = "ba5401a2-7cd2-4c01-8c0d-c936ab412d6d" },
}
for i = 1, 3 do
  fake.failure_job { server_group_id = "5e2a0cf8-6a55-4d55-9c1a-0ab0e0cbd0a" .. i, failure_status = "createFail",
                     job_id = "3a1b2c3d4e5f60718293a4b5c6d7e8f" .. i }
end
for i = 1, 3 do fake.kps_task { task_id = "6f0e5c1a-0000-4000-8000-00000000000" .. i, keypair_name = "kp" .. i } end
fake.fault { path = job.path, status = 503, nth = 2, headers = { ["Retry-After"] = "1" } }
fake.fault { path = "/v1/*/jobs/deleted", reset = true }
LUA

# start NAME ARGS...: a harness command in the background; waits for its "listening on URL" line.
start() {
  local name=$1; shift
  "$harness" "$@" >"$out/$name.out" 2>"$out/$name.err" &
  pids+=($!)
  for _ in $(seq 100); do
    url=$(sed -n 's/^harness [a-z]*: listening on \([^ ,]*\).*/\1/p' "$out/$name.out" 2>/dev/null | head -1)
    [ -n "$url" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || fail "harness $* did not start"
    sleep 0.1
  done
  fail "harness $* printed no URL"
}

# The client: every request, its status and body in files numbered in order (status 000: no answer).
requests=(
  "/v1/$pid_project/jobs/0a1b2c3d4e5f60718293a4b5c6d7e8f9"
  "/v1/$pid_project/jobs/0a1b2c3d4e5f60718293a4b5c6d7e8f9"
  "/v1/$pid_project/jobs/0a1b2c3d4e5f60718293a4b5c6d7e8f9"
  "/v1/$pid_project/jobs/0a1b2c3d4e5f60718293a4b5c6d7e8f9"
  "/v1/$pid_project/jobs/2a1b2c3d4e5f60718293a4b5c6d7e8f9"
  "/v1/$pid_project/jobs/2a1b2c3d4e5f60718293a4b5c6d7e8f9"
  "/v1/$pid_project/task-center/failure-jobs?limit=2&offset=0"
  "/v1/$pid_project/task-center/failure-jobs?limit=2&offset=2"
  "/v3/$pid_project/failed-tasks?limit=2&offset=0"
  "/v3/$pid_project/failed-tasks?limit=2&offset=2"
  "/v1/$pid_project/jobs/deleted"
)
client() {
  local base=$1 dir=$2 i=0
  mkdir -p "$dir"
  for target in "${requests[@]}"; do
    i=$((i + 1))
    : >"$dir/$i.body"
    curl -s --max-time 5 -H "X-Auth-Token: secret-token-123" -o "$dir/$i.body" -w '%{http_code}' \
      "$base$target" >"$dir/$i.status"
  done
}

start origin serve "$out/origin.world.lua" --port 0 --tls-cert "$out/server.pem" --tls-key "$out/server.key"
origin=$url
case "$origin" in https://*) ;; *) fail "harness serve with --tls-cert did not serve https: $origin" ;; esac
start record record --target "$origin" --ca-file "$out/ca.pem" --port 0 --requests ${#requests[@]} \
  -o "$out/recorded.lua" --har "$out/recorded.har"
recorder=$url
client "$recorder" "$out/seen"
for _ in $(seq 50); do kill -0 "${pids[-1]}" 2>/dev/null || break; sleep 0.1; done
wait "${pids[-1]}" || fail "harness record did not exit 0 after --requests ${#requests[@]}"
[ -s "$out/recorded.lua" ] || fail "harness record wrote no scenario"
[ -s "$out/recorded.har" ] || fail "harness record wrote no HAR"
grep -q "secret-token-123" "$out/recorded.lua" "$out/recorded.har" && fail "the token landed in a generated file"
[ "$(cat "$out/seen/1.status")" = 200 ] && [ "$(cat "$out/seen/2.status")" = 503 ] &&
  [ "$(cat "$out/seen/11.status")" = 000 ] || fail "the client did not see the world's answers through the recorder"

"$harness" import "$out/recorded.har" -o "$out/imported.lua" >"$out/import.out" 2>"$out/import.err" ||
  fail "harness import of the recorder's HAR failed"

# Each generated file: green under harness run; served as a world, the same statuses and bodies.
for generated in recorded imported; do
  "$harness" run "$out/$generated.lua" --junit "$out/$generated.xml" >"$out/$generated.run.out" 2>&1 ||
    { cat "$out/$generated.run.out" "$out/$generated.lua"; fail "harness run $generated.lua did not pass"; }
  start "served-$generated" serve "$out/$generated.lua" --port 0
  client "$url" "$out/replay-$generated"
  for i in $(seq ${#requests[@]}); do
    cmp -s "$out/seen/$i.status" "$out/replay-$generated/$i.status" ||
      fail "$generated.lua served request $i (${requests[$((i - 1))]}) with status $(cat "$out/replay-$generated/$i.status"), the capture $(cat "$out/seen/$i.status")"
    cmp -s "$out/seen/$i.body" "$out/replay-$generated/$i.body" ||
      fail "$generated.lua served request $i (${requests[$((i - 1))]}) with another body:
  captured: $(head -c 400 "$out/seen/$i.body")
  served:   $(head -c 400 "$out/replay-$generated/$i.body")"
  done
  kill -TERM "${pids[-1]}"; wait "${pids[-1]}"
done
echo "ok"

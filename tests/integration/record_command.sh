#!/usr/bin/env bash
# harness record in front of harness serve (examples/serve/demo.world.lua): curl's requests go through it,
# `--requests 4` stops it and it writes the HAR and the scenario; the HAR holds what curl received, byte for
# byte, with the token redacted. SIGTERM stops it too (exit 0, the file written); with nothing recorded it
# writes nothing (exit 1); a scenario it cannot write leaves the capture as a HAR (exit 1). Usage and
# configuration errors exit 2.
set -uo pipefail
harness=$(realpath "$1") out=$2
rm -rf "$out" && mkdir -p "$out"
out=$(realpath "$out")
source "$(dirname "$0")/serve_lib.bash"
command -v curl >/dev/null || fail "curl is not installed (scripts/setup.sh)"
command -v python3 >/dev/null || fail "python3 is not installed"

# start_record NAME ARGS...: harness record ARGS in the background; sets rpid and proxy (its URL).
start_record() {
  local name=$1; shift
  "$harness" record --port 0 "$@" >"$out/$name.out" 2>"$out/$name.err" &
  rpid=$!
  for _ in $(seq 100); do
    proxy=$(sed -n '1s/^harness record: listening on \(http:[^,]*\), forwarding to .*/\1/p' "$out/$name.out" 2>/dev/null)
    [ -n "$proxy" ] && return 0
    kill -0 "$rpid" 2>/dev/null || { cat "$out/$name.err"; fail "harness record $* did not start"; }
    sleep 0.1
  done
  fail "harness record $* printed no URL"
}
# wait_record CODE: harness record must exit with CODE within 5 s.
wait_record() {
  for _ in $(seq 50); do kill -0 "$rpid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$rpid" 2>/dev/null && { kill -KILL "$rpid"; fail "harness record did not stop within 5 s"; }
  wait "$rpid"; local code=$?
  [ "$code" -eq "$1" ] || { cat "$out"/*.err; fail "harness record exited $code, expected $1"; }
}
trap '[ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null; [ -n "${rpid:-}" ] && kill -KILL "$rpid" 2>/dev/null' EXIT

start_server serve examples/serve/demo.world.lua --project-id p-rec
head -1 "$out/serve.out" | grep -q '^harness serve: listening on http://127.0.0.1:' || fail "serve's first line"

# --requests 4: the 503 the world's fault gives, then INIT, a failure-job list, and a POST nobody serves.
start_record rec --target "$url" --requests 4 --har "$out/out.har" -o "$out/out.lua"
grep -qx "harness record: listening on $proxy, forwarding to $url" "$out/rec.out" || fail "the first line: $(head -1 "$out/rec.out")"
job=/v1/p-rec/jobs/0000000000000000000000000000job1
curl -s -o "$out/body1" -w '%{http_code}\n' -H 'X-Auth-Token: tok-very-secret' "$proxy$job" >"$out/codes"
curl -s -o "$out/body2" -w '%{http_code}\n' -H 'X-Auth-Token: tok-very-secret' "$proxy$job" >>"$out/codes"
curl -s -o "$out/body3" -w '%{http_code}\n' "$proxy/v1/p-rec/task-center/failure-jobs?limit=1" >>"$out/codes"
curl -s -o "$out/body4" -w '%{http_code}\n' -H 'Content-Type: application/json' -d '{"name":"x"}' \
  "$proxy/v1/p-rec/unknown-things" >>"$out/codes"
wait_record 0
[ "$(tr '\n' ' ' <"$out/codes")" = "503 200 200 404 " ] || fail "curl saw $(tr '\n' ' ' <"$out/codes")"
grep -qx "harness record: wrote 4 exchanges to $out/out.lua and $out/out.har" "$out/rec.out" ||
  fail "the last line: $(tail -1 "$out/rec.out")"
[ -s "$out/out.lua" ] || fail "no scenario written"
grep -q 'tok-very-secret' "$out/out.har" && fail "the token landed in the HAR"
python3 - "$out" "$url" <<'PY' || fail "the HAR is not what curl saw"
import json, sys
out, url = sys.argv[1], sys.argv[2]
log = json.load(open(out + "/out.har"))["log"]
assert log["version"] == "1.2" and log["creator"]["name"] == "harness", log["creator"]
entries = log["entries"]
assert [e["response"]["status"] for e in entries] == [503, 200, 200, 404], [e["response"]["status"] for e in entries]
assert [e["request"]["method"] for e in entries] == ["GET", "GET", "GET", "POST"]
assert entries[0]["request"]["url"] == url + "/v1/p-rec/jobs/0000000000000000000000000000job1", entries[0]["request"]["url"]
for i, entry in enumerate(entries, 1):
    body = open("%s/body%d" % (out, i), encoding="utf-8").read()
    assert entry["response"]["content"]["text"] == body, (i, entry["response"]["content"], body)
    assert "encoding" not in entry["response"]["content"]
headers = {h["name"]: h["value"] for h in entries[0]["request"]["headers"]}
assert headers["X-Auth-Token"] == "<redacted>", headers
assert headers["Host"] == url.split("//")[1], headers
assert json.loads(open(out + "/body2").read())["status"] == "INIT"
assert entries[2]["request"]["queryString"] == [{"name": "limit", "value": "1"}]
assert entries[3]["request"]["postData"] == {"mimeType": "application/json", "text": '{"name":"x"}'}
starts = [e["startedDateTime"] for e in entries]
assert starts == sorted(starts), starts
PY

# SIGTERM stops it: exit 0, the one exchange written (no -o: the HAR only).
start_record term --target "$url" --har "$out/term.har"
curl -s -o /dev/null "$proxy$job" || fail "curl through the proxy"
kill -TERM "$rpid"
wait_record 0
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["log"]["entries"]) == 1' "$out/term.har" ||
  fail "after SIGTERM the HAR does not hold the one exchange"
grep -q "^harness: SIGTERM: stopping the proxy; what was recorded is still written" "$out/term.err" ||
  fail "record: stderr does not say what SIGTERM does: $(cat "$out/term.err")"
# A scenario that cannot be written (-o names a folder) costs no recording: the capture is kept as FILE.har,
# exit 1.
mkdir "$out/a-folder.lua"
start_record lost --target "$url" -o "$out/a-folder.lua"
curl -s -o /dev/null "$proxy$job" || fail "curl through the proxy"
kill -TERM "$rpid"
wait_record 1
grep -q "keeping the capture as $out/a-folder.lua.har" "$out/lost.err" || fail "no word on the rescue: $(cat "$out/lost.err")"
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["log"]["entries"]) == 1' "$out/a-folder.lua.har" ||
  fail "the capture was not kept as a HAR"
# Nothing recorded: nothing written, exit 1.
start_record empty --target "$url" --har "$out/empty.har"
kill -TERM "$rpid"
wait_record 1
[ -e "$out/empty.har" ] && fail "a HAR was written with nothing recorded"
grep -q "no exchange was recorded" "$out/empty.err" || fail "no word on the empty recording"
stop_server
pid=

# Usage and configuration errors: exit 2, with a word on what is wrong.
usage() {
  local want=$1; shift
  "$harness" record "$@" >"$out/usage.out" 2>"$out/usage.err"
  local code=$?
  [ "$code" -eq 2 ] || fail "harness record $* exited $code, expected 2"
  grep -q -- "$want" "$out/usage.err" || fail "harness record $*: no \"$want\" in: $(cat "$out/usage.err")"
}
usage "nothing to write" --target https://127.0.0.1:9 --port 0
usage "--target" --target ftp://example.com --port 0 --har "$out/x.har"
usage "--target" --target https://example.com/v1 --port 0 --har "$out/x.har"
usage "no such file" --target https://127.0.0.1:9 --port 0 --har "$out/x.har" --ca-file "$out/none.pem"
usage "target is required" --har "$out/x.har"
usage "not a header name" --target https://127.0.0.1:9 --port 0 --har "$out/x.har" --redact "a b"
# A port in use is a start-up error, not a recording.
start_record busy --target https://127.0.0.1:9 --har "$out/x.har"
busy_port=${proxy##*:}
usage "cannot listen" --target https://127.0.0.1:9 --port "$busy_port" --har "$out/y.har"
kill -TERM "$rpid"
wait_record 1
echo "ok"

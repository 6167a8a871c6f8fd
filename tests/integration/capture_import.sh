#!/usr/bin/env bash
# harness import on examples/capture/incident.har (SDRS job polls with sub-jobs and a 503, KPS failed-task pages
# with a 400, a VBS job; as a browser exports them): the generated scenario runs green, holds no token, and a body
# edited in the HAR to break the published schema makes its case fail naming the field's JSON pointer. A journal
# saved from harness serve imports too; the generated file the docs show is what import writes. Bad captures are configuration errors (exit 2) naming the file.
set -uo pipefail
harness=$(realpath "$1") out=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out" && mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
har=$here/examples/capture/incident.har

"$harness" import "$har" -o "$out/incident.lua" >"$out/import.out" 2>&1 || { cat "$out/import.out"; fail "import failed"; }
grep -q "MIIZkQYJ" "$out/incident.lua" && fail "the captured X-Auth-Token landed in the file"
"$harness" run "$out/incident.lua" --junit "$out/incident.xml" >"$out/run.out" 2>&1 ||
  { cat "$out/run.out"; fail "the generated scenario does not pass"; }

# Break the SDRS job's last body: begin_time a number, where the page says a string.
python3 - "$har" "$out/broken.har" <<'PY'
import json, sys
har = json.load(open(sys.argv[1]))
entry = [e for e in har["log"]["entries"] if "/jobs/ff8080826b45d4a5016b5036242c0025" in e["request"]["url"]][-1]
body = json.loads(entry["response"]["content"]["text"])
body["entities"]["sub_jobs"][1]["begin_time"] = 1560418855
entry["response"]["content"]["text"] = json.dumps(body)
json.dump(har, open(sys.argv[2], "w"))
PY
"$harness" import "$out/broken.har" -o "$out/broken.lua" >"$out/import-broken.out" 2>&1 || fail "import of the edited HAR failed"
"$harness" run "$out/broken.lua" --junit "$out/broken.xml" >"$out/broken.out" 2>&1
code=$?
[ "$code" -eq 1 ] || { cat "$out/broken.out"; fail "the edited capture: exit $code, expected 1"; }
grep -q "/entities/sub_jobs/1/begin_time" "$out/broken.out" ||
  { cat "$out/broken.out"; fail "the failure does not name /entities/sub_jobs/1/begin_time"; }

# The shapes real exporters write: a body in base64, an entry without a response, a 0 status with Chrome's _error,
# an entry without content text; imported and run green.
python3 - "$har" "$out/shapes.har" <<'PY'
import base64, copy, json, sys
har = json.load(open(sys.argv[1]))
entries = har["log"]["entries"]
content = entries[0]["response"]["content"]
content["text"] = base64.b64encode(content["text"].encode()).decode()
content["encoding"] = "base64"
lost = copy.deepcopy(entries[0])
lost["request"]["url"] = lost["request"]["url"].rsplit("/", 1)[0] + "/deleted"
lost["startedDateTime"] = "2026-11-30T09:41:20.000Z"
del lost["response"]
failed = copy.deepcopy(lost)
failed["startedDateTime"] = "2026-11-30T09:41:21.000Z"
failed["response"] = {"status": 0, "statusText": "", "headers": [], "content": {"size": 0, "mimeType": "x-unknown"},
                      "_error": "net::ERR_CONNECTION_RESET"}
entries += [lost, failed]
json.dump(har, open(sys.argv[2], "w"))
PY
"$harness" import "$out/shapes.har" -o "$out/shapes.lua" >"$out/import-shapes.out" 2>&1 ||
  { cat "$out/import-shapes.out"; fail "import of the exporters' shapes failed"; }
grep -q 'reset = true' "$out/shapes.lua" || { cat "$out/shapes.lua"; fail "a failed request did not become a reset"; }
"$harness" run "$out/shapes.lua" --junit "$out/shapes.xml" >"$out/shapes.run" 2>&1 ||
  { cat "$out/shapes.run" "$out/shapes.lua"; fail "the scenario from the exporters' shapes does not pass"; }

# docs/writing-scenarios.md shows the file generated from examples/capture/sdrs_job.har in full: it must be what
# harness import writes today.
(cd "$here" && "$harness" import examples/capture/sdrs_job.har) >"$out/sdrs_job.lua" 2>"$out/sdrs_job.err" ||
  fail "import of examples/capture/sdrs_job.har failed"
awk '/writes from it, in full:/ { armed = 1; next } armed && /^```lua/ { inside = 1; next }
     inside && /^```/ { exit } inside { print }' "$here/docs/writing-scenarios.md" >"$out/doc_shown.lua"
diff -u "$out/doc_shown.lua" "$out/sdrs_job.lua" >"$out/doc.diff" ||
  { cat "$out/doc.diff"; fail "docs/writing-scenarios.md does not show what harness import writes (diff above)"; }

# A client's run against harness serve, its journal saved and imported: the timeline comes from the states the
# journal says were served.
cat >"$out/run.world.lua" <<'LUA'
local job = fake.job { job_id = "j1", job_type = "createProtectionGroupNoCG", timeline = { "INIT", "RUNNING", "FAIL" } }
fake.fault { path = job.path, status = 503, nth = 2 }
LUA
"$harness" serve --port 0 "$out/run.world.lua" >"$out/serve.out" 2>"$out/serve.err" &
serve_pid=$!
trap 'kill -KILL $serve_pid 2>/dev/null' EXIT
for _ in $(seq 100); do
  url=$(sed -n 's/^harness serve: listening on //p' "$out/serve.out" 2>/dev/null)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$out/serve.err"; fail "harness serve did not start"; }
for _ in 1 2 3 4; do curl -s -o /dev/null "$url/v1/0605767d5d00d5762fd3c00d0b24be3d/jobs/j1"; done
curl -s "$url/__admin/requests" >"$out/journal.json"
kill -TERM $serve_pid; wait $serve_pid
"$harness" import "$out/journal.json" -o "$out/journal.lua" >"$out/import-journal.out" 2>&1 ||
  { cat "$out/import-journal.out"; fail "import of a journal failed"; }
grep -q 'timeline = { "INIT", "RUNNING", "FAIL" }' "$out/journal.lua" ||
  { cat "$out/journal.lua"; fail "the journal's states did not give the job its timeline"; }
"$harness" run "$out/journal.lua" --junit "$out/journal.xml" >"$out/journal.run" 2>&1 ||
  { cat "$out/journal.run" "$out/journal.lua"; fail "the scenario from a journal does not pass"; }

# Bad captures: exit 2, the file named.
echo '{"log": {"entries": [{"request": {"method": "GET"}}]}}' >"$out/bad.har"
"$harness" import "$out/bad.har" -o "$out/bad.lua" >"$out/bad.out" 2>&1
[ $? -eq 2 ] || fail "a HAR entry without a url: expected exit 2"
grep -q "bad.har" "$out/bad.out" || fail "the error does not name the file: $(cat "$out/bad.out")"
"$harness" import "$out/none.har" -o "$out/x.lua" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a missing capture: expected exit 2"
[ -e "$out/x.lua" ] && fail "a failed import wrote a file"
echo "ok"

#!/usr/bin/env bash
# A service the fake does not know, served by `harness serve` from a world file alone: examples/serve/ecs.world.lua
# declares ECS's POST and job GET as Lua functions (fake.endpoint{handler = ...}), examples/serve/ecs_client.sh
# starts a job and polls it over a real socket, and the world's checks pass only if the client saw RUNNING,
# RUNNING, SUCCESS for its own job and a job nobody created is a 404.
set -uo pipefail
harness=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
command -v curl >/dev/null || fail "curl is needed (scripts/setup.sh installs it)"

"$harness" serve examples/serve/ecs.world.lua --port 0 --junit "$out/serve.xml" -- examples/serve/ecs_client.sh \
  >"$out/log" 2>&1
status=$?
[ "$status" -eq 0 ] || { cat "$out/log"; fail "harness serve exited $status"; }
grep -q "poll 3: SUCCESS" "$out/log" || { cat "$out/log"; fail "the client did not reach SUCCESS on its third poll"; }
grep -q 'tests="3"' "$out/serve.xml" || fail "the report does not hold the client command and the two checks"
grep -q '<failure' "$out/serve.xml" && fail "a check failed"
echo "ok"

#!/bin/sh
# A tiny ECS client under test: creates a server (POST), then polls the job the answer names until it ends.
# `harness serve examples/serve/ecs.world.lua -- examples/serve/ecs_client.sh` sets HARNESS_URL and
# HARNESS_PROJECT_ID.
set -u
url=${HARNESS_URL:?run me with harness serve WORLD -- $0}
project=${HARNESS_PROJECT_ID:?}
answer=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"server": {"name": "web"}}' \
  "$url/v1/$project/cloudservers") || exit 1
job=$(printf '%s' "$answer" | sed -n 's/.*"job_id":"\([0-9a-f]*\)".*/\1/p')
[ -n "$job" ] || { echo "no job_id in: $answer" >&2; exit 1; }
echo "started job $job"
exec "$(dirname "$0")/poll_client.sh" "$job"

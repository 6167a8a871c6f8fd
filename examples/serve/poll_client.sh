#!/bin/sh
# A tiny client under test: polls a job until it is SUCCESS or FAIL, retrying 5xx answers.
# `harness serve WORLD -- examples/serve/poll_client.sh [JOB_ID]` sets HARNESS_URL and HARNESS_PROJECT_ID.
set -u
url=${HARNESS_URL:?run me with harness serve WORLD -- $0}
project=${HARNESS_PROJECT_ID:?}
job=${1:-0000000000000000000000000000job1}
tries=0
while [ "$tries" -lt 20 ]; do
  tries=$((tries + 1))
  answer=$(curl -s -w '\n%{http_code}' "$url/v1/$project/jobs/$job") || { sleep 0.2; continue; }
  code=$(printf '%s\n' "$answer" | tail -n 1)
  body=$(printf '%s\n' "$answer" | sed '$d')
  case $code in
    5??) echo "poll $tries: $code, retrying"; sleep 0.2; continue ;;
    200) ;;
    *) echo "poll $tries: unexpected $code: $body" >&2; exit 1 ;;
  esac
  status=$(printf '%s' "$body" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p')
  echo "poll $tries: $status"
  case $status in
    SUCCESS) exit 0 ;;
    FAIL) exit 1 ;;
  esac
  sleep 0.1
done
echo "gave up after $tries polls" >&2
exit 1

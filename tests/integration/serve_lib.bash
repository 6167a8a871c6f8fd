# Shared by tests/integration/serve_*.sh (sourced; not a test itself: it has no .sh suffix).
fail() { echo "FAIL: $*"; [ -f "$out/server.err" ] && sed 's/^/  server stderr: /' "$out/server.err"; exit 1; }
# start_server NAME ARGS...: harness serve ARGS in the background on a free port; sets pid and url.
start_server() {
  local name=$1; shift
  "$harness" serve --port 0 "$@" >"$out/$name.out" 2>"$out/$name.err" &
  pid=$!
  for _ in $(seq 100); do
    url=$(sed -n '1s/^harness serve: listening on //p' "$out/$name.out" 2>/dev/null)
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$out/$name.err"; fail "harness serve $* did not start"; }
    sleep 0.1
  done
  fail "harness serve $* printed no URL"
}
# stop_server: SIGTERM, then it must exit 0 within 3 s.
stop_server() {
  kill -TERM "$pid"
  for _ in $(seq 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; fail "SIGTERM did not stop the server within 3 s"; }
  wait "$pid"; local code=$?
  [ "$code" -eq 0 ] || fail "after SIGTERM the server exited $code, expected 0"
}
trap '[ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null' EXIT

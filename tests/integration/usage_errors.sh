#!/usr/bin/env bash
# Usage and configuration problems exit 2 with a message; once the arguments are parsed, the report holds one
# errored case saying what was wrong (an unknown option gets no report: there is no --junit to trust).
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
check() {  # expected-code expected-text args...
  local want=$1 text=$2; shift 2
  "$harness" "$@" >"$out/out.txt" 2>&1
  local code=$?
  [ "$code" -eq "$want" ] || { cat "$out/out.txt"; fail "harness $*: exit $code, expected $want"; }
  grep -qF -- "$text" "$out/out.txt" || { cat "$out/out.txt"; fail "harness $*: output lacks '$text'"; }
}
check 2 "no such file or folder" run no/such/path --junit "$out/r1.xml"
check 2 "not a scenario file" run CMakeLists.txt --junit "$out/r2.xml"
check 2 "fixtures folder does not exist" run scenarios --fixtures "$out/none" --junit "$out/r3.xml"
check 2 "" run --no-such-flag
check 2 "" 
for r in r1 r2 r3; do
  grep -q '<error type="configuration"' "$out/$r.xml" || fail "$r.xml: no report naming the configuration problem"
done
grep -q "no such file or folder" "$out/r1.xml" || fail "r1.xml does not say what was wrong"
check 0 "0.1.0" --version
echo "ok"

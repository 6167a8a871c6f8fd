#!/usr/bin/env bash
# Usage and configuration problems exit 2 with a message, and write no report.
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
[ ! -e "$out/r1.xml" ] || fail "a report was written for a usage error"
check 0 "0.1.0" --version
echo "ok"

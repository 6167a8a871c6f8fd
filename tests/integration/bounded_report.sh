#!/usr/bin/env bash
# A case that makes many requests still gives a small report that xmllint reads without --huge (libxml2 refuses
# a text node over 10 MB): the first and last 20 exchanges are kept, the rest counted in a "not shown" line.
# 1000 requests by default (a sanitizer build makes ~150 a second); HARNESS_BOUNDED_REQUESTS=200000 for the
# full size (about 25 minutes there).
set -uo pipefail
harness=$1 out=$2
rm -rf "$out"; mkdir -p "$out"
requests=${HARNESS_BOUNDED_REQUESTS:-1000}
fail() { echo "FAIL: $*"; exit 1; }
cat >"$out/many.lua" <<LUA
case("polls $requests times, then fails", function()
  local res
  for i = 1, $requests do res = http.get("/v1/" .. project_id .. "/jobs/nope-" .. i) end
  expect(res.status).equals(200)
end)
LUA
start=$(date +%s)
"$harness" run "$out/many.lua" --junit "$out/many.xml" --timeout 900 --color never >"$out/many.out" 2>&1
code=$?
echo "$requests requests in $(($(date +%s) - start)) s"
[ "$code" -eq 1 ] || { tail -20 "$out/many.out"; fail "exit $code, expected 1 (the case fails)"; }
size=$(stat -c %s "$out/many.xml")
[ "$size" -lt 3000000 ] || fail "the report is $size bytes"
xmllint --noout "$out/many.xml" || fail "xmllint (without --huge) does not read the report"
xsd=../shared/junit/JUnit.xsd
if [ -f "$xsd" ]; then xmllint --noout --schema "$xsd" "$out/many.xml" || fail "not valid JUnit"; fi
not_shown=$((requests - 40))
grep -q "\.\.\. $not_shown exchanges ([0-9]* body bytes) not shown" "$out/many.xml" || fail "no \"$not_shown exchanges (B body bytes) not shown\" line"
grep -q "> GET /v1/[0-9a-f]*/jobs/nope-1$" "$out/many.xml" || fail "the first exchange is not kept"
grep -q "> GET /v1/[0-9a-f]*/jobs/nope-$requests$" "$out/many.xml" || fail "the last exchange is not kept"
grep -q "last HTTP exchange of the case:" "$out/many.xml" || fail "the failure lacks its last exchange"
echo "ok ($size bytes)"

#!/usr/bin/env bash
# harness run DIR: files under lib/ are modules for require(), not scenarios (given by name, a module or the lib/
# folder is a configuration error); a scenario requires one from another folder of the tree; and a global one
# case sets is not seen by the next, run whole or with -k.
set -uo pipefail
harness=$1 out=$2
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out/tree/lib/kps" "$out/tree/sdrs"
cat >"$out/tree/lib/kps/ids.lua" <<'LUA'
-- A module: run as a scenario it would be an error (it defines no case).
return { of = function(list) local ids = {} for i, t in ipairs(list) do ids[i] = t.task_id end return ids end }
LUA
cat >"$out/tree/sdrs/uses.lua" <<'LUA'
local ids = require("kps.ids")
counter = 0
case("a case that leaks", function()
  counter = counter + 1
  leaked = "yes"
  expect(ids.of { { task_id = "a" } }).equals { "a" }
end)
case("the next case sees the top level's globals", function()
  expect(counter).equals(0)
  expect(rawget(_G, "leaked")).equals(nil)
end)
LUA
"$harness" run "$out/tree" --junit "$out/all.xml" >"$out/all.txt" 2>&1 || { cat "$out/all.txt"; fail "the run failed"; }
grep -q 'ids.lua\|defines no case' "$out/all.xml" && fail "a module under lib/ was run as a scenario"
[ "$(grep -c '<testcase ' "$out/all.xml")" -eq 2 ] || fail "expected the 2 cases of uses.lua"
"$harness" run "$out/tree" -k "the next case" --junit "$out/one.xml" >"$out/one.txt" 2>&1 ||
  { cat "$out/one.txt"; fail "the case alone failed"; }
[ "$(grep -c '<testcase ' "$out/one.xml")" -eq 1 ] || fail "-k chose other cases"

# A module, or the modules folder, given by name: exit 2 with a report saying it is a module, not a scenario.
# A module that defines cases (scenarios/lib/paging.lua does) would otherwise run as a scenario.
printf 'case("a case in a module", function() end)\nreturn {}\n' >"$out/tree/lib/with_case.lua"
for given in "$out/tree/lib/kps/ids.lua" "$out/tree/lib/with_case.lua" "$out/tree/lib" "$out/tree/lib/kps"; do
  rm -f "$out/mod.xml"
  "$harness" run "$given" --junit "$out/mod.xml" >"$out/mod.txt" 2>&1
  code=$?
  [ $code -eq 2 ] || { cat "$out/mod.txt"; fail "run $given: exit $code, expected 2"; }
  grep -q 'type="configuration"' "$out/mod.xml" || fail "run $given: no report with the problem"
  grep -q "for require()" "$out/mod.xml" || fail "run $given: the report does not say it is a module"
done
harness_path=$(realpath "$harness")
(cd "$out/tree" && "$harness_path" run lib/with_case.lua --junit "$out/mod.xml" >"$out/mod.txt" 2>&1)
[ $? -eq 2 ] && grep -q "lib/with_case.lua: a module for require()" "$out/mod.xml" ||
  fail "a module given by a path relative to the scenarios root was run: $(cat "$out/mod.txt")"
"$harness" run "$out/tree/sdrs/uses.lua" --junit "$out/uses.xml" >"$out/uses.txt" 2>&1 ||
  { cat "$out/uses.txt"; fail "a scenario beside the lib/ folder's tree was refused"; }
echo "ok"

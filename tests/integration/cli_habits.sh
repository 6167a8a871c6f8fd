#!/usr/bin/env bash
# pytest/ctest habits: -x/--maxfail, --lf/--ff and the state beside the report, -k expressions, --tag with not,
# --durations, -q/-v, NO_COLOR and TERM=dumb, world files skipped, and a report on every parsed exit path.
set -uo pipefail
harness=$1 out=$2
rm -rf "$out" && mkdir -p "$out/s/sub"
fail() { echo "FAIL: $*"; exit 1; }
cat >"$out/s/a.lua" <<'LUA'
case("alpha passes", function() expect(1).equals(1) end)
case("beta fails", { tags = { "slow" } }, function() expect(2).equals(3) end)
case("gamma passes", { tags = { "slow", "net" } }, function() expect(3).equals(3) end)
LUA
cat >"$out/s/sub/b.lua" <<'LUA'
case("delta fails", function() expect("x").equals("y") end)
case("epsilon passes", function() expect(5).equals(5) end)
LUA
cat >"$out/s/sub/live.world.lua" <<'LUA'
check("a world file's check", function() expect(1).equals(1) end)
LUA
run() { "$harness" run "$out/s" --junit "$out/r.xml" --color never "$@" >"$out/o.txt" 2>&1; }
state=$out/r.last-failed.json

# A world file is skipped in a folder, and refused by name.
run; [ $? -eq 1 ] || fail "the plain run: exit $?"
grep -q "check(" "$out/o.txt" && fail "the world file ran as a scenario"
grep -q "3 passed, 2 failed, 0 errored, 0 skipped" "$out/o.txt" || fail "totals: $(cat "$out/o.txt")"
[ "$(grep -c " passed, " "$out/o.txt")" -eq 1 ] || fail "more than one total line"
"$harness" run "$out/s/sub/live.world.lua" --junit "$out/w.xml" >"$out/w.txt" 2>&1
[ $? -eq 2 ] && grep -q "a world file of harness serve" "$out/w.txt" || fail "a world file given by name"

# The state beside the report; --lf reruns just the failures; --ff puts them first.
[ -f "$state" ] || fail "no $state"
grep -q '"beta fails"' "$state" && grep -q '"delta fails"' "$state" || fail "state: $(cat "$state")"
grep -q "alpha" "$state" && fail "a passing case is in the state"
run --lf; [ $? -eq 1 ] || fail "--lf: exit"
[ "$(grep -c '<testcase ' "$out/r.xml")" -eq 2 ] || fail "--lf ran other than the 2 failures: $(cat "$out/o.txt")"
run --ff; [ $? -eq 1 ] || fail "--ff: exit"
grep -A1 "s/a.lua$" "$out/o.txt" | grep -q "FAIL  beta fails" || fail "--ff did not run beta first: $(cat "$out/o.txt")"
sed -i 's/expect(2).equals(3)/expect(2).equals(2)/' "$out/s/a.lua"   # beta is fixed
run --lf; [ $? -eq 1 ] || fail "--lf after a fix: delta still fails"
grep -q "beta" "$state" && fail "a fixed case stayed in the state"
grep -q "delta" "$state" || fail "the failure that remains left the state"

# -x and --maxfail stop the run; what did not run is skipped, with why.
run -x; [ $? -eq 1 ] || fail "-x: exit"
grep -q "1 failed, 0 errored" "$out/o.txt" || fail "-x ran on: $(cat "$out/o.txt")"
sed -i 's/expect(3).equals(3) end)$/expect(3).equals(4) end)/' "$out/s/a.lua"   # gamma fails now
run -x -j 1; grep -q "skipped" "$out/r.xml" || fail "-x reported nothing skipped"
grep -q "stopped after 1 failed or errored case (-x/--maxfail)" "$out/r.xml" || fail "-x: no reason in the report"
grep -q "stopped after 1 failed or errored case (-x/--maxfail): the run stopped early" "$out/o.txt" ||
  fail "-x: the summary does not say it stopped"
run --maxfail 2; grep -q "2 passed, 2 failed, 0 errored, 1 skipped" "$out/o.txt" || fail "--maxfail 2: $(cat "$out/o.txt")"
grep -q "SKIP  epsilon" "$out/o.txt" || fail "--maxfail 2 ran past the second failure"

# -k expressions and --tag with not.
run -k "passes and not (alpha or epsilon)" --list; grep -qx "$out/s/a.lua: gamma fails.*" "$out/o.txt" && fail "-k ran gamma"
"$harness" run "$out/s" --list -k "alpha or delta" >"$out/k.txt" || fail "-k list"
[ "$(wc -l <"$out/k.txt")" -eq 2 ] || fail "-k 'alpha or delta': $(cat "$out/k.txt")"
"$harness" run "$out/s" --list --tag "not slow" >"$out/t.txt" || fail "--tag list"
grep -q "beta\|gamma" "$out/t.txt" && fail "--tag 'not slow' kept a slow case"
[ "$(wc -l <"$out/t.txt")" -eq 3 ] || fail "--tag 'not slow': $(cat "$out/t.txt")"
"$harness" run "$out/s" --list --tag "slow and not net" >"$out/t.txt"
[ "$(cat "$out/t.txt")" = "$out/s/a.lua: beta fails  [slow]" ] || fail "--tag 'slow and not net': $(cat "$out/t.txt")"

# -k and --tag take one EXPR each: a path after them stays a path.
"$harness" run -k beta "$out/s/a.lua" --list >"$out/k.txt" 2>&1
[ "$(cat "$out/k.txt")" = "$out/s/a.lua: beta fails  [slow]" ] || fail "-k beta PATH: $(cat "$out/k.txt")"
"$harness" run --tag net "$out/s" --list >"$out/t.txt" 2>&1
[ "$(cat "$out/t.txt")" = "$out/s/a.lua: gamma passes  [slow net]" ] || fail "--tag net PATH: $(cat "$out/t.txt")"

# A bad expression is a usage error naming the column, and still leaves a report saying so.
rm -f "$out/r.xml"
run -k "alpha and (beta"; [ $? -eq 2 ] || fail "a bad -k: exit"
grep -q "column 11 is never closed" "$out/o.txt" || fail "a bad -k: $(cat "$out/o.txt")"
grep -q 'type="configuration"' "$out/r.xml" || fail "a bad -k left no report"
"$harness" run "$out/s" --list -k nothing-matches >/dev/null 2>&1; [ $? -eq 2 ] || fail "--list choosing nothing must exit 2"

# Every parsed exit path writes a report: a missing path, a broken fixtures folder.
for args in "$out/nope" "$out/s --fixtures $out/no-fixtures"; do
  rm -f "$out/c.xml"
  # shellcheck disable=SC2086
  "$harness" run $args --junit "$out/c.xml" >"$out/c.txt" 2>&1; [ $? -eq 2 ] || fail "$args: exit"
  grep -q '<error type="configuration"' "$out/c.xml" || fail "$args: no report with the problem"
  grep -q 'errors="1"' "$out/c.xml" || fail "$args: the report does not count one error"
done
grep -q "the fixtures folder does not exist" "$out/c.xml" || fail "the report does not say what was wrong"

# --durations, -q, -v.
run --durations 2; grep -A2 "^slowest 2 cases:" "$out/o.txt" | grep -q "s  $out/s/" || fail "--durations: $(cat "$out/o.txt")"
run -q; grep -q "PASS" "$out/o.txt" && fail "-q printed passing cases"
grep -q "FAIL  delta fails" "$out/o.txt" || fail "-q hid a failure"

# Colours: NO_COLOR and TERM=dumb turn auto off on a terminal; --color always still colours.
if command -v script >/dev/null; then
  tty_run() { TERM=${TERM_FOR:-xterm} script -qec "$*" /dev/null >"$out/tty.txt" 2>&1; }
  tty_run "$harness" run "$out/s" --junit "$out/r.xml"
  grep -q $'\x1b\[3' "$out/tty.txt" || fail "no colour on a terminal"
  NO_COLOR=1 tty_run "$harness" run "$out/s" --junit "$out/r.xml"
  grep -q $'\x1b\[3' "$out/tty.txt" && fail "NO_COLOR was not honoured"
  TERM_FOR=dumb tty_run "$harness" run "$out/s" --junit "$out/r.xml"
  grep -q $'\x1b' "$out/tty.txt" && fail "TERM=dumb got escape codes (colour or the progress line)"
  NO_COLOR=1 tty_run "$harness" run "$out/s" --junit "$out/r.xml" --color always
  grep -q $'\x1b\[3' "$out/tty.txt" || fail "--color always lost to NO_COLOR"
fi
echo "ok"

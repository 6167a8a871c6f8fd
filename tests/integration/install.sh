#!/usr/bin/env bash
# `cmake --install` into a temporary prefix gives a harness that runs a copy of scenarios/ from a folder with
# no fixtures/: it finds <prefix>/share/harness/fixtures from its own bin/. Then the lookup order: an explicit
# --fixtures wins (a wrong one is an error), ./fixtures comes before the installed ones.
set -uo pipefail
harness=$1 out=$2
build=$(dirname "$harness")
rm -rf "$out"
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
source "$(dirname "$0")/installed_tree.bash"

# The completion file is built by the ALL target; a build of `--target harness` alone lacks it.
cmake --build "$build" --target harness_completion >"$out/build.log" 2>&1 || { cat "$out/build.log"; fail "build"; }
prefix=$out/prefix
cmake --install "$build" --prefix "$prefix" >"$out/install.log" 2>&1 || { cat "$out/install.log"; fail "install"; }
check_installed_files "$prefix"
cmp -s "$prefix/share/bash-completion/completions/harness" <("$harness" completion bash) ||
  fail "the installed completion differs from 'harness completion bash'"

run_copy_of_scenarios "$prefix" elsewhere

# A conforms case: it needs the schemas, so it shows which fixtures folder was used.
mkdir -p probe
cat >probe/probe.lua <<'LUA'
case("the job body conforms", function()
  local job = fake.job { job_type = "createProtectionGroupNoCG", timeline = { "SUCCESS" } }
  expect(http.get(job.path)).conforms("sdrs/job_status")
end)
LUA
"$prefix/bin/harness" run probe --junit "$out/probe.xml" >/dev/null 2>&1 || fail "the probe failed with the installed fixtures"

"$prefix/bin/harness" run probe --fixtures "$out/no-such-folder" --junit "$out/wrong.xml" >/dev/null 2>"$out/wrong.err"
code=$?
[ $code -eq 2 ] || fail "a wrong explicit --fixtures exited $code, not 2"
grep -qs "no-such-folder" "$out/wrong.err" "$out/wrong.xml" || fail "the error does not name the wrong --fixtures"

mkdir -p fixtures  # an empty ./fixtures comes first: the schema is missing there, so the case fails
"$prefix/bin/harness" run probe --junit "$out/beside.xml" >/dev/null 2>&1
code=$?
[ $code -eq 1 ] || fail "with ./fixtures present the installed fixtures were used (exit $code)"
grep -q 'type="fixture"' "$out/beside.xml" || fail "the probe did not fail on the missing schema in ./fixtures"
rmdir fixtures

# A binary moved away from its share/ finds no fixtures: a configuration error, not a silent default.
mkdir -p "$out/bare/bin"
cp "$prefix/bin/harness" "$out/bare/bin/"
"$out/bare/bin/harness" run probe --junit "$out/bare.xml" >/dev/null 2>"$out/bare.err"
code=$?
[ $code -eq 2 ] || fail "a binary without fixtures exited $code, not 2"
grep -qs "fixtures folder" "$out/bare.err" "$out/bare.xml" || fail "the error does not mention the fixtures folder"
echo "ok"

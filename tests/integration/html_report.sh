#!/usr/bin/env bash
# --html and contract coverage end to end: the page is self-contained and escapes hostile titles and bodies;
# --coverage-json counts what the journals show; --require-coverage statuses fails naming the gaps; shards'
# coverage merges with `harness merge` into the same counts as one run.
set -uo pipefail
harness=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
expect_in() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
expect_not() { ! grep -qF -- "$2" "$1" || fail "$1 has: $2"; }

f=tests/scenarios/html_report.lua
"$harness" run "$f" --junit "$out/junit.xml" --html "$out/index.html" --coverage \
  --coverage-json "$out/coverage.json" --require-coverage statuses --color never >"$out/console.txt" 2>&1
code=$?
cat "$out/console.txt"
[ "$code" -eq 1 ] || fail "exit code $code, expected 1"
page="$out/index.html"
[ -s "$page" ] || fail "no HTML report"
# Self-contained: no element loads anything, one script (ours), the policy forbids any fetch.
expect_in "$page" "default-src 'none'"
for ref in '<link' '@import' 'url('; do expect_not "$page" "$ref"; done
! grep -qE '<(img|link|iframe|object|embed|source|a)[ >]' "$page" || fail "an element of the page loads something"
expect_in "$page" 'id="count-passed">1 passed'
[ "$(grep -o '<script' "$page" | wc -l)" -eq 1 ] || fail "more than one <script in the page"
[ "$(grep -o '</script' "$page" | wc -l)" -eq 1 ] || fail "a </script> from a title or body was not escaped"
expect_not "$page" '<img'
expect_not "$page" '<b>bold'
expect_in "$page" '&lt;/script&gt;&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt; \x01\x1b[31m'
expect_in "$page" $'\xef\xbf\xbd'  # invalid UTF-8 shown as U+FFFD
expect_in "$page" 'id="count-failed">2 failed'
expect_in "$page" 'id="count-errored">1 errored'
expect_in "$page" '<mark class="ptr" title="/job_id"><span class="jv">42</span></mark>'
expect_in "$page" "<span class=\"loc\">$f:21</span>"
expect_in "$page" '<th>X-Hostile</th><td>&lt;script&gt;alert(2)&lt;/script&gt;</td>'
expect_in "$page" 'data-endpoint="sdrs GET /v1/{project_id}/jobs/{job_id}" data-status="200">'
expect_in "$page" 'data-endpoint="sdrs GET /v1/{project_id}/jobs/{job_id}" data-status="503">0<'
# Coverage: the job-status 200s this file's cases got (3 polls, one fault answer, one FAIL job), the states.
expect_in "$out/coverage.json" '"format": "harness-coverage/1"'
expect_in "$out/console.txt" '--require-coverage statuses: documented statuses never answered:'
expect_in "$out/console.txt" '  sdrs GET /v1/{project_id}/jobs/{job_id}: 400 401 403 404 405 406 407 408 409 500 501 502 503 504'
expect_in "$out/console.txt" '  1/8  fault kinds  never: close delay drip hang malformed reset truncate'
expect_in "$out/console.txt" '  4/4  job states'

# Shards: each writes its coverage; merge joins them into the counts of one run over the same files.
files=(scenarios/faults/kinds.lua scenarios/sdrs/job_status.lua)
"$harness" run "${files[@]}" --junit "$out/one.xml" --coverage-json "$out/one.json" >/dev/null 2>&1 || fail "one run"
for i in 1 2; do
  "$harness" run "${files[@]}" --shard "$i/2" --junit "$out/s$i.xml" --coverage-json "$out/s$i.json" >/dev/null 2>&1 ||
    fail "shard $i"
done
"$harness" merge "$out/merged.xml" "$out/s1.xml" "$out/s2.xml" --coverage-from "$out/s1.json" \
  --coverage-from "$out/s2.json" --coverage-json "$out/merged.json" --html "$out/merged.html" >"$out/merge.txt" 2>&1 ||
  fail "merge: $(cat "$out/merge.txt")"
# The same counts (request times aside, nothing differs between one run and its shards).
diff <(grep -v '"requests"' "$out/one.json") <(grep -v '"requests"' "$out/merged.json") || fail "merged coverage differs"
expect_in "$out/merged.html" 'id="grid-statuses"'
expect_in "$out/merged.html" "scenarios/faults/kinds.lua"
"$harness" merge "$out/m2.xml" "$out/s1.xml" --coverage-json "$out/x.json" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--coverage-json without --coverage-from must be a usage error"
echo '{"format":"harness-coverage/1","faults":{"reset":-1}}' >"$out/bad.json"
"$harness" merge "$out/m3.xml" "$out/s1.xml" --coverage-from "$out/bad.json" --coverage >"$out/bad.txt" 2>&1
[ $? -eq 2 ] || fail "a broken coverage file must be exit 2"
expect_in "$out/bad.txt" "bad.json: /faults/reset: expected a count"
echo "ok"

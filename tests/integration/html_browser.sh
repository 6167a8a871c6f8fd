#!/usr/bin/env bash
# The HTML report in a real browser (headless Chromium): the DOM after the page's script ran has the counts,
# the failing case's violation marked, the coverage grid's cells, no element made of a hostile title or body,
# and the filters work (set from the address's #search=...&hide=...). A screenshot is kept under reports/.
# Skips (exit 77, which ctest shows as skipped), saying so, where chromium is not installed (scripts/setup.sh
# installs it).
set -uo pipefail
harness=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium is not installed (scripts/setup.sh installs it): the browser test did not run"
  exit 77
fi
expect_in() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
browser() { timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$out/profile" "$@" 2>>"$out/chromium.log"; }

"$harness" run tests/scenarios/html_report.lua --junit "$out/junit.xml" --html "$out/index.html" >/dev/null 2>&1
[ $? -eq 1 ] || fail "the run did not exit 1"
url="file://$(cd "$out" && pwd)/index.html"

browser --dump-dom "$url" >"$out/dom.html" || fail "chromium could not open the page: $(tail -3 "$out/chromium.log")"
dom="$out/dom.html"
expect_in "$dom" 'id="shown">4 of 4 cases shown'       # the script ran
expect_in "$dom" 'id="count-failed">2 failed'
expect_in "$dom" 'id="count-errored">1 errored'
expect_in "$dom" '<mark class="ptr" title="/job_id"><span class="jv">42</span></mark>'
expect_in "$dom" 'data-endpoint="sdrs GET /v1/{project_id}/jobs/{job_id}" data-status="200">'
expect_in "$dom" '<title>harness report</title>'       # a hostile title's script did not rename the page
grep -q '<img' "$dom" && fail "a hostile title or body became an <img> element"
[ "$(grep -o '<script' "$dom" | wc -l)" -eq 1 ] || fail "a hostile title or body became a <script> element"
expect_in "$dom" '&lt;/script&gt;&lt;img src=x onerror="document.title='"'"'pwned'"'"'"&gt; \x01\x1b[31m'

# Filters: a search hides the cases that do not match; hiding an outcome hides its cases.
browser --dump-dom "$url#search=polled" >"$out/search.html" || fail "chromium (search)"
expect_in "$out/search.html" 'id="shown">1 of 4 cases shown'
[ "$(grep -o ' hidden=""' "$out/search.html" | wc -l)" -eq 3 ] || fail "the search did not hide 3 cases"
browser --dump-dom "$url#hide=failed,errored" >"$out/hide.html" || fail "chromium (hide)"
expect_in "$out/hide.html" 'id="shown">1 of 4 cases shown'

mkdir -p reports
browser --window-size=1200,900 --screenshot="$PWD/reports/html_browser.png" "$url" >/dev/null ||
  fail "chromium could not take the screenshot"
[ -s reports/html_browser.png ] || fail "no screenshot"
echo "ok (screenshot: reports/html_browser.png)"

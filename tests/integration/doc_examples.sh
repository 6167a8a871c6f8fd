#!/usr/bin/env bash
# Every complete scenario in the docs runs and passes. The rule (README.md, under "Documentation"; keep the two
# in step): in README.md and docs/*.md, a ```lua block with a line that starts with `case(` is a complete scenario;
# it runs together with the ```lua blocks before it under the same heading (the helpers a walk-through builds
# up). Other blocks are fragments and are not run. Each scenario becomes one file whose line N is line N of the
# page (the other lines left empty), so a failure's file:line points into the page.
set -uo pipefail
harness=$1 out=$2
rm -rf "$out"
mkdir -p "$out/blocks"
fail() { echo "FAIL: $*"; exit 1; }

for page in README.md docs/*.md; do
  awk -v prefix="$out/blocks/$(echo "$page" | tr / -)" '
    function emit(   i, file) {
      file = prefix "-L" start ".lua"
      for (i = 1; i <= NR; i++) print ((i in kept) || (i >= start && i < NR) ? text[i] : "") > file
      close(file)
    }
    { text[NR] = $0 }
    !inside && /^#/ { delete kept; next }                  # a heading starts a new section
    !inside && /^```lua[[:space:]]*$/ { inside = 1; start = NR + 1; scenario = 0; next }
    inside && /^```/ {
      inside = 0
      if (scenario) emit()
      for (i = start; i < NR; i++) kept[i] = 1            # helpers for the scenarios after it
      next
    }
    inside && /^case\(/ { scenario = 1 }
  ' "$page"
done

count=$(find "$out/blocks" -name '*.lua' | wc -l)
# README, writing-scenarios.md (3) and lua-api.md (2) hold complete scenarios today: finding fewer means the
# rule above stopped recognising them, and the test would pass without running anything.
[ "$count" -ge 6 ] || fail "only $count complete scenarios found in the docs"
(cd "$out/blocks" && ls) | sed 's/^/doc scenario: /'
"$harness" run "$out/blocks" --fixtures fixtures --junit "$out/docs.xml" --color never >"$out/console.txt" 2>&1
code=$?
[ $code -eq 0 ] || { cat "$out/console.txt"; fail "a doc scenario did not pass (exit $code)"; }
echo "ok: $count doc scenarios passed"

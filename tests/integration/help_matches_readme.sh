#!/usr/bin/env bash
# `harness run --help` and the README's "The command" section say every option with the same words: each
# option's name and its help text (backticks aside) appear in the README; docs/serve.md names every option of
# `harness serve --help`.
set -uo pipefail
harness=$1 out=$2
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
"$harness" run --help >"$out/help.txt" || fail "run --help"
# The README's section, on one line, without backticks and with single spaces.
sed -n '/^## The command/,/^### /p' README.md | tr '\n' ' ' | tr -d '`' | tr -s ' ' >"$out/readme.txt"
[ -s "$out/readme.txt" ] || fail "README.md has no '## The command' section"
# Help lines (CLI11's layout): the names in a 30-column field and the text from column 31, or, when the
# names are longer, the text alone on the next line.
awk '/^  [-a-z]/ { if (length($0) > 30 && substr($0, 30, 1) == " ") { names = substr($0, 3, 27); text = substr($0, 31) }
                   else { names = substr($0, 3); getline; text = $0 }
                   sub(/ +$/, "", names); sub(/^ +/, "", text); print names "\t" text }' \
  "$out/help.txt" >"$out/options.tsv"
[ "$(wc -l <"$out/options.tsv")" -gt 15 ] || fail "found only $(wc -l <"$out/options.tsv") options in --help"
missing=0
while IFS=$'\t' read -r names text; do
  case $names in -h,--help) continue ;; esac
  for name in $(echo "${names%% *}" | tr ',' ' '); do
    grep -qF -- "$name" "$out/readme.txt" || { echo "README lacks the option $name"; missing=1; }
  done
  grep -qF -- "$text" "$out/readme.txt" || { echo "README lacks the words of ${names%% *}: $text"; missing=1; }
done <"$out/options.tsv"
[ "$missing" -eq 0 ] || fail "README.md and harness run --help disagree"

# docs/serve.md names every option of `harness serve --help` (by one of its names).
"$harness" serve --help | grep -oE '^  -[-a-z,]+' | tr -d ' ' >"$out/serve-options.txt"
[ "$(wc -l <"$out/serve-options.txt")" -gt 20 ] || fail "found too few options in serve --help"
while read -r names; do
  [ "$names" = "-h,--help" ] && continue
  found=0
  for name in $(echo "$names" | tr ',' ' '); do grep -qE -- "(^|[^-a-z])$name([^-a-z]|$)" docs/serve.md && found=1; done
  [ "$found" -eq 1 ] || { echo "docs/serve.md lacks the option $names"; missing=1; }
done <"$out/serve-options.txt"
[ "$missing" -eq 0 ] || fail "docs/serve.md and harness serve --help disagree"
echo "ok"

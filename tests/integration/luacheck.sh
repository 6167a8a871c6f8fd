#!/usr/bin/env bash
# luacheck (Debian lua-check) over scenarios/, examples/ and bench/ with the project's .luacheckrc: no warning
# allowed. First it proves the configuration bites: a scenario that reads an unknown global or sets one must warn.
# Skipped (exit 77) when luacheck is not installed.
set -euo pipefail
scratch=$2
fail() { echo "luacheck: $*" >&2; exit 1; }
if ! command -v luacheck >/dev/null; then
  echo "luacheck: not installed (Debian package lua-check, scripts/setup.sh): skipped"
  exit 77
fi
rm -rf "$scratch" && mkdir -p "$scratch/scenarios"
cp .luacheckrc "$scratch/"
cat >"$scratch/scenarios/sloppy.lua" <<'LUA'
case("a typo and a leaked global", function()
  expct(1).equals(1)
  leaked = soft
end)
LUA
if (cd "$scratch" && luacheck --no-color -q scenarios >"$scratch/sloppy.out" 2>&1); then
  fail "the .luacheckrc lets an unknown global through"
fi
grep -q "accessing undefined variable 'expct'" "$scratch/sloppy.out" || { cat "$scratch/sloppy.out"; fail "no warning for expct"; }
grep -q "setting non-standard global variable 'leaked'" "$scratch/sloppy.out" || fail "no warning for leaked"

luacheck --no-color --formatter plain scenarios examples bench || fail "warnings above (none allowed)"
echo "luacheck: scenarios/, examples/, bench/ clean"

#!/usr/bin/env bash
# `harness completion bash` (hidden) prints a bash completion script made from the CLI definition: it completes
# subcommands, each subcommand's options (every option its --help lists) and the choices of --color.
set -uo pipefail
harness=$1 out=$2
rm -rf "$out"
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }

"$harness" completion bash >"$out/harness.bash" || fail "harness completion bash failed"
bash -n "$out/harness.bash" || fail "the script is not valid bash"
"$harness" --help | grep -q completion && fail "completion must stay hidden from --help"
"$harness" completion zsh >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown shell must be a usage error"

# Offers for a command line whose last word is being completed, one per line, sorted.
offers() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _harness
           printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$out/harness.bash" "$@"
}
expect_offers() {
  local want=$1
  shift
  local got
  got=$(offers "$@" | paste -sd' ')
  [ "$got" == "$want" ] || fail "completing '$*': got '$got', want '$want'"
}
expect_offers "import merge record run serve verify" harness ""
expect_offers "serve" harness se
expect_offers "--read-timeout --redact --requests" harness record --re
expect_offers "--color" harness run --col
expect_offers "--color --coverage --coverage-json" harness run --co
expect_offers "always auto never" harness run --color ""
expect_offers "always" harness run --color = al
expect_offers "" harness run --junit ""            # a file name: bash's default completion
expect_offers "" harness serve world.lua -- --c    # after --: the client command's own words
expect_offers "--help --version" harness --

# Nothing drifts: every option a subcommand's --help lists is offered after `harness SUB --`.
for sub in run merge serve verify record import; do
  offered=" $(offers harness "$sub" -- | paste -sd' ') "
  listed=$("$harness" "$sub" --help | grep -oE '(^|[ ,])--[a-z][a-z-]*' | sed 's/^[ ,]*//' | sort -u)
  [ -n "$listed" ] || fail "$sub --help lists no option"
  for option in $listed; do
    [[ $offered == *" $option "* ]] || fail "harness $sub: $option is in --help but not completed"
  done
done
echo "ok"

#!/usr/bin/env bash
# The Containerfile cannot be built here (no container runtime can run in this sandbox, no registry to pull
# from), so this keeps it honest by reading it: its bases are Debian 12, every file it COPYs from the context
# exists and is not excluded by .dockerignore, every script it runs exists, the build commands it runs are the
# README's word for word, it copies the .deb under the name cpack gives it, and its CMD is a harness command
# line that parses and finds scenarios.
set -uo pipefail
harness=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
file=Containerfile
[ -f "$file" ] || fail "no $file"
# One instruction a line: continuation lines joined, comments dropped.
sed -e '/^[[:space:]]*#/d' "$file" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | tr -s ' ' >"$out/lines.txt"
readme=$(tr '\n' ' ' <README.md | tr -s ' ')

# Bases: Debian 12 (bookworm), which scripts/setup.sh's package names are for (libboost1.81-dev).
grep -E '^FROM ' "$out/lines.txt" >"$out/from.txt" || fail "no FROM"
while read -r _ image _; do
  [[ $image =~ ^(docker\.io/library/)?debian:(12|bookworm)(-slim)?$ ]] || fail "base image $image is not Debian 12"
done <"$out/from.txt"
grep -q 'libboost1.81-dev' scripts/setup.sh || fail "scripts/setup.sh no longer names bookworm's Boost"

# COPY: from the context, each source exists and .dockerignore keeps it; --from a stage defined before.
stages=" "
while read -r keyword rest; do
  case $keyword in
    FROM) [[ $rest =~ [Aa][Ss]\ +([A-Za-z0-9_-]+) ]] && stages+="${BASH_REMATCH[1]} " ;;
    COPY)
      read -ra words <<<"$rest"
      if [[ ${words[0]} == --from=* ]]; then
        stage=${words[0]#--from=}
        [[ $stages == *" $stage "* ]] || fail "COPY --from=$stage: no stage of that name before it"
        continue
      fi
      for source in "${words[@]:0:${#words[@]}-1}"; do
        # shellcheck disable=SC2206
        matches=(./$source)  # a glob the way the builder expands it
        [ -e "${matches[0]}" ] || fail "COPY $source: not in the build context"
        while read -r pattern; do
          # shellcheck disable=SC2053  # .dockerignore patterns are globs
          [ -n "$pattern" ] && [[ ${source%/} == ${pattern%/} ]] && fail "COPY $source is excluded by .dockerignore"
        done < <(grep -v '^#' .dockerignore 2>/dev/null)
      done
      ;;
  esac
done <"$out/lines.txt"
grep -qx 'COPY . .' "$out/lines.txt" || fail "the build stage does not copy the tree"
grep -qx 'build\*/' .dockerignore || fail ".dockerignore must keep a host build/ (its CMakeCache) out of the context"

# RUN: the scripts exist, and each cmake/cpack command is one the README gives, word for word.
grep -E '^RUN ' "$out/lines.txt" | sed 's/^RUN //' >"$out/run.txt"
grep -oE 'bash scripts/[a-z_]+\.sh' "$out/run.txt" | sort -u >"$out/scripts.txt"
[ -s "$out/scripts.txt" ] || fail "the Containerfile runs no script of scripts/"
while read -r _ script; do
  [ -f "$script" ] || fail "RUN bash $script: no such script"
  [[ $readme == *"$script"* ]] || fail "RUN bash $script: the README does not mention it"
done <"$out/scripts.txt"
sed -e 's/ *&& */\n/g' -e 's/ *; */\n/g' "$out/run.txt" | sed -n -E 's/^(then )?((cmake|cpack) .*)$/\2/p' |
  sed 's/ *fi$//' >"$out/commands.txt"
grep -q '^cpack -G DEB$' "$out/commands.txt" || fail "the Containerfile does not run cpack -G DEB"
grep -q '^cmake --build build' "$out/commands.txt" || fail "the Containerfile does not build"
while read -r command; do
  [[ $readme == *"$command"* ]] || fail "RUN $command: not a command of the README"
done <"$out/commands.txt"
grep -q "cd build && cpack -G DEB" "$out/run.txt" || fail "cpack does not run in build/, where the COPY --from takes the .deb"

# The .deb it copies is the name cpack gives it: harness_<version>_<arch>.deb (DEB-DEFAULT).
grep -q 'COPY --from=build /src/build/harness_\*.deb' "$out/lines.txt" || fail "the .deb is not copied from /src/build"
grep -q 'CPACK_DEBIAN_FILE_NAME DEB-DEFAULT' CMakeLists.txt || fail "cpack's file name is not DEB-DEFAULT any more"
grep -q 'CPACK_PACKAGE_NAME harness' CMakeLists.txt || fail "the package is not named harness any more"
grep -q 'apt-get install -y --no-install-recommends /tmp/harness_\*.deb' "$out/lines.txt" ||
  fail "the final stage does not install the .deb with apt-get (which resolves its Depends)"

# CMD: a harness command line that parses and finds the image's scenarios/ (--list runs no case; /reports is
# the mounted folder, here a scratch one).
cmd=$(grep -E '^CMD ' "$out/lines.txt" | sed 's/^CMD //')
[ -n "$cmd" ] || fail "no CMD"
mapfile -t argv < <(python3 -c 'import json, sys; [print(a) for a in json.loads(sys.argv[1])]' "$cmd") ||
  fail "CMD is not a JSON array: $cmd"
[ "${argv[0]}" = harness ] || fail "CMD does not run harness: $cmd"
args=("${argv[@]:1}")
args=("${args[@]//\/reports\//$out/reports/}")
"$harness" "${args[@]}" --list >"$out/cmd.txt" 2>&1 || { cat "$out/cmd.txt"; fail "CMD's arguments do not work: $cmd"; }
grep -q ': ' "$out/cmd.txt" || fail "CMD lists no case"
echo "ok"

#!/usr/bin/env bash
# `cpack -G DEB` on this build makes a .deb holding the binary, share/harness/fixtures, the annotation file, the
# docs and the completion, whose Depends are the runtime Debian packages (liblua5.4-0, libssl3, libpugixml1v5,
# ...) and nothing from -dev; extracted into a scratch root, its binary runs a copy of scenarios/ from another
# folder with the packaged fixtures. Slow (dpkg-shlibdeps alone takes ~40 s): labelled `slow` in ctest.
set -uo pipefail
harness=$1 out=$2
build=$(cd "$(dirname "$harness")" && pwd)
rm -rf "$out"
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
source "$(dirname "$0")/installed_tree.bash"
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

# cpack builds the ALL target first (the completion file is part of it); the package goes to $out.
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out/pkg" >"$out/cpack.log" 2>&1 ||
  { tail -30 "$out/cpack.log"; fail "cpack -G DEB"; }
debs=("$out"/pkg/harness_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single harness_*.deb: $(ls "$out/pkg")"
deb=${debs[0]}

dpkg-deb -I "$deb" >"$out/info.txt" || fail "dpkg-deb -I cannot read $deb"
depends=$(sed -n 's/^ Depends: //p' "$out/info.txt")
[ -n "$depends" ] || fail "the package has no Depends: $(cat "$out/info.txt")"
for runtime in liblua5.4-0 libssl3 libpugixml1v5 libstdc++6 libc6; do
  [[ ", $depends" == *", $runtime "* || ", $depends," == *", $runtime,"* ]] ||
    fail "Depends lacks the runtime package $runtime: $depends"
done
[[ $depends == *-dev* ]] && fail "Depends names a -dev package: $depends"
grep -q "^ Package: harness$" "$out/info.txt" || fail "the package is not named harness"

dpkg-deb -c "$deb" | awk '{ print $NF }' >"$out/contents.txt" || fail "dpkg-deb -c"
for path in ./usr/bin/harness ./usr/share/harness/fixtures/sdrs/job_status.schema.json ./usr/share/harness/harness.d.lua \
  ./usr/share/doc/harness/README.md ./usr/share/doc/harness/docs/serve.md \
  ./usr/share/bash-completion/completions/harness; do
  grep -qx -- "$path" "$out/contents.txt" || fail "the package lacks $path"
done

root=$out/root
dpkg-deb -x "$deb" "$root" || fail "dpkg-deb -x"
check_installed_files "$root/usr"
run_copy_of_scenarios "$root/usr" elsewhere
echo "ok"

# Shared by tests/integration/install.sh (cmake --install) and deb_package.sh (the .deb's files, extracted):
# what an installed harness must have, and that it runs a copy of scenarios/ from a folder with no fixtures/.
# Sourced, not a test itself (no .sh suffix); the caller defines fail and $out.

# check_installed_files PREFIX: the binary, the fixtures, the annotation file, the docs and the completion.
check_installed_files() {
  local prefix=$1 file
  for file in bin/harness share/harness/fixtures/sdrs/job_status.schema.json share/harness/fixtures/kps/statuses.json \
    share/harness/harness.d.lua share/doc/harness/README.md share/doc/harness/LICENSE \
    share/doc/harness/docs/lua-api.md share/bash-completion/completions/harness; do
    [ -e "$prefix/$file" ] || fail "$file is not installed under $prefix"
  done
}

# run_copy_of_scenarios PREFIX NAME: PREFIX/bin/harness runs a copy of scenarios/ in $out/NAME (no fixtures/
# there: it finds PREFIX/share/harness/fixtures from its own bin/). Leaves the working directory in the copy.
run_copy_of_scenarios() {
  local prefix=$1 name=$2 code
  mkdir -p "$out/$name"
  cp -r scenarios "$out/$name/"
  cd "$out/$name" || fail "cd"
  [ ! -e fixtures ] || fail "the copy must have no fixtures/"
  "$prefix/bin/harness" run scenarios --jobs 2 --color never --junit "$out/$name.xml" >"$out/$name.txt" 2>&1
  code=$?
  [ $code -eq 0 ] || { tail -30 "$out/$name.txt"; fail "$prefix/bin/harness on a copy of scenarios/ exited $code"; }
  grep -q '<testcase ' "$out/$name.xml" || fail "$prefix/bin/harness reported no case"
}

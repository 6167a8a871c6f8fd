#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets of fuzz/ (clang, ASan, UBSan; folder build-fuzz) and runs each for
# SECONDS (default 30) from its seed corpus. Exits non-zero if any target crashes, leaks, times out or trips a
# sanitizer; the reproducer is left in build-fuzz/artifacts/<target>/.
#
#   scripts/fuzz.sh [SECONDS] [LIBFUZZER_ARGS...]   e.g. scripts/fuzz.sh 3600 -fork=2 -ignore_crashes=1
#   scripts/fuzz.sh --merge                          minimizes what the runs found into fuzz/corpus/<target>/
#   FUZZ_TARGETS="fuzz_lua fuzz_contract" scripts/fuzz.sh 60
#   FUZZ_PARALLEL=2 scripts/fuzz.sh 12               two targets at a time, one per core, as CI runs them
#
# New inputs go to build-fuzz/corpus/<target>/ (kept between runs, never committed); fuzz/corpus/ stays the
# small seed set that CI starts from.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(fuzz_fake_request fuzz_contract fuzz_lua fuzz_junit_text fuzz_client_response fuzz_har)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"
merge=no
seconds=30
if [ "${1:-}" = "--merge" ]; then
  merge=yes
  shift
elif [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi

bash scripts/setup.sh
# RelWithDebInfo's flags with -g1 (line tables: crash stacks keep file:line). One file at a time, never a unity
# build: this is the build that checks every file compiles on its own.
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DCMAKE_CXX_COMPILER=clang++ -DHARNESS_FUZZ=ON -DHARNESS_TESTS=OFF -DCMAKE_UNITY_BUILD=OFF >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

dictionary_of() {
  case "$1" in
    fuzz_fake_request | fuzz_client_response) echo "-dict=fuzz/http.dict" ;;
    fuzz_lua) echo "-dict=fuzz/lua.dict" ;;
    fuzz_har) echo "-dict=fuzz/har.dict" ;;
  esac
}

# The scenario suite is the Lua target's best seed set; libFuzzer reads seed folders recursively.
extra_seeds_of() {
  case "$1" in
    fuzz_lua) echo "scenarios" ;;
  esac
}

if [ "$merge" = yes ]; then
  for target in "${targets[@]}"; do
    mkdir -p "build-fuzz/corpus/$target"
    "build-fuzz/fuzz/$target" -merge=1 "fuzz/corpus/$target" "build-fuzz/corpus/$target" 2>&1 | tail -n 1
  done
  exit 0
fi

# FUZZ_PARALLEL targets run at once (default 1; .ci/run runs 2, one per core); each still has SECONDS of a core.
libfuzzer_args=("$@")
run_target() {
  local target=$1 status=0
  local corpus="build-fuzz/corpus/$target" artifacts="build-fuzz/artifacts/$target/" log="build-fuzz/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  echo "fuzz: $target for ${seconds}s" >&2
  # shellcheck disable=SC2046  # the dictionary option is one word or none
  "build-fuzz/fuzz/$target" "$corpus" "fuzz/corpus/$target" $(extra_seeds_of "$target") $(dictionary_of "$target") \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "${libfuzzer_args[@]}" >"$log" 2>&1 || status=$?
  echo "$status" >"build-fuzz/logs/$target.status"
}

running=0
for target in "${targets[@]}"; do
  rm -f "build-fuzz/logs/$target.status"
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "${FUZZ_PARALLEL:-1}" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

failed=()
summary=()
for target in "${targets[@]}"; do
  log="build-fuzz/logs/$target.log"
  # No status file: the run itself could not start (the folders), which is a failure too.
  status=$(cat "build-fuzz/logs/$target.status" 2>/dev/null || echo "no status")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" 2>/dev/null | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" 2>/dev/null | tail -n 1 | cut -d' ' -f2)
  summary+=("$(printf '%-22s %10s runs  cov %6s  %s' "$target" "${runs:-?}" "${cov:-?}" \
    "$([ "$status" = 0 ] && echo ok || echo "FAILED (exit $status)")")")
  if [ "$status" != 0 ]; then
    failed+=("$target")
    grep -E 'ERROR|SUMMARY|==[0-9]+==|#[0-9]+ 0x|Test unit written' "$log" | head -n 40 >&2 || true
    echo "fuzz: $target failed; full log: $log" >&2
  fi
done

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}; reproduce with build-fuzz/fuzz/TARGET build-fuzz/artifacts/TARGET/crash-*" >&2
  exit 1
fi

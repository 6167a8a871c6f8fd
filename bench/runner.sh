#!/usr/bin/env bash
# Runner benchmark: `harness run` on generated scenario files next to bench_socket_loop, which sends the same
# requests with a bare Beast client loop to the same in-process fake over loopback, in the same run.
#
#   bench/runner.sh                   # min of 3 wall times per row
#   RUNS=5 bench/runner.sh
#   CALLGRIND=1 bench/runner.sh       # also instructions per request (valgrind --tool=callgrind), slow
#   HARNESS=/path/to/other/harness NO_BUILD=1 bench/runner.sh   # measure another build (before/after)
#
# Prints one table: each file's wall time (the minimum of $RUNS), its ratio to the socket-only loop with the
# same requests, peak RSS and the fastest run's user+sys CPU (/usr/bin/time, 10 ms steps), and the targets
# met or missed. Exits 0 whatever the figures are: a measurement, not a test. Builds (cmake, Release, in build-bench/) like bench/run.sh. See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
RUNS=${RUNS:-3}
CASES=${CASES:-1000}
LIST_CASES=${LIST_CASES:-100000}
JOBS=${JOBS:-2}  # build parallelism
WORK=$(mktemp -d /tmp/harness-runner-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

log() { printf 'runner bench: %s\n' "$*" >&2; }

for tool in cmake awk; do
  command -v "$tool" >/dev/null || { log "$tool is required"; exit 2; }
done
[ -x /usr/bin/time ] || { log "/usr/bin/time is required (Debian package time)"; exit 2; }

# --- build (incremental) ------------------------------------------------------------------------------------------
if [ -z "${NO_BUILD:-}" ]; then
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    log "configuring $BUILD (Release)"
    cmake -S "$ROOT" -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DHARNESS_TESTS=OFF >/dev/null
  fi
  log "building harness and bench_socket_loop"
  if ! cmake --build "$BUILD" --target harness bench_socket_loop -j "$JOBS" >"$WORK/build.log" 2>&1; then
    tail -n 15 "$WORK/build.log" >&2
    log "warning: the build failed (above); using what is in $BUILD, if anything"
  fi
fi
HARNESS=${HARNESS:-$BUILD/harness}
LOOP=${LOOP:-$BUILD/bench_socket_loop}
for binary in "$HARNESS" "$LOOP"; do
  [ -x "$binary" ] || { log "$binary is missing"; exit 2; }
done

bash "$ROOT/bench/gen_runner_cases.sh" "$WORK" "$CASES" "$LIST_CASES"
# Ten times the cases, for peak RSS against the report's size.
bash "$ROOT/bench/gen_runner_cases.sh" "$WORK/x10" "$((CASES * 10))" 1
cd "$ROOT"  # the fixtures folder

# timed NAME COMMAND...: runs COMMAND $RUNS times; appends "NAME min_seconds max_peak_kb user_s sys_s" to rows
# (the CPU times of the fastest run: what the wall time was made of, both threads together). A command
# that fails is not repeated and its row says "failed" (an older build's --list of 100,000 cases hits the
# 60 s case timeout): a figure from a broken run means nothing.
timed() {
  local name=$1; shift
  local best="" peak=0 cpu="- -"
  for _ in $(seq "$RUNS"); do
    if ! /usr/bin/time -f '%e %M %U %S' -o "$WORK/time" "$@" >"$WORK/$name.out" 2>&1; then
      log "$name failed: $*"; tail -n 5 "$WORK/$name.out" >&2
      echo "$name failed $(awk 'END {print $2}' "$WORK/time") - -" >>"$WORK/rows"
      return 0
    fi
    read -r seconds kb user sys <"$WORK/time"
    if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN {exit !(a < b)}'; then
      best=$seconds cpu="$user $sys"
    fi
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  echo "$name $best $peak $cpu" >>"$WORK/rows"
}

# instructions NAME REQUESTS COMMAND...: callgrind's total for the whole process, per request.
instructions() {
  local name=$1 requests=$2; shift 2
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.$name" "$@" >/dev/null 2>"$WORK/cg.$name.log" ||
    { log "callgrind $name failed"; tail -n 5 "$WORK/cg.$name.log" >&2; return 0; }
  local total; total=$(awk '/^summary:/ {print $2}' "$WORK/cg.$name")
  echo "$name $((total / requests))" >>"$WORK/instructions"
}

: >"$WORK/rows"
: >"$WORK/instructions"
log "socket-only loops"
timed loop5 "$LOOP" "$WORK/jobs.world.lua" --cases "$CASES" --requests 5
timed loop1 "$LOOP" "$WORK/jobs.world.lua" --cases "$CASES" --requests 1
log "harness run: conforms.lua, plain.lua, single.lua"
for file in conforms plain single; do
  timed "$file" "$HARNESS" run -q --junit "$WORK/$file.xml" "$WORK/$file.lua"
done
timed single_x10 "$HARNESS" run -q --junit "$WORK/x10/single.xml" "$WORK/x10/single.lua"
log "harness run --list: $LIST_CASES cases"
timed list "$HARNESS" run --list --junit "$WORK/list.xml" "$WORK/list.lua"
report_kb=$(( $(stat -c %s "$WORK/single.xml") / 1024 ))
report_x10_kb=$(( $(stat -c %s "$WORK/x10/single.xml") / 1024 ))
if [ -n "${CALLGRIND:-}" ]; then
  command -v valgrind >/dev/null || { log "CALLGRIND=1 needs valgrind"; exit 2; }
  log "callgrind (slow)"
  instructions loop5 $((CASES * 5)) "$LOOP" "$WORK/jobs.world.lua" --cases "$CASES" --requests 5
  instructions conforms $((CASES * 5)) "$HARNESS" run -q --junit "$WORK/cg.xml" "$WORK/conforms.lua"
  instructions plain $((CASES * 5)) "$HARNESS" run -q --junit "$WORK/cg.xml" "$WORK/plain.lua"
fi

# --- the table ----------------------------------------------------------------------------------------------------
echo
echo "harness run on generated files ($CASES cases each) next to bench_socket_loop (the same requests, a bare"
echo "Beast client, the same in-process fake); wall time: the minimum of $RUNS; $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"
echo
awk -v cases="$CASES" -v list_cases="$LIST_CASES" -v report_kb="$report_kb" -v report_x10_kb="$report_x10_kb" -v cg="$WORK/instructions" '
  BEGIN { while ((getline line < cg) > 0) { split(line, f, " "); ins[f[1]] = f[2] } }
  { wall[$1] = $2; rss[$1] = $3; user[$1] = $4; sys[$1] = $5 }
  END {
    fmt = "%-34s %9s %8s %7s %12s %14s %10s\n"
    printf fmt, "file", "requests", "wall s", "ratio", "peak RSS MB", "instr/request", "user+sys s"
    row("bench_socket_loop x5", cases * 5, "loop5", "")
    row("bench_socket_loop x1", cases, "loop1", "")
    row("conforms.lua (5 GETs + conforms)", cases * 5, "conforms", "loop5")
    row("plain.lua (5 GETs)", cases * 5, "plain", "loop5")
    row("single.lua (1 GET)", cases, "single", "loop1")
    row(sprintf("single.lua, %d cases", cases * 10), cases * 10, "single_x10", "")
    row(sprintf("list.lua (--list, %d cases)", list_cases), 0, "list", "")
    print ""
    r = wall["conforms"] / wall["loop5"]
    listed = wall["list"] == "failed" ? "MISSED (failed)" : sprintf("%s (%.2f s)", wall["list"] < 1 ? "met" : "MISSED", wall["list"])
    printf "targets: conforms.lua at most 1.30x the socket loop: %s (%.2fx); %d cases listed in under 1 s: %s\n",
      (r <= 1.30 ? "met" : "MISSED"), r, list_cases, listed
    printf "report size: single.lua %d KB of JUnit XML, peak RSS %.1f MB; with 10x the cases %d KB, %.1f MB\n",
      report_kb, rss["single"] / 1024, report_x10_kb, rss["single_x10"] / 1024
  }
  function row(title, requests, key, base,   ratio) {
    ratio = (base != "" && wall[base] > 0) ? sprintf("%.2fx", wall[key] / wall[base]) : "-"
    if (wall[key] == "failed") ratio = "-"
    printf fmt, title, (requests > 0 ? requests : "-"), (wall[key] == "failed" ? "failed" : sprintf("%.2f", wall[key])), ratio,
      sprintf("%.1f", rss[key] / 1024), (key in ins ? ins[key] : "-"),
      (user[key] == "-" || user[key] == "" ? "-" : sprintf("%.2f+%.2f", user[key], sys[key]))
  }' "$WORK/rows"
exit 0

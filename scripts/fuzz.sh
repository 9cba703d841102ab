#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (libfuzzer-sys) on the stable toolchain: the
# targets in src/bin/fuzz/ are built with the `fuzz` feature and rustc's own sanitizer-
# coverage flags (stable; no nightly needed), seeded from ../shared/fixtures, and run
# for SECONDS each. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# SESSION_LENS_FUZZ_RUNS=N runs each target N times instead (the long runs of FUZZING.md).
# SESSION_LENS_FUZZ_PROFILE=fuzz-smoke builds them unoptimised (make test's smoke run: half
# the build, a tenth of the executions per second); the default `fuzz` profile optimises.
# Targets: ingest-lines export-loader gzip git-log codex-rollout gemini-chat zstd seed-records zip-archive (all by default). A crash or hang
# leaves its input in target/fuzz/artifacts/TARGET/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(ingest-lines export-loader gzip git-log codex-rollout gemini-chat zstd seed-records zip-archive)
fixtures="${SESSION_LENS_FIXTURES:-../shared/fixtures}"
host="$(rustc -vV | sed -n 's/^host: //p')"
work=target/fuzz
profile="${SESSION_LENS_FUZZ_PROFILE:-fuzz}"

echo "== building the fuzz targets (libFuzzer, stable rustc coverage flags)"
# --target keeps the flags off build scripts and proc macros.
RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth" \
  cargo build --profile "$profile" --features fuzz --target "$host" --target-dir "$work" \
  $(printf -- '--bin fuzz-%s ' "${targets[@]}")
# SESSION_LENS_FUZZ_BUILD_ONLY=1: only the build (make test starts it beside the page's).
if [ -n "${SESSION_LENS_FUZZ_BUILD_ONLY:-}" ]; then
  exit 0
fi
# The seeds are written by the command line: the debug build the tests made (or make now),
# not a release build with LTO (three minutes of a cold run).
cargo build --quiet --bin session-lens

if [ ! -d "$work/seeds" ]; then
  echo "== writing seeds from $fixtures"
  python3 scripts/fuzz_seeds.py "$fixtures" target/debug/session-lens "$work/seeds.tmp"
  mv "$work/seeds.tmp" "$work/seeds"
fi

# One target per core at a time (SESSION_LENS_FUZZ_JOBS changes it); each writes its own log.
fuzz_one() {
  local target=$1 corpus="$work/corpus/$1" artifacts="$work/artifacts/$1/" max_len limit
  mkdir -p "$corpus" "$artifacts" "$work/seeds/$target" "$work/logs"
  case "$target" in
    export-loader) max_len=1048576 ;;
    # A few KB of gzip already inflate to MBs; the reader's branches are all reached.
    gzip) max_len=4096 ;;
    # Compressed or not, a few KB reach every block type.
    zstd) max_len=8192 ;;
    *) max_len=65536 ;;
  esac
  if [ -n "${SESSION_LENS_FUZZ_RUNS:-}" ]; then
    limit=(-runs="$SESSION_LENS_FUZZ_RUNS")
  else
    limit=(-max_total_time="$seconds")
  fi
  "$work/$host/$profile/fuzz-$target" "$corpus" "$work/seeds/$target" \
    "${limit[@]}" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts" -print_final_stats=1 > "$work/logs/$target.log" 2>&1
}

jobs="${SESSION_LENS_FUZZ_JOBS:-$(nproc)}"
if [ -n "${SESSION_LENS_FUZZ_RUNS:-}" ]; then
  echo "== fuzzing ${targets[*]} for $SESSION_LENS_FUZZ_RUNS runs each, $jobs at a time"
else
  echo "== fuzzing ${targets[*]} for $seconds s each, $jobs at a time"
fi
declare -A pids=()
failed=()
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
  fuzz_one "$target" &
  pids[$target]=$!
done
for target in "${targets[@]}"; do
  status=0
  wait "${pids[$target]}" || status=$?
  artifacts="$work/artifacts/$target/"
  echo "-- $target"
  grep -E '^(INFO: Seed|#[0-9]+ +DONE|stat::|==|SUMMARY|Done)' "$work/logs/$target.log" || true
  if [ "$status" -ne 0 ] || ls "$artifacts" | grep -q .; then
    tail -n 40 "$work/logs/$target.log" >&2
    echo "fuzz target $target failed (exit $status; inputs kept: $(ls "$artifacts"))" >&2
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz targets failed: ${failed[*]}" >&2
  exit 1
fi

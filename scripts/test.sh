#!/usr/bin/env bash
# Sets everything up, builds the page, and runs every test: the core's unit tests,
# the fixture and command-line tests, and the browser tests against dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools-env.sh
bash scripts/setup.sh --browser
echo "== checking the format"
cargo fmt --check
# The page's release build (three wasm files, each ending in a one-core link) and the fuzz
# targets' build run beside the lints and the tests' build: they use target folders of
# their own, and together they keep both cores busy.
echo "== building the page (trunk build --release, output in target/trunk-build.log) and the"
echo "   fuzz targets (target/fuzz-build.log), beside:"
mkdir -p target
trunk build --release > target/trunk-build.log 2>&1 &
trunk_pid=$!
# The smoke run's targets are built unoptimised (the long runs of `make fuzz` optimise).
export SESSION_LENS_FUZZ_PROFILE=fuzz-smoke
SESSION_LENS_FUZZ_BUILD_ONLY=1 bash scripts/fuzz.sh > target/fuzz-build.log 2>&1 &
fuzz_pid=$!
trap 'kill "$trunk_pid" "$fuzz_pid" 2>/dev/null || true' EXIT
echo "== the lints (native and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bin session-lens-web --bin session-lens-worker --bin session-lens-reader -- -D warnings
echo "== building the tests"
cargo test --all-targets --no-run
if ! wait "$trunk_pid"; then
  cat target/trunk-build.log
  echo "the page's build failed" >&2
  exit 1
fi
if ! wait "$fuzz_pid"; then
  cat target/fuzz-build.log
  echo "the fuzz targets' build failed" >&2
  exit 1
fi
trap - EXIT
tail -n 1 target/trunk-build.log
echo "== running the tests"
cargo test --all-targets
echo "== a smoke run of every fuzz target (long runs: make fuzz, FUZZING.md)"
bash scripts/fuzz.sh "${SESSION_LENS_FUZZ_SECONDS:-6}"

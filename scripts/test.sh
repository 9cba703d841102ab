#!/usr/bin/env bash
# Sets everything up, builds the page, and runs every test: the core's unit tests,
# the fixture and command-line tests, and the browser tests against dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools-env.sh
bash scripts/setup.sh --browser
echo "== checking the format and the lints (native and wasm32)"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bin session-lens-web --bin session-lens-worker -- -D warnings
echo "== building the page (trunk build --release)"
trunk build --release
echo "== running the tests"
cargo test --all-targets
echo "== a smoke run of every fuzz target (long runs: make fuzz, FUZZING.md)"
bash scripts/fuzz.sh "${SESSION_LENS_FUZZ_SECONDS:-10}"

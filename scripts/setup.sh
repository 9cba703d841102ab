#!/usr/bin/env bash
# Installs what building (and, with --browser, testing) needs, skipping what is there.
# Everything comes from the package registries: rustup, crates.io, npm, Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools-env.sh

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# The accessibility tests inject axe-core into the page.
AXE_VERSION=4.14.1
CCUSAGE_VERSION=20.0.24
# The warehouse tests load the Parquet tables into DuckDB and ClickHouse's embedded engine.
DUCKDB_VERSION=2.0.1
CHDB_VERSION=4.4.0
# wasm-bindgen-cli must equal the wasm-bindgen that Cargo.lock pins.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

step() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The test command checks the format and the lints.
for component in rustfmt clippy; do
  if [ "${1:-}" = "--browser" ] && ! rustup component list --installed | grep -q "^$component"; then
    step "adding the $component component"
    rustup component add "$component"
  fi
done

# The tools are built for a quick install, not for their own speed: trunk's manifest asks
# for fat LTO and one codegen unit; Cargo lets the environment override a package's release
# profile. trunk only runs cargo and copies files (unoptimised: 2 minutes to install, builds
# as fast); wasm-bindgen at opt-level 1 takes 0.4 s on the page's wasm, as optimised builds
# do (1.5 minutes to install). The update check is left out (trunk must stay offline).
tool_install() {
  local opt_level=$1
  shift
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt_level" \
    CARGO_PROFILE_RELEASE_DEBUG=false cargo install --quiet "$@"
}

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "installing trunk $TRUNK_VERSION"
  tool_install 0 trunk --locked --version "$TRUNK_VERSION" --no-default-features --features rustls
fi

if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: one of its locked dependency versions is missing from the registry.
  tool_install 1 wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  step "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
  mkdir -p "$SESSION_LENS_TOOLS/binaryen"
  npm install --silent --no-audit --no-fund --prefix "$SESSION_LENS_TOOLS/binaryen" "binaryen@$BINARYEN_VERSION"
fi

if [ "${1:-}" = "--browser" ] && ! { command -v chromium && command -v chromedriver; } >/dev/null; then
  step "installing Debian's chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null
fi

# The usage reports are checked against ccusage's own (tests/ccusage_reports.rs), and the
# benchmarks time it: the same version the fixtures' expected files were made with.
ccusage_binary="$SESSION_LENS_TOOLS/ccusage-$CCUSAGE_VERSION/node_modules/.bin/ccusage"
if [ "${1:-}" = "--browser" ] && [ ! -x "$ccusage_binary" ]; then
  step "installing ccusage $CCUSAGE_VERSION (npm) for the report tests"
  mkdir -p "$SESSION_LENS_TOOLS/ccusage-$CCUSAGE_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$SESSION_LENS_TOOLS/ccusage-$CCUSAGE_VERSION" \
    "ccusage@$CCUSAGE_VERSION" "@ccusage/ccusage-linux-x64@$CCUSAGE_VERSION"
fi

axe_package="$SESSION_LENS_TOOLS/axe/node_modules/axe-core/package.json"
if [ "${1:-}" = "--browser" ] && ! grep -qs "\"version\": \"$AXE_VERSION\"" "$axe_package"; then
  step "installing axe-core $AXE_VERSION (npm) for the accessibility tests"
  mkdir -p "$SESSION_LENS_TOOLS/axe"
  npm install --silent --no-audit --no-fund --prefix "$SESSION_LENS_TOOLS/axe" "axe-core@$AXE_VERSION"
fi

warehouse_python="$SESSION_LENS_TOOLS/warehouse-$DUCKDB_VERSION-$CHDB_VERSION/bin/python"
if [ "${1:-}" = "--browser" ] && ! [ -x "$warehouse_python" ]; then
  step "installing duckdb $DUCKDB_VERSION and chdb $CHDB_VERSION (PyPI) for the warehouse tests"
  python3 -m venv "$SESSION_LENS_TOOLS/warehouse-$DUCKDB_VERSION-$CHDB_VERSION"
  "$warehouse_python" -m pip install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION" "chdb==$CHDB_VERSION"
fi

# Trunk builds offline (it must never fetch tools), so crates are fetched first.
cargo fetch --quiet

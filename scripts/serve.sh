#!/usr/bin/env bash
# Sets everything up, builds the page and serves it with the demo on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools-env.sh
bash scripts/setup.sh
echo
echo "Session Lens: open http://127.0.0.1:8080/?demo  (Ctrl-C stops the server)"
exec trunk serve --release

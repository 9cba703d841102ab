# Sourced by the other scripts: where the project's tools live, on PATH.
export SESSION_LENS_TOOLS="${SESSION_LENS_TOOLS:-$HOME/.cache/session-lens-tools}"
export PATH="$SESSION_LENS_TOOLS/binaryen/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

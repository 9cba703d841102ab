#!/usr/bin/env bash
# A simulated organisation for the warehouse benchmark (BENCHMARKS.md): the demo team's
# generator run with SEEDS seeds (7 people each), each person written as an export of
# their own, as a company's bucket of exports would hold them.
# usage: bash scripts/organisation.sh SEEDS OUT_DIR   (143 seeds: 1,001 people)
set -euo pipefail
seeds=$1
out=$2
lens=${SESSION_LENS_BIN:-target/release/session-lens}
mkdir -p "$out/exports"
for seed in $(seq 1 "$seeds"); do
  team="$out/team-$seed"
  "$lens" demo --seed "$seed" -o "$team" > /dev/null
  for folder in "$team"/*/; do
    name=$(basename "$folder")
    "$lens" export --quiet --no-cache --person "p$seed-$name" "$folder" -o "$out/exports/p$seed-$name.json.gz"
  done
  rm -rf "$team"
done
echo "$(ls "$out/exports" | wc -l) exports, $(du -sh "$out/exports" | cut -f1), under $out/exports"

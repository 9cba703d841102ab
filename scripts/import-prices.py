#!/usr/bin/env python3
"""Rebuild src/pricing/prices.json from ../shared/fixtures/pricing/prices.json.

Keeps only what the cost formula reads, in our own field names, and folds in the
hard-coded rows ccusage inserts after LiteLLM (they win for their exact keys).
Run from the repository root: python3 scripts/import-prices.py
"""
import json
import pathlib

SOURCE = pathlib.Path("../shared/fixtures/pricing/prices.json")
TARGET = pathlib.Path("src/pricing/prices.json")

FIELDS = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_creation_input_token_cost": "cache_write_5m",
    "cache_creation_input_token_cost_above_1hr": "cache_write_1h",
    "cache_read_input_token_cost": "cache_read",
    "input_cost_per_token_above_200k_tokens": "input_above_200k",
    "output_cost_per_token_above_200k_tokens": "output_above_200k",
    "cache_creation_input_token_cost_above_200k_tokens": "cache_write_5m_above_200k",
    "cache_read_input_token_cost_above_200k_tokens": "cache_read_above_200k",
    "fast_multiplier": "fast_multiplier",
}
OVERRIDE_FIELDS = {
    "input": "input",
    "output": "output",
    "cache_create": "cache_write_5m",
    "cache_read": "cache_read",
    "input_above_200k": "input_above_200k",
    "output_above_200k": "output_above_200k",
    "cache_create_above_200k": "cache_write_5m_above_200k",
    "cache_read_above_200k": "cache_read_above_200k",
    "fast_multiplier": "fast_multiplier",
}


def main():
    data = json.loads(SOURCE.read_text())
    models = {}
    for key, row in sorted(data["models"].items()):
        models[key] = {ours: row[theirs] for theirs, ours in FIELDS.items() if theirs in row}
    for key, row in data["ccusage_builtin_overrides"].items():
        if key.startswith("_"):
            continue
        models[key] = {ours: row[theirs] for theirs, ours in OVERRIDE_FIELDS.items() if theirs in row}
    fast = data["ccusage_fast_multiplier_overrides"]
    out = {
        "source": "LiteLLM model_prices_and_context_window (PyPI litellm 1.109.1, legacy Claude rows"
        " from 1.80.0) with ccusage's built-in override rows; see docs/pricing.md",
        "date": "2026-11-21",
        "units": "USD per token",
        "fast_multiplier_by_prefix": fast["normalized_prefix"],
        "fast_multiplier_exact": fast["exact"],
        "models": models,
    }
    TARGET.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(models)} models to {TARGET}")


if __name__ == "__main__":
    main()

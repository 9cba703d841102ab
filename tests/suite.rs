//! Every integration test, in one test binary: one link of the library instead of one per
//! file (forty links of a 240 MB binary filled the CI machine's disk). The benchmarks and
//! the profiler runs stay binaries of their own (`--test benchmarks`, `--test profiles`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

mod accessibility;
mod agents;
mod agents_page;
mod bad_input;
mod browser;
mod ccusage_parity;
mod ccusage_reports;
mod chart_snapshots;
mod cli;
mod cli_cache;
mod codex_rollouts;
mod dashboard_invariants;
mod dedupe;
mod export;
mod external_page;
mod external_records;
mod failure_paths;
mod first_visit;
mod gemini_chats;
mod hostile_corpus;
mod insights;
mod keep;
mod keep_page;
mod layouts;
mod merge;
mod narrowed_bases;
mod no_network;
mod one_truth;
mod one_truth_page;
mod page_cli_agree;
mod page_views;
mod phone_and_charts;
mod practices;
mod practices_page;
mod screenshots;
mod sections;
mod session_bases;
mod sessions_page;
mod share;
mod small_truths;
mod streaming;
mod test_runs;
mod trends;
mod trends_page;
mod usage_page;
mod usage_tables;
mod warehouse;
mod zip_archives;
mod zip_page;

//! The agents table over a folder mixing Claude Code, Codex and Gemini CLI: each agent's
//! tokens and cost equal ccusage's report of that agent alone (through `daily --agent`,
//! which sums requests, not the dashboard's groups), the rows add up to the cards, and
//! the agent filter narrows every figure to the row.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use serde_json::Value;
use session_lens::cli;

fn run(words: &[&str]) -> Value {
    let arguments: Vec<String> = words.iter().map(|word| word.to_string()).collect();
    serde_json::from_str(&cli::run(&arguments).expect("runs").stdout).expect("JSON")
}

fn folders() -> Vec<String> {
    ["real/agentv", "real/entireio-cli"].iter().map(|path| common::fixture(path).to_str().expect("utf-8").to_owned()).collect()
}

fn expected(set: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(common::fixture(&format!("expected/{set}.daily.json"))).expect("expected")).expect("JSON")
}

#[test]
fn each_agent_s_row_equals_ccusage_for_that_agent_and_the_rows_add_up() {
    let folders = folders();
    let mut words = vec!["summary", "--json", "--tz", "UTC"];
    words.extend(folders.iter().map(String::as_str));
    let summary = run(&words);
    let rows = summary["agents"].as_array().expect("agents");
    let labels: Vec<&str> = rows.iter().map(|row| row["agent"].as_str().expect("label")).collect();
    assert_eq!(labels, ["claude-code", "codex", "gemini-cli"]);
    // ccusage's totals of each agent over the same files (Claude: both sets' files).
    let claude_tokens: u64 = ["agentv.claude", "entireio-cli.claude"].iter().map(|set| expected(set)["totals"]["totalTokens"].as_u64().expect("n")).sum();
    let codex_tokens = expected("agentv-codex.codex")["totals"]["totalTokens"].as_u64().expect("n");
    let gemini_tokens = expected("entireio-cli-gemini.gemini")["totals"]["totalTokens"].as_u64().expect("n");
    let row_tokens: Vec<u64> = rows.iter().map(|row| row["total_tokens"].as_u64().expect("n")).collect();
    assert_eq!(row_tokens, [claude_tokens, codex_tokens, gemini_tokens]);
    for key in ["sessions", "conversations", "tool_calls", "errors", "total_tokens", "active_time_ms"] {
        let sum: u64 = rows.iter().map(|row| row[key].as_u64().expect("n")).sum();
        assert_eq!(sum, summary[key].as_u64().expect("n"), "{key}");
    }
    let cost_sum: f64 = rows.iter().map(|row| row["cost_usd"].as_f64().expect("n")).sum();
    assert!((cost_sum - summary["cost_usd"].as_f64().expect("n")).abs() < 1e-9);
    // The agent filter gives the row's figures as the cards.
    for row in rows {
        let mut words = vec!["summary", "--json", "--tz", "UTC", "--agent", row["agent"].as_str().expect("label")];
        words.extend(folders.iter().map(String::as_str));
        let filtered = run(&words);
        for key in ["sessions", "total_tokens", "tool_calls", "errors"] {
            assert_eq!(filtered[key], row[key], "{} {key}", row["agent"]);
        }
        assert_eq!(filtered["agents"].as_array().expect("rows").len(), 1);
    }
}

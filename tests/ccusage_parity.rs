//! Our per-day figures against ccusage's for every fixture set, Claude Code, Codex and
//! Gemini CLI (`../shared/fixtures/expected/README.md`): the four token counts of every
//! day equal, cost within 0.1 %. Each agent is compared apart (`daily --agent`), as
//! ccusage reports them (`ccusage claude|codex|gemini daily`). Where we differ on purpose, the test names the difference and
//! checks that it is exactly that (docs/ccusage-differences.md).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use serde_json::Value;
use session_lens::cli;

const TOKEN_KEYS: [&str; 4] = ["inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens"];

fn ours(agent: &str, paths: &[&str]) -> Value {
    let mut arguments: Vec<String> = ["daily", "--json", "--tz", "UTC", "--agent", agent].iter().map(|s| s.to_string()).collect();
    arguments.extend(paths.iter().map(|path| common::fixture(path).to_str().expect("utf-8 path").to_owned()));
    serde_json::from_str(&cli::run(&arguments).expect("daily runs").stdout).expect("JSON")
}

/// ccusage's file of a set: `<set>.<claude|codex|gemini>.daily.json`.
fn theirs(set: &str, agent: &str) -> Value {
    let suffix = match agent {
        "codex" => "codex",
        "gemini-cli" => "gemini",
        _ => "claude",
    };
    let path = common::fixture(&format!("expected/{set}.{suffix}.daily.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("expected file")).expect("JSON")
}

/// Every day's four token counts equal and cost within 0.1 %, after subtracting what we
/// count on purpose and ccusage does not (`extra`, per date).
fn assert_days_match(set: &str, folder: &str, extra: &[(&str, [u64; 4], f64)]) {
    assert_agent_days_match("claude-code", set, &[folder], extra);
}

fn assert_agent_days_match(agent: &str, set: &str, paths: &[&str], extra: &[(&str, [u64; 4], f64)]) {
    let (ours, theirs) = (ours(agent, paths), theirs(set, agent));
    let our_days = ours["daily"].as_array().expect("days");
    let their_days = theirs["daily"].as_array().expect("days");
    assert_eq!(
        our_days.iter().map(|d| d["date"].clone()).collect::<Vec<_>>(),
        their_days.iter().map(|d| d["date"].clone()).collect::<Vec<_>>(),
        "{set}: days differ"
    );
    for (our_day, their_day) in our_days.iter().zip(their_days) {
        let date = their_day["date"].as_str().expect("date");
        let (extra_tokens, extra_cost_usd) =
            extra.iter().find(|(day, _, _)| *day == date).map(|(_, tokens, cost)| (*tokens, *cost)).unwrap_or(([0; 4], 0.0));
        for (index, key) in TOKEN_KEYS.iter().enumerate() {
            let our_count = our_day[key].as_u64().expect("count");
            assert_eq!(our_count - extra_tokens[index], their_day[key].as_u64().expect("count"), "{set} {date} {key}");
        }
        let our_cost_usd = our_day["totalCost"].as_f64().expect("cost") - extra_cost_usd;
        // ccusage's Codex report names the cost `costUSD`, its others `totalCost`.
        let their_cost_usd = their_day.get("totalCost").or(their_day.get("costUSD")).and_then(Value::as_f64).expect("cost");
        assert!(
            (our_cost_usd - their_cost_usd).abs() <= 1e-3 * their_cost_usd.max(1e-9),
            "{set} {date}: cost {our_cost_usd} vs {their_cost_usd}"
        );
    }
}

#[test]
fn claude_code_viewer_matches() {
    assert_days_match("claude-code-viewer", "real/claude-code-viewer/projects/sample-project", &[]);
}

#[test]
fn claude_code_sessions_fdp_matches() {
    assert_days_match("claude-code-sessions-fdp", "real/claude-code-sessions-fdp", &[]);
}

#[test]
fn agent_sessions_matches() {
    assert_days_match("agent-sessions", "real/agent-sessions/claude", &[]);
}

#[test]
fn ccusage_fixtures_match() {
    assert_days_match("ccusage-fixtures", "real/ccusage/claude/projects", &[]);
}

#[test]
fn entireio_cli_matches_including_subagent_usage_nested_in_progress_lines() {
    assert_days_match("entireio-cli", "real/entireio-cli", &[]);
}

#[test]
fn oh_my_posh_matches() {
    assert_days_match("oh-my-posh", "real/oh-my-posh", &[]);
}

#[test]
fn agentv_matches() {
    assert_days_match("agentv", "real/agentv", &[]);
}

/// Deliberate difference: three assistant lines of `edge_cases.jsonl` are written with a
/// space after each colon (`"type": "assistant"`). They are valid JSON with usage;
/// ccusage's byte pre-filter looks for the compact spelling and skips them, we read them.
/// The difference is exactly those three requests of claude-3-sonnet-20240229:
/// input 35 + 200 + 85, output 145 + 25 + 180, at $3 / $15 per million.
#[test]
fn claude_code_log_differs_only_by_the_spaced_json_lines_ccusage_skips() {
    let spaced_lines_cost_usd = 320.0 * 3e-6 + 350.0 * 15e-6;
    assert_days_match("claude-code-log", "real/claude-code-log", &[("2025-06-14", [320, 350, 0, 0], spaced_lines_cost_usd)]);
}

/// Codex: `token_count` deltas (`last_token_usage`, else differences of running totals),
/// input without its cached part, cached as cache reads, output with reasoning. The
/// branch-history pair is a fork whose file replays the parent's token event: counted once.
#[test]
fn ccusage_codex_fixtures_match_with_the_fork_replay_counted_once() {
    assert_agent_days_match("codex", "ccusage-codex", &["real/ccusage/codex/sessions"], &[]);
}

#[test]
fn agent_sessions_codex_matches() {
    assert_agent_days_match("codex", "agent-sessions-codex", &["real/agent-sessions/codex"], &[]);
}

/// Function calls only, no token events: no day at all.
#[test]
fn agentsview_codex_has_no_usage() {
    assert_agent_days_match("codex", "agentsview-codex", &["real/agentsview/codex"], &[]);
}

/// Real Codex 0.140 and 0.142 rollouts, one with two compactions and a token event
/// re-emitted with an unchanged running total (counted once).
#[test]
fn agentv_codex_matches() {
    assert_agent_days_match("codex", "agentv-codex", &["real/agentv"], &[]);
}

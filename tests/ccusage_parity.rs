//! Our per-day figures against ccusage's for every fixture set, Claude Code, Codex and
//! Gemini CLI (`../shared/fixtures/expected/README.md`): the four token counts of every
//! day equal, cost within 0.1 %. Each agent is compared apart (`daily --agent`), as
//! ccusage reports them (`ccusage claude|codex|gemini daily`). Where we differ on purpose, the test names the difference and
//! checks that it is exactly that (docs/ccusage-differences.md).
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
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
        let (extra_tokens, extra_cost_usd) = extra.iter().find(|(day, _, _)| *day == date).map(|(_, tokens, cost)| (*tokens, *cost)).unwrap_or(([0; 4], 0.0));
        for (index, key) in TOKEN_KEYS.iter().enumerate() {
            let our_count = our_day[key].as_u64().expect("count");
            assert_eq!(our_count - extra_tokens[index], their_day[key].as_u64().expect("count"), "{set} {date} {key}");
        }
        // ccusage's Codex report names the cost `costUSD`, its others `totalCost`; so do we.
        let cost_usd = |day: &Value| day.get("totalCost").or(day.get("costUSD")).and_then(Value::as_f64).expect("cost");
        let our_cost_usd = cost_usd(our_day) - extra_cost_usd;
        let their_cost_usd = cost_usd(their_day);
        assert!((our_cost_usd - their_cost_usd).abs() <= 1e-3 * their_cost_usd.max(1e-9), "{set} {date}: cost {our_cost_usd} vs {their_cost_usd}");
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

/// The `tokens.thoughts` of a legacy Gemini chat file, per day of its messages: read
/// straight from the file, to check our output column against ccusage's.
fn gemini_thoughts_by_day(paths: &[&str]) -> Vec<(String, u64)> {
    let mut days: std::collections::BTreeMap<String, u64> = Default::default();
    for path in paths {
        let chat: Value = serde_json::from_str(&std::fs::read_to_string(common::fixture(path)).expect("fixture")).expect("chat JSON");
        for message in chat["messages"].as_array().expect("messages") {
            if let Some(thoughts) = message["tokens"]["thoughts"].as_u64() {
                *days.entry(message["timestamp"].as_str().expect("timestamp")[..10].to_owned()).or_default() += thoughts;
            }
        }
    }
    days.into_iter().collect()
}

/// Deliberate difference: ccusage's Gemini report bills thoughts as output (its cost and
/// `totalTokens` include them) but leaves them out of its `outputTokens` column; ours
/// counts them as output. Input, cache reads, total tokens and cost are equal.
#[test]
fn entireio_gemini_matches_with_thoughts_counted_as_output() {
    let chats =
        ["real/entireio-cli/51/3fab7adf0b/0/full.jsonl", "real/entireio-cli/ab/2b9748b105/0/full.jsonl", "real/entireio-cli/ec/38b74f08e3/2/full.jsonl"];
    let thoughts = gemini_thoughts_by_day(&chats);
    assert_eq!(thoughts.iter().map(|(_, n)| *n).sum::<u64>(), 120 + 1095, "the files' own thoughts");
    let extra: Vec<(&str, [u64; 4], f64)> = thoughts.iter().map(|(day, n)| (day.as_str(), [0, *n, 0, 0], 0.0)).collect();
    // The whole folder: its Claude Code files and Entire's metadata.json sidecars are not Gemini's.
    assert_agent_days_match("gemini-cli", "entireio-cli-gemini", &["real/entireio-cli"], &extra);
    let (ours, theirs) = (ours("gemini-cli", &["real/entireio-cli"]), theirs("entireio-cli-gemini", "gemini-cli"));
    assert_eq!(ours["totals"]["totalTokens"], theirs["totals"]["totalTokens"]);
}

/// The legacy chat equals ccusage's; the JSONL chat beside it (Gemini CLI ≥ 0.39), which
/// ccusage does not read, adds its two responses: input 11,855 + (12,069 − 11,502 cached),
/// 11,502 cache reads, output 81 + 147 (no thoughts), on 2026-04-29.
#[test]
fn agent_sessions_gemini_matches_and_its_jsonl_chat_is_read_too() {
    assert_agent_days_match("gemini-cli", "agent-sessions-gemini", &["real/agent-sessions/gemini/small.json"], &[]);
    let ours = ours("gemini-cli", &["real/agent-sessions/gemini"]);
    let day = ours["daily"].as_array().expect("days").iter().find(|day| day["date"] == "2026-04-29").expect("the JSONL chat's day").clone();
    let counts: Vec<u64> = ["inputTokens", "cacheReadTokens", "outputTokens", "totalTokens"].iter().map(|key| day[key].as_u64().expect("count")).collect();
    assert_eq!(counts, [11_855 + 567, 11_502, 228, 11_936 + 12_216]);
}

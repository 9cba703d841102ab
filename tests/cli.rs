//! The `session-lens` command line on real fixtures.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::process::Command;

use serde_json::Value;

fn run(arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_session-lens")).args(arguments).output().expect("run session-lens");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn summary_json_names_every_figure_of_the_sample_project() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let (code, stdout, stderr) = run(&["summary", "--json", folder.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    // ccusage's totals for the same folder (fixtures/expected/claude-code-viewer.claude.daily.json).
    assert_eq!(json["input_tokens"], 1240);
    assert_eq!(json["output_tokens"], 56535);
    assert_eq!(json["cache_write_tokens"], 198421);
    assert_eq!(json["cache_read_tokens"], 4075332);
    assert_eq!(json["total_tokens"], 4331528);
    let cost_usd = json["cost_usd"].as_f64().expect("cost");
    assert!((cost_usd - 2.8184233499999998).abs() < 1e-9, "{cost_usd}");
    for name in ["sessions", "conversations", "active_time_ms", "skipped_lines"] {
        assert!(json[name].is_u64() || json[name].is_i64(), "{name} missing: {json}");
    }
}

#[test]
fn daily_json_matches_ccusage_days_for_the_sample_project() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let (code, stdout, stderr) = run(&["daily", "--json", "--tz", "UTC", folder.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{stderr}");
    let ours: Value = serde_json::from_str(&stdout).expect("JSON");
    let expected_text = std::fs::read_to_string(common::fixture("expected/claude-code-viewer.claude.daily.json")).expect("expected");
    let theirs: Value = serde_json::from_str(&expected_text).expect("JSON");
    let (ours_days, their_days) = (ours["daily"].as_array().expect("days"), theirs["daily"].as_array().expect("days"));
    assert_eq!(ours_days.len(), their_days.len());
    for (ours, theirs) in ours_days.iter().zip(their_days) {
        for key in ["date", "inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens", "totalTokens", "modelsUsed"] {
            assert_eq!(ours[key], theirs[key], "{key} on {}", theirs["date"]);
        }
        let (a, b) = (ours["totalCost"].as_f64().expect("cost"), theirs["totalCost"].as_f64().expect("cost"));
        assert!((a - b).abs() <= 1e-3 * b, "cost on {}: {a} vs {b}", theirs["date"]);
    }
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let (code, _, stderr) = run(&["summary", "/nonexistent"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--json"), "{stderr}");
    let (code, _, stderr) = run(&["summary", "--json", "/nonexistent/folder"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn user_price_table_overrides_the_embedded_one() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let prices = common::dollar_per_million_price_table("cli-prices");
    let (code, stdout, stderr) = run(&["summary", "--json", "--prices", prices.to_str().expect("path"), folder.to_str().expect("path")]);
    let _ = std::fs::remove_file(&prices);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let cost_usd = json["cost_usd"].as_f64().expect("cost");
    assert!((cost_usd - 4_331_528.0 * 1e-6).abs() < 1e-9, "{cost_usd}");
}

#[test]
fn time_zone_moves_requests_between_days() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let days = |zone: &str| {
        let (code, stdout, stderr) = run(&["daily", "--json", "--tz", zone, folder.to_str().expect("path")]);
        assert_eq!(code, 0, "{stderr}");
        let json: Value = serde_json::from_str(&stdout).expect("JSON");
        json["daily"].as_array().expect("days").iter().map(|day| day["date"].as_str().expect("date").to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(days("UTC"), ["2025-09-03", "2025-09-07"]);
    // The 2025-09-03 session ran from 00:52 UTC: still the 2nd in Los Angeles.
    assert_eq!(days("America/Los_Angeles")[0], "2025-09-02");
}

//! A folder mixing all three agents in the page: Claude Code and Codex sessions (agentv),
//! Claude Code and Gemini CLI chats stored as `full.jsonl` (entireio-cli), a Gemini JSONL
//! chat, and a Codex rollout compressed as `rollout-*.jsonl.zst`. Every figure equals the
//! command line's on the same folder, for all agents and for each agent alone, and each
//! agent's tokens equal ccusage's report of that agent.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use serde_json::Value;
use session_lens::cli;

const TIMEOUT: Duration = Duration::from_secs(90);

/// The mixed folder; the long Codex rollout is there only compressed.
fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-agents-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    common::copy_tree(&common::fixture("real/agentv"), &dir.join("agentv"));
    common::copy_tree(&common::fixture("real/entireio-cli"), &dir.join("entireio-cli"));
    std::fs::create_dir_all(dir.join("gemini/chats")).expect("mkdir");
    std::fs::copy(common::fixture("real/agent-sessions/gemini/jsonl_v040.jsonl"), dir.join("gemini/chats/session-2026-04-29T21-39-gemini.jsonl"))
        .expect("copy");
    let rollout = dir.join("agentv/00/34f597b72d/1/full.jsonl");
    let plain = std::fs::read(&rollout).expect("rollout");
    let compressed = ruzstd::encoding::compress_to_vec(plain.as_slice(), ruzstd::encoding::CompressionLevel::Fastest);
    std::fs::remove_file(&rollout).expect("rm");
    std::fs::write(dir.join("agentv/00/34f597b72d/1/rollout-2026-06-26T12-00-00-019f03e3-3ddb-72c0-93d8-59a737f12c3b.jsonl.zst"), compressed).expect("write");
    dir
}

fn cli_summary(folder: &Path, agent: Option<&str>) -> Value {
    let mut arguments: Vec<String> = ["summary", "--json", "--tz", "UTC", "--period", "all"].iter().map(|a| a.to_string()).collect();
    if let Some(agent) = agent {
        arguments.extend(["--agent".to_owned(), agent.to_owned()]);
    }
    arguments.push(folder.display().to_string());
    serde_json::from_str(&cli::run(&arguments).expect("summary runs").stdout).expect("JSON")
}

fn assert_same(page: &BTreeMap<String, Option<f64>>, cli: &BTreeMap<String, Option<f64>>, what: &str) {
    assert_eq!(page.keys().collect::<Vec<_>>(), cli.keys().collect::<Vec<_>>(), "{what}: different figures");
    for (name, value) in cli {
        let shown = page[name];
        let same = match (shown, value) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1.0),
            (a, b) => a == *b,
        };
        assert!(same, "{what} {name}: page {shown:?}, command line {value:?}");
    }
}

fn ccusage_tokens(set: &str) -> u64 {
    let text = std::fs::read_to_string(common::fixture(&format!("expected/{set}.daily.json"))).expect("expected");
    serde_json::from_str::<Value>(&text).expect("json")["totals"]["totalTokens"].as_u64().expect("totalTokens")
}

#[test]
fn three_agents_and_a_zstd_rollout_give_the_command_line_s_figures() {
    let folder = folder();
    let all = cli_summary(&folder, None);
    let rows = all["agents"].as_array().expect("agents").clone();
    let labels: Vec<&str> = rows.iter().map(|row| row["agent"].as_str().expect("label")).collect();
    assert_eq!(labels, ["claude-code", "codex", "gemini-cli"]);
    // Codex: ccusage's agentv-codex total, the compressed rollout included. Gemini: the
    // entireio chats' ccusage total plus the JSONL chat's two responses (11,936 + 12,216).
    assert_eq!(rows[1]["total_tokens"].as_u64(), Some(ccusage_tokens("agentv-codex.codex")));
    assert_eq!(rows[2]["total_tokens"].as_u64(), Some(ccusage_tokens("entireio-cli-gemini.gemini") + 11_936 + 12_216));

    let browser = Browser::start();
    browser.open("?tz=UTC&period=all");
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    let page: BTreeMap<String, Option<f64>> = browser.metrics("[data-role=session-detail]").into_iter().collect();
    assert_same(&page, &common::summary_figures(&all), "all agents");
    let shown_rows = browser.run("return [...document.querySelectorAll('[data-table=agents] tbody tr')].map(r => [r.dataset.row, r.cells[1].textContent])");
    let expected_rows: Vec<Value> = rows
        .iter()
        .map(|row| serde_json::json!([row["agent"], session_lens::viewmodel::format::group_thousands(row["sessions"].as_u64().expect("n"))]))
        .collect();
    assert_eq!(shown_rows.as_array().expect("rows"), &expected_rows);
    // The zstd rollout is not among the skipped files.
    let skipped = browser.run("return [...document.querySelectorAll('.load-report li code')].map(c => c.textContent).join(' ')");
    assert!(!skipped.as_str().unwrap_or_default().contains(".zst"), "{skipped}");

    for agent in ["codex", "gemini-cli", "claude-code"] {
        browser.run(&format!(
            "const select = document.querySelector('select[data-role=agent]'); select.value = '{agent}'; select.dispatchEvent(new Event('change', {{bubbles: true}}));"
        ));
        browser.wait_until(&format!("return location.search.includes('agent={agent}')"), TIMEOUT);
        let page: BTreeMap<String, Option<f64>> = browser.metrics("[data-role=session-detail]").into_iter().collect();
        assert_same(&page, &common::summary_figures(&cli_summary(&folder, Some(agent))), agent);
    }
    let _ = std::fs::remove_dir_all(&folder);
}

//! Other tools' records in the page (headless Chromium over `dist/`): a folder of
//! transcripts with a session-metrics log, an AgileFlow state and two ccusage reports
//! (one of the same days as the transcripts, one of other days) shows the records'
//! tables and the reported figures as the command line computes them, for all agents and
//! with the agent filter; a ccusage report dropped alone loads (it is not an error).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use serde_json::Value;
use session_lens::cli;

const TIMEOUT: Duration = Duration::from_secs(90);

type Figures = BTreeMap<String, Option<f64>>;

fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-external-page-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    common::copy_tree(&common::fixture("real/oh-my-posh"), &dir.join("projects"));
    let log = "---\nsession_id: \"all-of-oh-my-posh\"\nproject_name: oh-my-posh\nstart_time: \"2000-01-01T00:00:00Z\"\nend_time: \"2199-01-01T00:00:00Z\"\nmetrics:\n  loc_accepted: 380\n  loc_discarded: 50\n  loc_corrected: 20\n  tests_passed: 47\n  tests_failed: 2\nclassification: production\n---\nsession_id: \"2025-01-15-abc123\"\nmodel: claude-opus-4-5\nstart_time: \"2025-01-15T10:00:00Z\"\nend_time: \"2025-01-15T12:30:00Z\"\nmetrics:\n  slop_signal_ratio: 0.18\n  test_pass_rate: 95.9\n";
    std::fs::write(dir.join("sessions.yaml"), log).expect("write");
    let state = r#"{"schema_version": 1, "sessions": [{"id": "S1", "status": "ended", "started_at_utc": "2000-01-01T00:00:00Z", "ended_at_utc": "2199-01-01T00:00:00Z", "metrics": {"active_sec_est": 60}, "tests": {"last_run": {"summary": {"passed": 812, "failed": 2, "skipped": 11}}}}]}"#;
    std::fs::write(dir.join("session-state.json"), state).expect("write");
    std::fs::copy(common::fixture("expected/oh-my-posh.claude.daily.json"), dir.join("ccusage-daily.json")).expect("copy");
    std::fs::copy(common::fixture("expected/agentv-codex.codex.daily.json"), dir.join("ccusage-codex-daily.json")).expect("copy");
    dir
}

fn cli_summary(paths: &[&Path], extra: &[&str]) -> Value {
    let mut arguments: Vec<String> = ["summary", "--json", "--tz", "UTC", "--period", "all"].iter().map(|a| a.to_string()).collect();
    arguments.extend(extra.iter().map(|a| a.to_string()));
    arguments.extend(paths.iter().map(|path| path.display().to_string()));
    serde_json::from_str(&cli::run(&arguments).expect("summary runs").stdout).expect("JSON")
}

fn assert_same(page: &Figures, cli: &Figures, what: &str) {
    assert_eq!(page.keys().collect::<Vec<_>>(), cli.keys().collect::<Vec<_>>(), "{what}: different figures");
    for (name, value) in cli {
        let same = match (page[name], value) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs().max(1.0),
            (a, b) => a == *b,
        };
        assert!(same, "{what} {name}: page {:?}, command line {value:?}", page[name]);
    }
}

/// The `data-row`s and the cells of column `column` of a table.
fn rows(browser: &Browser, table: &str, column: usize) -> Vec<(String, String)> {
    let found = browser
        .run(&format!("return [...document.querySelectorAll('[data-table={table}] tbody tr')].map(r => [r.dataset.row, r.cells[{column}].textContent])"));
    found.as_array().expect("rows").iter().map(|row| (row[0].as_str().expect("key").to_owned(), row[1].as_str().expect("cell").to_owned())).collect()
}

#[test]
fn the_records_beside_the_transcripts_as_the_command_line_shows_them() {
    let folder = folder();
    let all = cli_summary(&[&folder], &[]);
    // The oh-my-posh report's days are the transcripts' days; the Codex report's are not.
    assert!(all["covered_days"].as_u64().expect("covered") > 0 && all["reported_days"].as_u64().expect("reported") > 0, "{all}");
    let browser = Browser::start();
    browser.open("?tz=UTC&period=all");
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    let page: Figures = browser.metrics("[data-role=session-detail]").into_iter().collect();
    assert_same(&page, &common::summary_figures(&all), "all agents");

    let external = &all["external"];
    let logged: Vec<(String, String)> = external["logged_sessions"]
        .as_array()
        .expect("logged")
        .iter()
        .map(|row| {
            (
                row["session_id"].as_str().expect("id").to_owned(),
                session_lens::viewmodel::format::group_thousands(row["ours"]["sessions"].as_u64().unwrap_or(0)),
            )
        })
        .collect();
    assert_eq!(rows(&browser, "logged_sessions", 9), logged, "each entry with our sessions of its hours");
    let tracked: Vec<String> = external["tracked_sessions"].as_array().expect("tracked").iter().map(|row| row["id"].as_str().expect("id").to_owned()).collect();
    assert_eq!(rows(&browser, "tracked_sessions", 0).into_iter().map(|(key, _)| key).collect::<Vec<_>>(), tracked);
    let reported: Vec<(String, String)> = external["reported_days"]
        .as_array()
        .expect("reported")
        .iter()
        .map(|row| {
            let counted = if row["counted"] == true { "yes" } else { "no: transcripts cover this day" };
            (row["key"].as_str().expect("key").to_owned(), counted.to_owned())
        })
        .collect();
    assert_eq!(rows(&browser, "reported_days", 6), reported);

    // The agent filter: Codex keeps the Codex report's days, and no transcript.
    browser.run(
        "const select = document.querySelector('select[data-role=agent]'); select.value = 'codex'; select.dispatchEvent(new Event('change', {bubbles: true}));",
    );
    browser.wait_until("return location.search.includes('agent=codex')", TIMEOUT);
    let codex = cli_summary(&[&folder], &["--agent", "codex"]);
    assert_eq!(
        codex["reported_tokens"],
        all["external"]["reported_days"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|row| row["agent"] == "codex")
            .map(|row| row["total_tokens"].as_u64().expect("n"))
            .sum::<u64>()
    );
    let page: Figures = browser.metrics("[data-role=session-detail]").into_iter().collect();
    assert_same(&page, &common::summary_figures(&codex), "codex");
    assert!(rows(&browser, "logged_sessions", 0).is_empty(), "the log's entries are not Codex's");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_ccusage_report_alone_loads_through_the_files_input() {
    let report = common::fixture("expected/claude-code-viewer.claude.daily.json");
    let cli = cli_summary(&[&report], &[]);
    let browser = Browser::start();
    browser.open("?tz=UTC&period=all");
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload_many("[data-role=files-input]", &[report.display().to_string()]);
    browser.wait_for_state("ready", TIMEOUT);
    let page: Figures = browser.metrics("[data-role=session-detail]").into_iter().collect();
    assert_same(&page, &common::summary_figures(&cli), "a report alone");
    assert_eq!(page["reported_tokens"], Some(4_331_528.0), "the report's own total");
}

//! Other tools' records (spec section 1, "seed formats"): ccusage's own reports of the
//! shared fixture sets read back as a cost-only source (their figures checked against the
//! reports' own totals, and never counted again on a day the transcripts cover), a
//! session-metrics log and an AgileFlow state beside the transcripts of the same hours,
//! exports carrying them, and their bad parts counted with file and line.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::path::{Path, PathBuf};

use serde_json::Value;
use session_lens::cli;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-external-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn run(arguments: &[&str]) -> cli::Output {
    let arguments: Vec<String> = arguments.iter().map(|a| a.to_string()).collect();
    cli::run(&arguments).expect("runs")
}

fn summary(extra: &[&str]) -> Value {
    let mut arguments = vec!["summary", "--json", "--tz", "UTC", "--period", "all"];
    arguments.extend_from_slice(extra);
    serde_json::from_str(&run(&arguments).stdout).expect("JSON")
}

fn expected(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(common::fixture(&format!("expected/{name}"))).expect("expected")).expect("json")
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}

/// The cost a ccusage report's totals give (Claude and Gemini: `totalCost`; Codex: `costUSD`).
fn total_cost(report: &Value) -> f64 {
    let totals = &report["totals"];
    totals["totalCost"].as_f64().or_else(|| totals["costUSD"].as_f64()).expect("a total cost")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

const REPORT_NAMES: [&str; 14] = [
    "agent-sessions-codex.codex",
    "agent-sessions-gemini.gemini",
    "agent-sessions.claude",
    "agentsview-codex.codex",
    "agentv-codex.codex",
    "agentv.claude",
    "ccusage-codex.codex",
    "ccusage-fixtures.claude",
    "claude-code-log.claude",
    "claude-code-sessions-fdp.claude",
    "claude-code-viewer.claude",
    "entireio-cli-gemini.gemini",
    "entireio-cli.claude",
    "oh-my-posh.claude",
];

fn agent_label(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("codex") => "codex",
        Some("gemini") => "gemini-cli",
        _ => "claude-code",
    }
}

#[test]
fn every_ccusage_report_alone_gives_its_own_totals() {
    for name in REPORT_NAMES {
        for kind in ["daily", "session"] {
            let file = common::fixture(&format!("expected/{name}.{kind}.json"));
            let report = expected(&format!("{name}.{kind}.json"));
            let rows = report[if kind == "daily" { "daily" } else { "sessions" }].as_array().expect("rows");
            // A row names its day (`date`, `lastActivity`, or a Gemini CLI session id that
            // starts with it); ccusage's Gemini session report of entireio's chats names none.
            let dated = |row: &&Value| {
                row.get("date").or_else(|| row.get("lastActivity")).is_some() || row["sessionId"].as_str().is_some_and(|id| id.starts_with("session-20"))
            };
            let undated = rows.iter().filter(|row| !dated(row)).count();
            if undated > 0 {
                assert_eq!((name, kind, undated, rows.len()), ("entireio-cli-gemini.gemini", "session", 2, 2));
                let output = run(&["summary", "--json", "--tz", "UTC", &path_text(&file)]);
                assert!(output.notes.join("\n").contains("unreadable timestamp"), "{:?}", output.notes);
                continue;
            }
            let rows = rows.len();
            let json = summary(&[&path_text(&file)]);
            let what = format!("{name}.{kind}");
            assert_eq!(json["sessions"].as_u64(), Some(0), "{what}: a report has no sessions");
            assert_eq!(json["cost_usd"].as_f64(), Some(0.0), "{what}: nor transcript cost");
            let external = &json["external"];
            if rows == 0 {
                assert!(json.get("reported_tokens").is_none(), "{what}: no row, no figures");
                continue;
            }
            assert_eq!(json["reported_tokens"], report["totals"]["totalTokens"], "{what}");
            assert!(
                close(json["reported_cost_usd"].as_f64().expect("cost"), total_cost(&report)),
                "{what}: {} vs {}",
                json["reported_cost_usd"],
                total_cost(&report)
            );
            let listed = external["reported_days"].as_array().expect("rows");
            assert_eq!(listed.len(), rows, "{what}");
            assert!(listed.iter().all(|row| row["agent"] == agent_label(name) && row["counted"] == true), "{what}: {listed:?}");
            if kind == "daily" {
                assert_eq!(json["reported_days"].as_u64(), Some(rows as u64), "{what}: a day per row");
            }
        }
    }
}

#[test]
fn a_daily_report_with_its_session_report_counts_each_day_once() {
    for name in ["claude-code-viewer.claude", "entireio-cli.claude", "oh-my-posh.claude", "agentv-codex.codex", "ccusage-fixtures.claude"] {
        let dir = scratch(&format!("both-{name}"));
        for kind in ["daily", "session"] {
            std::fs::copy(common::fixture(&format!("expected/{name}.{kind}.json")), dir.join(format!("{kind}.json"))).expect("copy");
        }
        // The same daily report again, under another name: counted once.
        std::fs::copy(common::fixture(&format!("expected/{name}.daily.json")), dir.join("daily-again.json")).expect("copy");
        let json = summary(&[&path_text(&dir)]);
        let daily = expected(&format!("{name}.daily.json"));
        assert_eq!(json["reported_tokens"], daily["totals"]["totalTokens"], "{name}: the daily rows, not the session rows of the same days");
        assert!(close(json["reported_cost_usd"].as_f64().expect("cost"), total_cost(&daily)), "{name}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Fixture sets with their transcripts' folder (as `expected/README.md` lists them).
const SETS: [(&str, &str); 5] = [
    ("claude-code-viewer.claude", "real/claude-code-viewer/projects/sample-project"),
    ("oh-my-posh.claude", "real/oh-my-posh"),
    ("ccusage-fixtures.claude", "real/ccusage/claude/projects"),
    ("ccusage-codex.codex", "real/ccusage/codex/sessions"),
    ("agentv.claude", "real/agentv"),
];

#[test]
fn a_report_beside_the_transcripts_it_was_made_from_adds_nothing() {
    for (name, folder) in SETS {
        let transcripts = path_text(&common::fixture(folder));
        let report = path_text(&common::fixture(&format!("expected/{name}.daily.json")));
        let alone = summary(&[&transcripts]);
        let both = summary(&[&transcripts, &report]);
        let rows = expected(&format!("{name}.daily.json"))["daily"].as_array().expect("rows").len() as u64;
        assert_eq!(both["covered_days"].as_u64(), Some(rows), "{name}: every day the report gives, the transcripts cover");
        assert_eq!(both["reported_days"].as_u64(), Some(0), "{name}");
        assert_eq!(both["reported_cost_usd"].as_f64(), Some(0.0), "{name}");
        for figure in ["sessions", "total_tokens", "cost_usd", "active_time_ms", "tool_calls"] {
            assert_eq!(both[figure], alone[figure], "{name} {figure}: the transcripts' figures stay as they were");
        }
        // The same report labelled with another person's name is not covered by these
        // transcripts: all its days count.
        let bob = summary(&[&transcripts, "--person", "bob", &report]);
        assert_eq!(bob["covered_days"].as_u64(), Some(0), "{name}");
        assert_eq!(bob["reported_tokens"], expected(&format!("{name}.daily.json"))["totals"]["totalTokens"], "{name}");
        assert_eq!(bob["total_tokens"], alone["total_tokens"], "{name}");
    }
}

#[test]
fn filters_keep_the_reported_rows_they_name() {
    let dir = scratch("filters");
    for name in ["agentv.claude", "agentv-codex.codex", "entireio-cli-gemini.gemini"] {
        std::fs::copy(common::fixture(&format!("expected/{name}.daily.json")), dir.join(format!("{name}.json"))).expect("copy");
    }
    let path = path_text(&dir);
    for (agent, name) in [("claude-code", "agentv.claude"), ("codex", "agentv-codex.codex"), ("gemini-cli", "entireio-cli-gemini.gemini")] {
        let json = summary(&["--agent", agent, &path]);
        assert_eq!(json["reported_tokens"], expected(&format!("{name}.daily.json"))["totals"]["totalTokens"], "{agent}");
    }
    // A period with none of their days keeps none of them.
    let json = summary(&["--period", "2020-01-01..2020-12-31", &path]);
    assert!(json.get("reported_tokens").is_none(), "{json}");
    assert_eq!(json["external"]["reported_days"].as_array().map(Vec::len), Some(0));
    // A day of the Codex report, and the model filter: only the rows that used it.
    let codex = expected("agentv-codex.codex.daily.json");
    let first_day = codex["daily"][0]["date"].as_str().expect("date").to_owned();
    let json = summary(&["--period", &format!("{first_day}..{first_day}"), "--agent", "codex", &path]);
    assert_eq!(json["reported_tokens"], codex["daily"][0]["totalTokens"]);
    let model = codex["daily"][0]["models"].as_object().expect("models").keys().next().expect("a model").to_owned();
    let json = summary(&["--model", &model, &path]);
    let rows = json["external"]["reported_days"].as_array().expect("rows");
    assert!(!rows.is_empty() && rows.iter().all(|row| row["agent"] == "codex"), "{rows:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A session-metrics log with one entry over all of a project's hours, one naming no
/// hours, and one of another person; an AgileFlow state with one session over all of the
/// person's hours.
fn records_beside(dir: &Path, project: &str) {
    let log = format!(
        "# docs/metrics/sessions.yaml\n---\nsession_id: \"all-of-{project}\"\ntype: agentic\nproject_name: \"{project}\"\nstart_time: \"2000-01-01T00:00:00Z\"\nend_time: \"2199-01-01T00:00:00Z\"\nmetrics:\n  loc_accepted: 380\n  loc_discarded: 50\n  loc_corrected: 20\n  tests_passed: 47\n  tests_failed: 2\n  commits: 8\nclassification: production\n---\nsession_id: \"no-hours\"\nmetrics:\n  tokens_in: 5\n"
    );
    std::fs::write(dir.join("sessions.yaml"), log).expect("write");
    let state = r#"{"schema_version": 1, "sessions": [{"id": "S1", "status": "ended", "started_at_utc": "2000-01-01T00:00:00Z", "ended_at_utc": "2199-01-01T00:00:00Z", "metrics": {"active_sec_est": 60}, "git": {"commit_count": 2}}]}"#;
    std::fs::write(dir.join("session-state.json"), state).expect("write");
}

#[test]
fn logged_and_tracked_sessions_beside_ours_for_the_same_hours() {
    let records = scratch("beside");
    // oh-my-posh's transcripts are of two projects.
    let project = "oh-my-posh";
    records_beside(&records, project);
    let transcripts = path_text(&common::fixture("real/oh-my-posh"));
    let json = summary(&[&transcripts, &path_text(&records)]);
    let external = &json["external"];
    let logged = external["logged_sessions"].as_array().expect("logged");
    assert_eq!(logged.len(), 2);
    let whole = logged.iter().find(|row| row["session_id"] == format!("all-of-{project}")).expect("the entry");
    // The log's own figures, and its slop ratio by the seed's formula: (50 + 20) / 380.
    assert_eq!(whole["log"]["loc_accepted"], 380);
    assert!(close(whole["log"]["slop_ratio"].as_f64().expect("ratio"), 70.0 / 380.0));
    assert!(close(whole["log"]["test_pass_rate"].as_f64().expect("rate"), 47.0 / 49.0));
    // Ours over all of the project's hours: the dashboard's figures for that project.
    let only_project = summary(&["--project", project, &transcripts]);
    assert!(only_project["sessions"].as_u64().expect("n") > 0);
    for (ours, figure) in [("sessions", "sessions"), ("cost_usd", "cost_usd"), ("total_tokens", "total_tokens"), ("active_time_ms", "active_time_ms")] {
        let (mine, dashboard) = (whole["ours"][ours].as_f64().expect("ours"), only_project[figure].as_f64().expect("figure"));
        assert!(close(mine, dashboard), "ours {ours}: {mine} vs {dashboard}");
    }
    let no_hours = logged.iter().find(|row| row["session_id"] == "no-hours").expect("the entry");
    assert_eq!(no_hours["ours"], Value::Null, "an entry naming no hours matches nothing");
    let tracked = external["tracked_sessions"].as_array().expect("tracked");
    assert_eq!(tracked.len(), 1);
    assert_eq!(tracked[0]["tracker"]["active_time_ms"], 60_000);
    assert_eq!(tracked[0]["ours"]["sessions"], json["sessions"], "all of the person's sessions");
    assert_eq!(tracked[0]["ours"]["active_time_ms"], json["active_time_ms"]);
    // The same records labelled with another person: none of our sessions are theirs.
    let other = summary(&[&transcripts, "--person", "bob", &path_text(&records)]);
    assert_eq!(other["external"]["tracked_sessions"][0]["ours"]["sessions"], 0);
    // Filtered to that person, ours are gone and their records stay.
    let bob = summary(&["--filter-person", "bob", &transcripts, "--person", "bob", &path_text(&records)]);
    assert_eq!(bob["sessions"], 0);
    assert_eq!(bob["external"]["logged_sessions"].as_array().map(Vec::len), Some(2));
    let _ = std::fs::remove_dir_all(&records);
}

#[test]
fn exports_and_reports_carry_the_records_and_read_back_the_same() {
    let records = scratch("export");
    records_beside(&records, "project-alpha");
    std::fs::copy(common::fixture("expected/agentv.claude.daily.json"), records.join("ccusage-daily.json")).expect("copy");
    let transcripts = path_text(&common::fixture("real/ccusage/claude/projects"));
    let out = scratch("export-out");
    let export = path_text(&out.join("team.json"));
    run(&["export", &transcripts, &path_text(&records), "-o", &export]);
    let report = path_text(&out.join("team.html"));
    run(&["report", "--tz", "UTC", "--period", "all", &transcripts, &path_text(&records), "-o", &report]);
    let original = summary(&[&transcripts, &path_text(&records)]);
    for copy in [&export, &report] {
        let again = summary(&[copy]);
        assert_eq!(again["external"], original["external"], "{copy}");
        assert_eq!(again["reported_cost_usd"], original["reported_cost_usd"], "{copy}");
    }
    // Both the copy and the files it was made from: nothing doubled.
    let twice = summary(&[&transcripts, &path_text(&records), &export]);
    assert_eq!(twice["external"], original["external"]);
    let html = std::fs::read_to_string(&report).expect("report");
    for table in ["logged_sessions", "tracked_sessions", "reported_days"] {
        assert!(html.contains(&format!("data-table=\"{table}\"")), "{table}");
    }
    let _ = std::fs::remove_dir_all(&records);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn bad_parts_are_counted_with_file_and_line_and_the_rest_kept() {
    let dir = scratch("bad");
    let log =
        "session_id: a\nmetrics:\n  tokens_in: 1\n---\nsession_id: b\nmetrics: [1, 2\n---\nsession_id: c\nstart_time: someday\nmetrics:\n  loc_accepted: -3\n";
    std::fs::write(dir.join("log.yaml"), log).expect("write");
    let report = std::fs::read_to_string(common::fixture("expected/oh-my-posh.claude.daily.json")).expect("report");
    std::fs::write(dir.join("cut.json"), &report[..report.len() / 2]).expect("write");
    let output = run(&["summary", "--json", "--tz", "UTC", &path_text(&dir)]);
    let json: Value = serde_json::from_str(&output.stdout).expect("JSON");
    let ids: Vec<&str> = json["external"]["logged_sessions"].as_array().expect("rows").iter().map(|row| row["session_id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(json["skipped_lines"], 3, "the broken document, the bad time and the negative count");
    let notes = output.notes.join("\n");
    for line in ["log.yaml:", ": invalid YAML", ": unreadable timestamp", ": a number out of range"] {
        assert!(notes.contains(line), "{line} in {notes}");
    }
    // A field's problem is counted at its entry's first line.
    assert!(notes.contains("log.yaml:8: unreadable timestamp"), "{notes}");
    assert!(notes.contains("cut.json: ccusage report that could not be read: invalid JSON"), "{notes}");
    // The page lists it up front with exports and reports that failed: data the user meant
    // to load. Neither file counts as an export.
    let report = session_lens::viewmodel::load_report::load_report(&common::ingest_tree(&dir, "me"));
    let failed: Vec<&str> = report.failed_imports.iter().map(|file| file.path.rsplit('/').next().unwrap_or_default()).collect();
    assert_eq!(failed, ["cut.json"]);
    assert_eq!((report.files_read, report.imports), (1, 0));
    let _ = std::fs::remove_dir_all(&dir);
}

//! Trends, baselines, regressions and the project catalogue (spec 4.4–4.5) on transcripts
//! written here line by line, where every expected value follows from the lines, and on
//! real fixtures for the agents' own title lines.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use chrono::NaiveDate;
use serde_json::json;
use session_lens::metrics::selection::Filters;
use session_lens::metrics::Settings;
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;
use session_lens::viewmodel::baselines::person_baselines;
use session_lens::viewmodel::dashboard::Dashboard;
use session_lens::viewmodel::project_catalogue::project_catalogue;
use session_lens::viewmodel::regressions::regressions;
use session_lens::viewmodel::trends::{trends, TrendMeasure};

/// A Claude Code conversation in `/home/me/api`: per step (minute, tests' output or None
/// for an edit), a prompt, the agent's call and its result.
fn conversation(session: &str, day: &str, steps: &[(u32, Option<&str>)]) -> String {
    let mut lines = Vec::new();
    let line = |uuid: String, minute: u32, kind: &str, message: serde_json::Value| {
        json!({"type": kind, "uuid": uuid, "sessionId": session, "cwd": "/home/me/api", "timestamp": format!("{day}T10:{minute:02}:00Z"), "message": message})
            .to_string()
    };
    for (index, (minute, output)) in steps.iter().enumerate() {
        lines.push(line(format!("{session}-p{index}"), *minute, "user", json!({"role": "user", "content": "go on"})));
        let id = format!("toolu_{session}_{index}");
        let (tool, input) = match output {
            Some(_) => ("Bash", json!({"command": "cargo test"})),
            None => ("Edit", json!({"file_path": "/home/me/api/src/lib.rs", "old_string": "a", "new_string": "b\nc"})),
        };
        let call = json!({"role": "assistant", "id": format!("msg_{id}"), "model": "claude-sonnet-4-5", "content": [{"type": "tool_use", "id": id, "name": tool, "input": input}],
            "usage": {"input_tokens": 10, "output_tokens": 5}});
        lines.push(line(format!("{session}-a{index}"), *minute, "assistant", call));
        let text = output.unwrap_or("The file has been updated.");
        let result = json!({"role": "user", "content": [{"type": "tool_result", "tool_use_id": id, "content": text, "is_error": output.is_some_and(|o| o.contains("FAILED"))}]});
        lines.push(line(format!("{session}-r{index}"), *minute, "user", result));
    }
    lines.join("\n") + "\n"
}

const PASS: &str = "running 3 tests\ntest a::one ... ok\ntest a::two ... ok\n\ntest result: ok. 3 passed; 0 failed; 0 ignored";
const ONE_FAILS: &str =
    "running 3 tests\ntest a::one ... FAILED\ntest a::two ... ok\n\nfailures:\n    a::one\n\ntest result: FAILED. 2 passed; 1 failed; 0 ignored";
const TWO_FAIL: &str = "running 3 tests\ntest a::one ... FAILED\ntest a::two ... FAILED\n\ntest result: FAILED. 1 passed; 2 failed; 0 ignored";

fn dashboard_of(files: &[(String, String)]) -> (session_lens::model::Dataset, Dashboard) {
    let dataset = ingest_files(files.iter().map(|(path, text)| (path.as_str(), "me", text.as_bytes())), PriceTable::embedded());
    let dashboard = Dashboard::build(&dataset, &Filters::default(), &Settings::default(), NaiveDate::default());
    (dataset, dashboard)
}

#[test]
fn a_run_failing_tests_the_run_before_did_not_is_a_regression_across_sessions() {
    let files = vec![
        // Day one: an edit, the tests pass.
        (String::from("p/-home-me-api/s1.jsonl"), conversation("s1", "2026-11-02", &[(0, None), (1, Some(PASS))])),
        // Day two: a::one fails (new), then a::one and a::two (a::two new), then a::one
        // alone again (nothing new).
        (String::from("p/-home-me-api/s2.jsonl"), conversation("s2", "2026-11-03", &[(0, Some(ONE_FAILS)), (2, Some(TWO_FAIL)), (4, Some(ONE_FAILS))])),
    ];
    let (dataset, dashboard) = dashboard_of(&files);
    let found = regressions(&dataset, &dashboard);
    let news: Vec<Vec<String>> = found.iter().map(|r| r.new_failures.clone()).collect();
    assert_eq!(news, vec![vec![String::from("a::two")], vec![String::from("a::one")]], "newest first");
    assert!(found.iter().all(|r| r.project == "api"));
    let key = |position: u32| dataset.conversation(dashboard.session(position as usize).expect("session").conversation).session_key.clone();
    assert_eq!((key(found[1].session), key(found[1].previous_session)), (String::from("s2"), String::from("s1")), "across sessions");
    // Filtered to the second day, the first failure has no run before it to compare with:
    // against nothing, a failing run is not read as a regression.
    let day_two = Filters {
        period: session_lens::metrics::selection::Period::Range {
            from: NaiveDate::from_ymd_opt(2026, 11, 3).expect("d"),
            to: NaiveDate::from_ymd_opt(2026, 11, 3).expect("d"),
        },
        ..Filters::default()
    };
    let dashboard = Dashboard::build(&dataset, &day_two, &Settings::default(), NaiveDate::default());
    assert_eq!(regressions(&dataset, &dashboard).len(), 1);
}

#[test]
fn rolling_averages_heatmap_and_baseline_follow_the_sessions() {
    // Ten one-session days in a row (Mondays to Fridays of two weeks and a weekend), each
    // session an edit at 10:00 and a test run at 10:00 + n minutes (n = 1..=10).
    let days = ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-08", "2026-11-09", "2026-11-10", "2026-11-11"];
    let files: Vec<(String, String)> = days
        .iter()
        .enumerate()
        .map(|(index, day)| (format!("p/-home-me-api/d{index}.jsonl"), conversation(&format!("d{index}"), day, &[(0, None), (index as u32 + 1, Some(PASS))])))
        .collect();
    let (dataset, dashboard) = dashboard_of(&files);
    assert_eq!(dashboard.summary.sessions, 10);
    let found = trends(&dashboard.tables.days, None);
    let sessions = found.of(TrendMeasure::Sessions);
    assert_eq!(sessions.daily, vec![1.0; 10]);
    assert_eq!(sessions.rolling[0], vec![1.0; 10], "one session a day is one on average, whatever the window");
    let active = found.of(TrendMeasure::ActiveTime);
    assert_eq!(active.daily, (1..=10).map(|minutes| f64::from(minutes) * 60_000.0).collect::<Vec<_>>());
    // The 7-day average on the tenth day: minutes 4..=10.
    assert_eq!(active.rolling[0][9], (4..=10).map(f64::from).sum::<f64>() / 7.0 * 60_000.0);
    // The heatmap: each day's minutes in its weekday's 10:00 hour (11-02 is a Monday).
    let hours = &dashboard.active_hours;
    assert_eq!(hours.ms(0, 10), (1 + 8) * 60_000, "two Mondays");
    assert_eq!(hours.ms(5, 10), 6 * 60_000, "Saturday");
    assert_eq!(hours.total_ms(), 55 * 60_000);
    // The baseline: ten sessions with an edit, of 1..=10 minutes; quartiles at 3.25 and 7.75.
    let baselines = person_baselines(&dataset, &dashboard);
    let me = baselines[0].baseline.expect("enough sessions");
    assert_eq!((baselines[0].sessions, me.low_ms, me.high_ms), (10, 3.25 * 60_000.0, 7.75 * 60_000.0));
    assert_eq!(baselines[0].sentence(), "Best sessions are 3–8 minutes (the middle half of 10 sessions with an applied edit).");
}

#[test]
fn the_catalogue_shows_the_agents_own_titles() {
    let file = "real/agent-sessions/claude/small.jsonl";
    let text = std::fs::read_to_string(common::fixture(file)).expect("fixture");
    // The file names its conversation with an AI title, then a custom one: the user's wins.
    assert!(text.contains("\"aiTitle\":\"Stage0 AI title\"") && text.contains("\"customTitle\":\"Stage0 small fixture\""));
    let (dataset, dashboard) = dashboard_of(&[(file.to_owned(), text)]);
    let cards = project_catalogue(&dataset, &dashboard);
    let titles: Vec<&String> = cards.iter().flat_map(|card| &card.titles).collect();
    assert_eq!(titles, [&String::from("Stage0 small fixture")]);
}

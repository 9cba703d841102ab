//! The hardening issue's small truths: the load report and the figures count the same
//! conversations; the estimated loss never exceeds the time it is estimated from; the
//! demo ends on the page's today; a filter naming what the data lacks says so; a
//! session link names the session, not a position; long tool names stay inside their
//! table.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use session_lens::metrics::Settings;
use session_lens::viewmodel::dashboard::Dashboard;
use session_lens::viewmodel::load_report::load_report;

const TIMEOUT: Duration = Duration::from_secs(90);

fn every_fixture_set() -> Vec<(String, session_lens::model::Dataset)> {
    let mut sets = Vec::new();
    for entry in std::fs::read_dir(common::fixture("real")).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sets.push((path.file_name().expect("name").to_string_lossy().into_owned(), common::ingest_tree(&path, "me")));
        }
    }
    sets.push((String::from("demo"), common::demo_dataset()));
    sets
}

#[test]
fn load_report_and_figures_count_the_same_conversations_and_loss_stays_within_active_time() {
    let settings = Settings::default();
    for (name, dataset) in every_fixture_set() {
        let summary = Dashboard::unfiltered(&dataset, &settings).summary;
        assert_eq!(load_report(&dataset).conversations as u64, summary.conversations, "{name}: conversations");
        // The loss is minutes of correction at the hourly rate: never more than all the
        // active time at that rate.
        let active_time_usd = summary.active_time_ms as f64 / 3_600_000.0 * settings.hourly_rate_usd;
        assert!(summary.estimated_loss_usd <= active_time_usd + 1e-9, "{name}: loss {} > {active_time_usd}", summary.estimated_loss_usd);
    }
}

fn text(browser: &Browser, script: &str) -> String {
    browser.run(script).as_str().unwrap_or_default().to_owned()
}

fn figure(browser: &Browser, name: &str) -> f64 {
    text(browser, &format!("return document.querySelector('[data-metric=\"{name}\"]').dataset.value")).parse().expect(name)
}

#[test]
fn the_demo_ends_today_so_the_last_seven_days_hold_sessions() {
    let browser = Browser::start();
    browser.open("?demo&tz=UTC&period=7d");
    browser.wait_for_state("ready", TIMEOUT);
    assert!(figure(&browser, "sessions") > 0.0, "no session in the demo's last 7 days");
}

#[test]
fn a_link_naming_a_person_the_data_lacks_says_so() {
    let browser = Browser::start();
    browser.open("?demo&tz=UTC&today=2026-11-20&person=zed");
    browser.wait_for_state("ready", TIMEOUT);
    browser.wait_until("return !!document.querySelector('[data-role=unknown-filter]')", TIMEOUT);
    assert_eq!(
        text(&browser, "return document.querySelector('[data-role=unknown-filter]').firstChild.textContent"),
        "No person “zed” in this data: nothing matches that filter."
    );
    let shown = text(&browser, "const s = document.querySelector('select[data-role=person]'); return s.options[s.selectedIndex].textContent");
    assert_eq!(shown, "zed (not in this data)", "the selector does not pretend to show all");
    assert_eq!(figure(&browser, "sessions"), 0.0);
    browser.click("[data-role=unknown-filter] button");
    browser.wait_until("return !document.querySelector('[data-role=unknown-filter]')", TIMEOUT);
    browser.wait_until("return Number(document.querySelector('[data-metric=sessions]').dataset.value) > 0", TIMEOUT);
}

#[test]
fn a_session_link_opens_the_same_session_under_other_filters() {
    let browser = Browser::start();
    browser.open("?demo&tz=UTC&today=2026-11-20");
    browser.wait_for_state("ready", TIMEOUT);
    browser.click("[data-table=sessions] tbody tr:nth-child(7)");
    browser.wait_until("return !!document.querySelector('[data-role=session-detail] h3') && location.search.includes('session=')", TIMEOUT);
    let heading = text(&browser, "return document.querySelector('[data-role=session-detail] h3').textContent");
    let url = browser.current_url();
    let id = url.split("session=").nth(1).expect("session id").split('&').next().expect("id").to_owned();
    assert!(id.len() > 20 && id.contains('-'), "an id, not a position: {id}");
    // The heading reads "start · person · project…": open the link filtered to that person.
    let person = heading.split(" · ").nth(1).expect("person").to_owned();
    browser.open(&format!("?demo&tz=UTC&today=2026-11-20&person={person}&session={id}"));
    browser.wait_for_state("ready", TIMEOUT);
    browser.wait_until("return !!document.querySelector('[data-role=session-detail] h3')", TIMEOUT);
    assert_eq!(text(&browser, "return document.querySelector('[data-role=session-detail] h3').textContent"), heading);
    let position = text(&browser, "return document.querySelector('[data-table=sessions] tr.selected')?.dataset.row ?? ''");
    assert_ne!(position, "6", "the same session sits elsewhere in the filtered list, and is found there");
}

#[test]
fn long_tool_names_stay_inside_their_table() {
    let folder = std::env::temp_dir().join(format!("session-lens-long-names-{}", std::process::id()));
    let project = folder.join("-home-x-app");
    std::fs::create_dir_all(&project).expect("mkdir");
    let long_name = format!("mcp__{}__{}", "very_long_server_name".repeat(6), "tool".repeat(20));
    let session = "77777777-7777-4777-8777-777777777777";
    let lines = [
        serde_json::json!({"type": "user", "uuid": "u1", "sessionId": session, "cwd": "/home/x/app", "timestamp": "2026-11-12T09:00:00.000Z",
            "message": {"role": "user", "content": "go"}}),
        serde_json::json!({"type": "assistant", "uuid": "a1", "parentUuid": "u1", "sessionId": session, "cwd": "/home/x/app", "timestamp": "2026-11-12T09:01:00.000Z",
            "message": {"id": "msg-1", "role": "assistant", "model": "claude-sonnet-4-20250514", "usage": {"input_tokens": 10, "output_tokens": 20},
                "content": [{"type": "tool_use", "id": "toolu-1", "name": long_name, "input": {}}]}}),
    ];
    let text_lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    std::fs::write(project.join(format!("{session}.jsonl")), text_lines.join("\n") + "\n").expect("write");
    let browser = Browser::start();
    browser.open("?period=all");
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    let overlaps = browser.run(
        "const boxes = [...document.querySelectorAll('.table-grid > .table-wrap')].map(w => w.getBoundingClientRect());
         const overlapping = [];
         boxes.forEach((a, i) => boxes.forEach((b, j) => {
             if (i < j && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlapping.push([i, j]);
         }));
         const spilling = [...document.querySelectorAll('.table-grid > .table-wrap')].filter(w => {
             const t = w.querySelector('table').getBoundingClientRect(), r = w.getBoundingClientRect();
             return t.right > r.right + 1 && getComputedStyle(w).overflowX === 'visible';
         }).length;
         return {overlapping, spilling, tools: !!document.querySelector('[data-table=tools]')};",
    );
    assert_eq!(overlaps["tools"], true);
    assert_eq!(overlaps["overlapping"], serde_json::json!([]), "tables drawn over each other");
    assert_eq!(overlaps["spilling"], 0, "a table spills out of its place");
    let _ = std::fs::remove_dir_all(&folder);
}

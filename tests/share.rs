//! Sharing without a server, in the page (headless Chromium over `dist/`): "Export data"
//! and "Download report" save files that open again with the same figures; the report
//! reads with JavaScript off; several people's exports make a team; a report of
//! transcripts full of markup and script runs none of it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use session_lens::cli;

const TIMEOUT: Duration = Duration::from_secs(180);
const DEMO_TODAY: &str = "2026-11-20";

type Figures = BTreeMap<String, Option<f64>>;

/// The page's figures outside the session drill-down.
fn page_figures(browser: &Browser) -> Figures {
    browser.metrics("[data-role=session-detail]").into_iter().collect()
}

fn assert_same(shown: &Figures, expected: &Figures, what: &str) {
    assert_eq!(shown.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "{what}: different figures");
    for (name, value) in expected {
        match (shown[name], value) {
            (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{what}: {name} is {a}, expected {b}"),
            (a, b) => assert_eq!(a, *b, "{what}: {name}"),
        }
    }
}

/// `session-lens summary --json ARGS…` as figures.
fn cli_figures(arguments: &[String]) -> Figures {
    let mut full = vec![String::from("summary"), String::from("--json"), String::from("--tz"), String::from("UTC")];
    full.extend_from_slice(arguments);
    common::cli_summary_figures(&full)
}

/// The demo written once, and its people's folders.
fn demo_people() -> Vec<(String, PathBuf)> {
    let dir = std::env::temp_dir().join(format!("session-lens-share-demo-{}", std::process::id()));
    if !dir.exists() {
        cli::run(&[String::from("demo"), String::from("-o"), dir.display().to_string()]).expect("demo written");
    }
    let mut people: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("demo")
        .map(|entry| {
            let path = entry.expect("entry").path();
            (path.file_name().and_then(|n| n.to_str()).expect("name").to_owned(), path)
        })
        .collect();
    people.sort();
    people
}

/// The page with nothing loaded (what an earlier drop in this browser kept forgotten).
fn open_empty(browser: &Browser, query: &str) {
    browser.open_with_nothing_kept(query, TIMEOUT);
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn exported_data_and_the_report_reopen_with_the_page_figures_and_the_report_reads_without_javascript() {
    let query = format!("?demo&tz=UTC&today={DEMO_TODAY}&person=bob&period=30d");
    let downloads = common::scratch_dir("share-downloads");
    let browser = Browser::start();
    browser.open(&query);
    browser.wait_for_state("ready", TIMEOUT);
    let shown = page_figures(&browser);
    assert!(shown["sessions"] > Some(0.0));
    browser.allow_downloads(&downloads);

    browser.click("[data-role=export-data]");
    let export = browser.wait_for_download(&downloads, ".json", TIMEOUT);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&export).expect("export")).expect("the export is JSON");
    assert_eq!(json["format"], "session-lens-export");
    assert_eq!(json["schema_version"], 3);
    assert_eq!(json["people"].as_array().map(Vec::len), Some(7), "everything loaded (the seven people of the demo), not only the filter's person");
    assert_eq!(json["redaction"]["include_text"], false);

    browser.click("[data-role=download-report]");
    let report = browser.wait_for_download(&downloads, ".html", TIMEOUT);
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(html.contains("Content-Security-Policy") && html.contains("data-metric=\"cost_usd\""));
    assert!(html.contains("data-role=\"demo-banner\""), "the demo's report says it is the demo");
    assert!(html.contains("data-section=\"usage\"") && html.contains("data-table=\"usage_monthly\""), "the report has the Usage section");
    assert_eq!(browser.console_errors(), Vec::<String>::new());

    // The report, read with scripts off: the same figures as the page showed.
    browser.set_scripts_disabled(true);
    browser.open_url(&file_url(&report));
    let in_report: Figures = browser.dom_metrics().into_iter().collect();
    assert_same(&in_report, &shown, "the report read without JavaScript");
    browser.set_scripts_disabled(false);

    // It prints on A4 pages, and on a phone's width nothing runs off the side.
    let pdf = browser.cdp("Page.printToPDF", serde_json::json!({"preferCSSPageSize": true}));
    let pdf = common::browser::decode_base64(pdf["data"].as_str().expect("PDF data"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.starts_with("%PDF"));
    let page_sizes: Vec<(f64, f64)> = text
        .split("/MediaBox [0 0 ")
        .skip(1)
        .map(|rest| {
            let numbers: Vec<f64> = rest.split(']').next().unwrap_or_default().split_whitespace().map(|n| n.parse().expect("a number")).collect();
            (numbers[0], numbers[1])
        })
        .collect();
    // A4 is 595.3 × 841.9 points (US letter would be 612 × 792).
    assert!(page_sizes.len() > 1 && page_sizes.iter().all(|(w, h)| (w - 595.3).abs() < 1.5 && (h - 841.9).abs() < 1.5), "{page_sizes:?}");
    browser.cdp("Emulation.setDeviceMetricsOverride", serde_json::json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}));
    browser.open_url(&file_url(&report));
    let widths = browser.run("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
    assert!(widths[0].as_i64() <= widths[1].as_i64(), "the report is wider than a phone: {widths}");
    browser.cdp("Emulation.clearDeviceMetricsOverride", serde_json::json!({}));

    // Each file dropped back onto the page (through the files input, as a drop is read)
    // under the same filters gives the same figures.
    for file in [&export, &report] {
        open_empty(&browser, &format!("?tz=UTC&today={DEMO_TODAY}&person=bob&period=30d"));
        browser.upload("input[data-role=files-input]", file);
        browser.wait_for_state("ready", TIMEOUT);
        assert_same(&page_figures(&browser), &shown, &format!("{} dropped back", file.display()));
    }
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&downloads);
}

#[test]
fn two_peoples_exports_and_a_repeat_make_a_team_that_counts_each_session_once() {
    let people = demo_people();
    let dir = common::scratch_dir("share-team");
    let mut exports = Vec::new();
    for (person, folder) in &people[..2] {
        let out = dir.join(format!("{person}.json"));
        let arguments = ["export", "--person", person, &folder.display().to_string(), "-o", &out.display().to_string()].map(String::from);
        cli::run(&arguments).expect("export written");
        exports.push(out);
    }
    let repeat = dir.join("again.json");
    std::fs::copy(&exports[0], &repeat).expect("copy");
    let browser = Browser::start();
    open_empty(&browser, &format!("?tz=UTC&today={DEMO_TODAY}"));
    let files: Vec<String> = exports.iter().chain([&repeat]).map(|path| path.display().to_string()).collect();
    browser.upload_many("input[data-role=files-input]", &files);
    browser.wait_for_state("ready", TIMEOUT);
    let choices = browser.run("return [...document.querySelectorAll('select[data-role=person] option')].map(o => o.value).filter(v => v)");
    assert_eq!(choices, serde_json::json!([people[0].0, people[1].0]), "both people, once each");
    let team = page_figures(&browser);
    let both = cli_figures(&[
        String::from("--today"),
        DEMO_TODAY.to_owned(),
        String::from("--person"),
        people[0].0.clone(),
        people[0].1.display().to_string(),
        String::from("--person"),
        people[1].0.clone(),
        people[1].1.display().to_string(),
    ]);
    assert_same(&team, &both, "two exports and a repeat against the two folders");
    let alone = |folder: &Path| cli_figures(&[String::from("--today"), DEMO_TODAY.to_owned(), folder.display().to_string()]);
    let (first, second) = (alone(&people[0].1), alone(&people[1].1));
    for figure in ["sessions", "total_tokens", "tool_calls", "conversations"] {
        assert_eq!(team[figure], Some(first[figure].unwrap_or(0.0) + second[figure].unwrap_or(0.0)), "{figure} adds up");
    }
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_drop_label_names_the_person_and_a_changed_label_renames_the_data() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let downloads = common::scratch_dir("share-label");
    let browser = Browser::start();
    open_empty(&browser, "?tz=UTC");
    let set_label = |label: &str| {
        browser.run(&format!(
            "const i = document.querySelector('[data-role=person-label]'); i.value = '{label}'; i.dispatchEvent(new Event('change', {{bubbles: true}}));"
        ));
    };
    set_label("ana");
    browser.upload("input[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    let people = "return [...document.querySelectorAll('select[data-role=person] option')].map(o => o.value).filter(v => v)";
    assert_eq!(browser.run(people), serde_json::json!(["ana"]));
    set_label("ana-laptop");
    browser.wait_until("return [...document.querySelectorAll('select[data-role=person] option')].some(o => o.value === 'ana-laptop')", TIMEOUT);
    assert_eq!(browser.run(people), serde_json::json!(["ana-laptop"]));
    browser.allow_downloads(&downloads);
    browser.click("[data-role=export-data]");
    let export = browser.wait_for_download(&downloads, ".json", TIMEOUT);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&export).expect("export")).expect("JSON");
    assert_eq!(json["person"], "ana-laptop", "the label travels with the export");
    assert_same(&page_figures(&browser), &cli_figures(&[folder.display().to_string()]), "relabelled data");
    let _ = std::fs::remove_dir_all(&downloads);
}

#[test]
fn a_report_of_hostile_transcripts_runs_nothing_in_the_browser_nor_once_dropped_back() {
    let folder = common::hostile::write_folder("browser");
    let dir = common::scratch_dir("share-hostile");
    let report = dir.join("hostile.html");
    let arguments = ["report", "--tz", "UTC", "--include-text", &folder.display().to_string(), "-o", &report.display().to_string()].map(String::from);
    cli::run(&arguments).expect("report written");
    let browser = Browser::start();
    // Scripts on: whatever could run, would.
    browser.open_url(&file_url(&report));
    browser.wait_until("return document.readyState === 'complete'", TIMEOUT);
    std::thread::sleep(Duration::from_millis(500));
    let checks = browser.run(
        "return {pwned: window.__pwned ?? null,
                 scripts: [...document.scripts].map(s => s.type),
                 handlers: document.querySelectorAll('[onerror],[onload]').length,
                 frames: document.querySelectorAll('iframe,img,object,embed').length,
                 shown: document.body.textContent.includes('<img src=x onerror=\"window.__pwned=2\">')}",
    );
    assert_eq!(checks["pwned"], serde_json::Value::Null, "a payload ran: {checks}");
    assert_eq!(checks["scripts"], serde_json::json!(["application/json"]));
    assert_eq!(checks["handlers"], 0);
    assert_eq!(checks["frames"], 0);
    assert_eq!(checks["shown"], true, "the payloads are shown as text");
    // Dropped onto the page, the same texts are data, not markup.
    open_empty(&browser, "?tz=UTC");
    browser.upload("input[data-role=files-input]", &report);
    browser.wait_for_state("ready", TIMEOUT);
    browser.click("[data-table=sessions] tr[data-row]");
    browser.wait_until("return !!document.querySelector('[data-role=session-detail] .timeline li')", TIMEOUT);
    let page = browser.run("return {pwned: window.__pwned ?? null, frames: document.querySelectorAll('iframe,img,object,embed,[onerror],[onload]').length}");
    assert_eq!(page, serde_json::json!({"pwned": null, "frames": 0}));
    assert_eq!(page_figures(&browser)["sessions"], Some(2.0));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_newer_and_a_broken_export_are_named_and_the_rest_of_the_drop_loads() {
    let people = demo_people();
    let dir = common::scratch_dir("share-problems");
    let good = dir.join("good.json");
    cli::run(&["export", &people[0].1.display().to_string(), "-o", &good.display().to_string()].map(String::from)).expect("export");
    let text = std::fs::read_to_string(&good).expect("export");
    let newer = dir.join("newer.json");
    std::fs::write(&newer, text.replacen("\"schema_version\":3", "\"schema_version\":7", 1)).expect("write");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, &text[..text.len() / 3]).expect("write");
    let browser = Browser::start();
    open_empty(&browser, &format!("?tz=UTC&today={DEMO_TODAY}"));
    let files: Vec<String> = [&good, &newer, &broken].iter().map(|path| path.display().to_string()).collect();
    browser.upload_many("input[data-role=files-input]", &files);
    browser.wait_for_state("ready", TIMEOUT);
    let problems = browser.run("return [...document.querySelectorAll('[data-role=import-problems] p')].map(p => p.textContent)");
    let problems: Vec<String> = serde_json::from_value(problems).expect("texts");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("newer.json") && p.contains("schema version 7") && p.contains("up to 3")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("broken.json") && p.contains("line ") && p.contains("column")), "{problems:?}");
    let alone = cli_figures(&[String::from("--today"), DEMO_TODAY.to_owned(), people[0].1.display().to_string()]);
    assert_same(&page_figures(&browser), &alone, "the good export alone");
    let _ = std::fs::remove_dir_all(&dir);
}

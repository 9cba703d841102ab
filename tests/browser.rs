//! Browser tests: the built page (`dist/`) in headless Chromium, compared figure by
//! figure with what the core computes natively for the same input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::browser::Browser;
use session_lens::metrics::Settings;
use session_lens::model::Dataset;
use session_lens::viewmodel::summary::Summary;

const LOAD_TIMEOUT: Duration = Duration::from_secs(180);

fn core_figures(dataset: &Dataset) -> BTreeMap<String, f64> {
    let json = Summary::compute(dataset, &Settings::default()).to_json();
    json.as_object()
        .expect("object")
        .iter()
        .map(|(name, value)| (name.clone(), value.as_f64().expect("number")))
        .collect()
}

fn assert_same_figures(page: &[(String, f64)], core: &BTreeMap<String, f64>) {
    let page_map: BTreeMap<String, f64> = page.iter().cloned().collect();
    assert_eq!(page_map.len(), page.len(), "a data-metric appears twice: {page:?}");
    assert_eq!(page_map.keys().collect::<Vec<_>>(), core.keys().collect::<Vec<_>>(), "different figures");
    for (name, expected) in core {
        let shown = page_map[name];
        let tolerance = 1e-9 * expected.abs().max(1.0);
        assert!((shown - expected).abs() <= tolerance, "{name}: page {shown}, core {expected}");
    }
}

fn assert_chart_drawn(browser: &Browser, chart: &str) {
    let script = format!(
        "const c = document.querySelector('canvas[data-chart=\"{chart}\"]'); if (!c) return -1;
         const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
         const seen = new Set(); for (let i = 0; i < d.length; i += 16) seen.add(d[i] << 16 | d[i+1] << 8 | d[i+2]);
         return seen.size;"
    );
    let colours = browser.run(&script).as_i64().expect("number");
    assert!(colours > 3, "canvas {chart} looks blank ({colours} colours)");
}

/// Nothing is fetched once the page is ready: the server sees no new request and the
/// page's resource list names only its own origin.
fn assert_quiet_network(browser: &Browser) {
    let before = browser.server.request_count();
    std::thread::sleep(Duration::from_millis(1500));
    let after = browser.server.request_count();
    assert_eq!(before, after, "requests after ready: {:?}", &browser.server.requests()[before..]);
    let origin = browser.server.url("");
    let foreign = browser.run(&format!(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('{origin}'));"
    ));
    assert_eq!(foreign, serde_json::json!([]), "requests to other origins");
}

#[test]
fn demo_shows_the_core_figures_with_a_chart_and_no_errors() {
    let browser = Browser::start();
    browser.open("?demo&tz=UTC");
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    assert_same_figures(&browser.metrics(), &core_figures(&common::demo_dataset()));
    assert_chart_drawn(&browser, "daily_activity");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    assert_quiet_network(&browser);
}

#[test]
fn folder_upload_of_real_transcripts_matches_the_core() {
    let browser = Browser::start();
    browser.open("?tz=UTC");
    browser.wait_for_state("empty", LOAD_TIMEOUT);
    assert_eq!(browser.console_errors(), Vec::<String>::new(), "a fresh load logs errors");
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    browser.upload("input[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    let core = core_figures(&common::ingest_tree(&folder, "me"));
    assert!(core["sessions"] > 0.0 && core["cost_usd"] > 0.0);
    assert_same_figures(&browser.metrics(), &core);
    assert_chart_drawn(&browser, "daily_activity");
    let files_read = browser.run("return document.querySelector('.load-report p').textContent");
    assert!(files_read.as_str().is_some_and(|text| text.starts_with("5 files read")), "{files_read}");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    assert_quiet_network(&browser);
}

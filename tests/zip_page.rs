//! Zip archives in the page (Chromium): a large stored archive through the files input
//! (read in a worker where its entries lie), a small deflated one dropped on the page
//! (the DevTools protocol's drag and drop of a file on disk), and a zip bomb beside a
//! good transcript; the figures equal the command line's over the unzipped folders.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;

const TIMEOUT: Duration = Duration::from_secs(120);
const FIGURES: [&str; 5] = ["sessions", "conversations", "total_tokens", "cost_usd", "active_time_ms"];

/// The command line's figures over a folder, in the page's names.
fn cli_figures(folder: &Path) -> Vec<(String, f64)> {
    let output =
        Command::new(env!("CARGO_BIN_EXE_session-lens")).args(["summary", "--json", "--period", "all", "--tz", "UTC"]).arg(folder).output().expect("cli");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    FIGURES.iter().map(|name| (name.to_string(), json[*name].as_f64().unwrap_or_else(|| panic!("{name} in {json}")))).collect()
}

fn page_figures(browser: &Browser) -> Vec<(String, f64)> {
    FIGURES
        .iter()
        .map(|name| {
            let value = browser.run(&format!("return document.querySelector('[data-metric=\"{name}\"]')?.dataset.value ?? null"));
            (name.to_string(), value.as_str().and_then(|text| text.parse().ok()).unwrap_or_else(|| panic!("{name}: {value}")))
        })
        .collect()
}

fn assert_same(page: &[(String, f64)], cli: &[(String, f64)]) {
    for ((name, page), (_, cli)) in page.iter().zip(cli) {
        assert!((page - cli).abs() <= 1e-9 * cli.abs().max(1.0), "{name}: page {page}, command line {cli}");
    }
}

fn wait_for_ready(browser: &Browser) {
    browser.wait_until("const s = document.querySelector('[data-state]').dataset.state; return s === 'ready' || s === 'error';", TIMEOUT);
    let state = browser.run("return document.querySelector('[data-state]').dataset.state");
    assert_eq!(state, "ready", "{}", browser.error_message());
}

fn load_report(browser: &Browser) -> String {
    browser.run("return document.querySelector('.load-report').textContent").as_str().unwrap_or_default().to_owned()
}

#[test]
fn a_large_zip_through_the_files_input_equals_the_folder() {
    let dir = common::scratch_dir("zip-page-input");
    let real = common::fixture("real");
    let archive = dir.join("real.zip");
    common::python_zip(&archive, &real, "team/", "stored", false);
    // Large enough to be read where its entries lie, not gathered whole.
    assert!(std::fs::metadata(&archive).expect("zip").len() > session_lens::ingest::WHOLE_FILE_MAX_BYTES);
    let browser = Browser::start();
    browser.open("?tz=UTC&period=all");
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("input[data-role=files-input]", &archive);
    wait_for_ready(&browser);
    assert_same(&page_figures(&browser), &cli_figures(&real));
    let workers = browser.run("return document.querySelector('[data-role=parsed-in]').dataset.workers");
    assert_ne!(workers.as_str(), Some("0"), "read in a worker");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_zip_dropped_on_the_page_equals_the_folder() {
    let dir = common::scratch_dir("zip-page-drop");
    let viewer = common::fixture("real/claude-code-viewer");
    let archive = dir.join("viewer.zip");
    common::python_zip(&archive, &viewer, "team/", "deflated", false);
    let browser = Browser::start();
    browser.open("?tz=UTC&period=all");
    browser.wait_for_state("empty", TIMEOUT);
    browser.drop_paths(&[archive.display().to_string()]);
    wait_for_ready(&browser);
    assert_same(&page_figures(&browser), &cli_figures(&viewer));
    assert!(load_report(&browser).starts_with("What was read5 files read"), "{}", load_report(&browser));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_zip_bomb_is_stopped_and_the_good_entry_loads() {
    let dir = common::scratch_dir("zip-page-bomb");
    let good = common::fixture("real/claude-code-viewer/projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl");
    let archive = dir.join("bomb.zip");
    let script = r#"
import sys, zipfile
out, good = sys.argv[1], open(sys.argv[2], "rb").read()
with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
    archive.writestr("team/good.jsonl", good)
    with archive.open("team/bomb.jsonl", "w") as target:
        block = bytes(1 << 20)
        for _ in range(200):
            target.write(block)
"#;
    let status = Command::new("python3").args(["-c", script]).arg(&archive).arg(&good).status().expect("python3");
    assert!(status.success());
    let browser = Browser::start();
    browser.open("?tz=UTC&period=all");
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("input[data-role=files-input]", &archive);
    wait_for_ready(&browser);
    let only_good = dir.join("good");
    std::fs::create_dir_all(&only_good).expect("mkdir");
    std::fs::copy(&good, only_good.join("good.jsonl")).expect("copy");
    assert_same(&page_figures(&browser), &cli_figures(&only_good));
    let report = load_report(&browser);
    assert!(report.contains("bomb.zip/team/bomb.jsonl: inflates") && report.contains("it looks like a zip bomb"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

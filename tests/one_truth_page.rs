//! One truth in the page (Chromium, issue 28): the three cases that once showed other
//! figures than a fresh load. A price table dropped with a folder prices it after the
//! folder is dropped again and after a reopen, and is listed and forgettable; a zip
//! joining a kept folder through a small re-drop is read (in a worker) like any file; a
//! renamed person stays renamed after a reload. And the page and the command line give
//! the same titles, one of them from a `summary` line in another file.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(120);
/// Figures outside the kept panel (which holds none: its numbers are `data-kept`).
const KEPT_PANEL: &str = "[data-role=kept-panel]";
const URL: &str = "?tz=UTC&period=all";

fn cli_summary(paths: &[&Path]) -> Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_session-lens"))
        .args(["summary", "--json", "--tz", "UTC"])
        .args(paths)
        .output()
        .expect("the command line");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("json")
}

fn page_figure(browser: &Browser, name: &str) -> f64 {
    browser.run(&format!("return Number(document.querySelector('[data-metric={name}]')?.dataset.value ?? NaN)")).as_f64().unwrap_or(f64::NAN)
}

fn kept_figure(browser: &Browser, name: &str) -> Option<f64> {
    browser.run(&format!("return document.querySelector('[data-kept=\"{name}\"]')?.dataset.value ?? null")).as_str().and_then(|text| text.parse().ok())
}

fn note_when_loading_starts(browser: &Browser) {
    browser.run(
        "window.loadStarted = false; const root = document.querySelector('[data-state]');
         new MutationObserver(() => { if (root.dataset.state === 'loading') window.loadStarted = true; }).observe(root, { attributes: true });
         return true;",
    );
}

fn wait_for_ready(browser: &Browser) {
    browser.wait_until("const s = document.querySelector('[data-state]')?.dataset.state; return s === 'ready' || s === 'error';", TIMEOUT);
    assert_eq!(browser.run("return document.querySelector('[data-state]').dataset.state"), "ready", "{}", browser.error_message());
}

/// Loads a folder through its input and waits until it is shown and kept.
fn load_folder(browser: &Browser, folder: &Path) {
    note_when_loading_starts(browser);
    browser.upload("input[data-role=folder-input]", folder);
    browser.wait_until("return window.loadStarted", TIMEOUT);
    wait_for_ready(browser);
    browser.wait_until("const k = document.querySelector('[data-role=kept-panel]'); return !!k && k.dataset.keepState !== 'writing';", TIMEOUT);
}

fn opened() -> Browser {
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    browser
}

/// A scratch folder holding a copy of a fixture folder under `projects/`: the scratch
/// folder and the copy.
fn scratch_copy(name: &str, fixture: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = common::scratch_dir(name);
    let folder = dir.join("projects");
    common::copy_tree(&common::fixture(fixture), &folder);
    (dir, folder)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

#[test]
fn a_price_table_dropped_with_a_folder_prices_it_after_a_re_drop_and_a_reopen() {
    let (dir, folder) = scratch_copy("one-truth-prices", "real/claude-code-viewer");
    let embedded_usd = cli_summary(&[&folder])["cost_usd"].as_f64().expect("cost");
    std::fs::copy(common::dollar_per_million_price_table("one-truth"), folder.join("prices.json")).expect("prices");
    let repriced_usd = cli_summary(&[&folder])["cost_usd"].as_f64().expect("cost");
    assert!(!close(repriced_usd, embedded_usd), "the table changes the cost: {repriced_usd} against {embedded_usd}");

    let browser = opened();
    load_folder(&browser, &folder);
    assert!(close(page_figure(&browser, "cost_usd"), repriced_usd), "first drop: {} against {repriced_usd}", page_figure(&browser, "cost_usd"));
    let first = browser.metrics(KEPT_PANEL);
    // Dropped again: nothing is read, and the kept table still prices the kept parts.
    load_folder(&browser, &folder);
    assert_eq!(kept_figure(&browser, "read_files"), Some(0.0));
    assert!(close(page_figure(&browser, "cost_usd"), repriced_usd), "re-drop: {}", page_figure(&browser, "cost_usd"));
    assert_eq!(browser.metrics(KEPT_PANEL), first);
    // Opened again with no input: the same.
    let browser = browser.restarted();
    browser.open(URL);
    wait_for_ready(&browser);
    assert!(close(page_figure(&browser, "cost_usd"), repriced_usd), "reopen: {}", page_figure(&browser, "cost_usd"));
    assert_eq!(browser.metrics(KEPT_PANEL), first);
    // The table is listed, and forgetting it gives the embedded prices back.
    let listed = browser.run("return [...document.querySelectorAll('[data-role=kept-prices] li')].map(li => li.dataset.row)");
    assert_eq!(listed, json!(["projects/prices.json"]));
    browser.click("[data-role=forget-prices]");
    browser.wait_until(&format!("return Math.abs(Number(document.querySelector('[data-metric=cost_usd]')?.dataset.value) - {embedded_usd}) < 1e-6"), TIMEOUT);
    assert_eq!(browser.run("return document.querySelectorAll('[data-role=kept-prices] li').length"), json!(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_zip_joining_a_kept_folder_through_a_small_re_drop_is_read() {
    let (dir, folder) = scratch_copy("one-truth-zip", "real/ccusage/claude");
    let browser = opened();
    load_folder(&browser, &folder);
    let sessions_before = page_figure(&browser, "sessions");
    // Another project's transcripts, zipped (stored: larger than the page's thread reads
    // whole), join the folder.
    let zip = folder.join("oh-my-posh.zip");
    common::python_zip(&zip, &common::fixture("real/oh-my-posh"), "oh-my-posh/", "stored", false);
    assert!(std::fs::metadata(&zip).expect("zip").len() > 2_000_000);
    load_folder(&browser, &folder);
    assert_eq!(kept_figure(&browser, "read_files"), Some(1.0), "only the zip is read");
    let cli = cli_summary(&[&folder]);
    assert!(page_figure(&browser, "sessions") > sessions_before, "the zip's sessions show");
    for name in ["sessions", "total_tokens", "cost_usd", "tool_calls"] {
        let (page, command_line) = (page_figure(&browser, name), cli[name].as_f64().expect("figure"));
        assert!(close(page, command_line), "{name}: page {page}, command line {command_line}");
    }
    let shown = browser.metrics(KEPT_PANEL);
    // Kept, not skipped: dropped again, nothing is read, and a reopen shows the same.
    load_folder(&browser, &folder);
    assert_eq!(kept_figure(&browser, "read_files"), Some(0.0));
    let browser = browser.restarted();
    browser.open(URL);
    wait_for_ready(&browser);
    assert_eq!(browser.metrics(KEPT_PANEL), shown);
    let _ = std::fs::remove_dir_all(&dir);
}

fn people(browser: &Browser) -> Value {
    browser.run("return [...document.querySelectorAll('select[data-role=person] option')].map(o => o.value).filter(v => v)")
}

#[test]
fn a_renamed_person_stays_renamed_after_a_reload() {
    let (dir, folder) = scratch_copy("one-truth-rename", "real/agent-sessions/claude");
    let browser = opened();
    load_folder(&browser, &folder);
    assert_eq!(people(&browser), json!(["me"]));
    let figures = browser.metrics(KEPT_PANEL);
    browser.run(
        "const field = document.querySelector('[data-role=person-label]');
         field.value = 'ana'; field.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    );
    browser.wait_until("return [...document.querySelectorAll('select[data-role=person] option')].some(o => o.value === 'ana')", TIMEOUT);
    // The rename is written to the store before the page is closed.
    let kept_settings = || {
        browser.run_async(
            "const done = arguments[0];
             const open = indexedDB.open('session-lens-keep');
             open.onerror = () => done(null);
             open.onsuccess = () => {
                 const db = open.result;
                 const read = db.transaction('settings').objectStore('settings').get('shown-as');
                 read.onsuccess = () => { db.close(); done(read.result ?? null); };
                 read.onerror = () => { db.close(); done(null); };
             };",
        )
    };
    let started = std::time::Instant::now();
    while !kept_settings().as_str().is_some_and(|settings| settings.contains("ana")) {
        assert!(started.elapsed() < TIMEOUT, "the rename was not kept: {}", kept_settings());
        std::thread::sleep(Duration::from_millis(100));
    }
    let browser = browser.restarted();
    browser.open(URL);
    wait_for_ready(&browser);
    assert_eq!(people(&browser), json!(["ana"]), "the new name after a reload");
    assert_eq!(browser.run("return document.querySelector('[data-role=person-label]').value"), json!("ana"));
    assert_eq!(browser.metrics(KEPT_PANEL), figures, "the same figures");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The project catalogue's titles: (project, titles), in the page's order.
fn page_titles(browser: &Browser) -> Value {
    browser.click("[data-role=project-catalogue] summary");
    browser.wait_until("return document.querySelectorAll('.project-card').length > 0", TIMEOUT);
    browser.run("return [...document.querySelectorAll('.project-card')].map(card => [card.dataset.project, [...card.querySelectorAll('[data-role=project-titles] li')].map(li => li.textContent)])")
}

#[test]
fn the_page_and_the_command_line_give_the_same_titles() {
    let (dir, folder) = scratch_copy("one-truth-titles", "real/claude-code-viewer");
    // A later session file that starts with the `summary` of a conversation another file
    // holds, and the user's own title for a third.
    let first = std::fs::read_to_string(folder.join("projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl")).expect("fixture");
    let leaf = first
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["type"] == "assistant")
        .find_map(|line| line["uuid"].as_str().map(str::to_owned))
        .expect("an assistant line");
    let later = [
        format!(r#"{{"type":"summary","summary":"Set up the project guide","leafUuid":"{leaf}"}}"#),
        String::from(r#"{"type":"custom-title","customTitle":"Orchestrating the refactor","sessionId":"5c0375b4-57a5-4f26-b12d-d022ee4e51b7"}"#),
    ];
    std::fs::write(folder.join("projects/sample-project/zz-later.jsonl"), later.join("\n") + "\n").expect("write");
    let browser = opened();
    load_folder(&browser, &folder);
    let page = page_titles(&browser);
    let cli = cli_summary(&[&folder]);
    let command_line: Vec<Value> =
        cli["project_catalogue"].as_array().expect("catalogue").iter().map(|card| json!([card["project"], card["titles"]])).collect();
    assert_eq!(page, Value::Array(command_line));
    let titles = page.to_string();
    assert!(titles.contains("Set up the project guide") && titles.contains("Orchestrating the refactor"), "{titles}");
    let _ = std::fs::remove_dir_all(&dir);
}

//! Every way a load can fail ends: a worker whose script or wasm cannot be fetched, one
//! that never says it is ready, one that dies on a file, a cancel in the middle, a drop
//! with no readable file. And the drop itself: files dropped on the page (a synthesized
//! drop) and a folder dropped through Chromium's own drag and drop.
//!
//! Each test serves a changed copy of `dist/`. The totals a finished load shows are
//! checked against ccusage's for the same folder (fixtures/expected), not against our
//! own command line.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common;
use crate::common::browser::{dist_dir, Browser};
use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(90);
const SET: &str = "claude-code-viewer";
/// The fixture's sessions are from 2025: the whole period is shown.
const ALL_TIME: &str = "?period=all";

/// A copy of `dist/` for one test, with `change` applied to it.
fn changed_dist(name: &str, change: impl FnOnce(&Path)) -> PathBuf {
    let copy = std::env::temp_dir().join(format!("session-lens-dist-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).expect("make copy");
    for entry in std::fs::read_dir(dist_dir()).expect("read dist") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), copy.join(entry.file_name())).expect("copy");
    }
    change(&copy);
    copy
}

/// ccusage's total tokens for the fixture set.
fn ccusage_total_tokens() -> f64 {
    let text = std::fs::read_to_string(common::fixture(&format!("expected/{SET}.claude.daily.json"))).expect("expected");
    let expected: Value = serde_json::from_str(&text).expect("json");
    expected["totals"]["totalTokens"].as_f64().expect("totalTokens")
}

fn set_folder() -> PathBuf {
    common::fixture(&format!("real/{SET}"))
}

fn metric(browser: &Browser, name: &str) -> f64 {
    let value = browser.run(&format!("return document.querySelector('[data-metric=\"{name}\"]')?.dataset.value ?? null"));
    value.as_str().and_then(|text| text.parse().ok()).unwrap_or_else(|| panic!("{name}: {value}"))
}

/// How many workers read the last load (0: the page's own thread), as the load report says.
fn workers(browser: &Browser) -> String {
    browser.run("return document.querySelector('[data-role=parsed-in]').dataset.workers").as_str().unwrap_or_default().to_owned()
}

/// The load report's first sentence.
fn files_read(browser: &Browser) -> String {
    browser.run("return document.querySelector('.load-report p').textContent").as_str().unwrap_or_default().to_owned()
}

fn data_state(browser: &Browser) -> String {
    browser.run("return document.querySelector('[data-state]').dataset.state").as_str().unwrap_or_default().to_owned()
}

/// Waits until the load is over, whichever way it ended.
fn wait_for_end(browser: &Browser) -> String {
    browser.wait_until("const s = document.querySelector('[data-state]').dataset.state; return s === 'ready' || s === 'error';", TIMEOUT);
    data_state(browser)
}

/// Loads the fixture folder through the folder picker and checks it ends ready with
/// ccusage's totals, read on the page's own thread.
fn assert_loads_on_the_page_thread(browser: &Browser) {
    browser.open(ALL_TIME);
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &set_folder());
    assert_eq!(wait_for_end(browser), "ready", "{}", browser.error_message());
    assert_eq!(metric(browser, "total_tokens"), ccusage_total_tokens());
    let logs = browser.console_errors();
    assert!(logs.iter().all(|line| !line.contains("panicked")), "{logs:?}");
    let tried = browser.run("return performance.getEntriesByType('resource').some(e => e.name.includes('worker-start.js'))");
    assert_eq!(tried, Value::Bool(true), "the worker was tried first");
    assert_eq!(workers(browser), "0", "the page's own thread read the files");
}

#[test]
fn a_worker_whose_wasm_cannot_be_fetched_leaves_the_load_to_the_page() {
    let dist = changed_dist("no-worker-wasm", |dist| std::fs::remove_file(dist.join("session-lens-worker_bg.wasm")).expect("remove"));
    let browser = Browser::start_serving(dist);
    assert_loads_on_the_page_thread(&browser);
}

#[test]
fn a_worker_whose_script_cannot_be_fetched_leaves_the_load_to_the_page() {
    let dist = changed_dist("no-worker-script", |dist| std::fs::remove_file(dist.join("session-lens-worker.js")).expect("remove"));
    let browser = Browser::start_serving(dist);
    assert_loads_on_the_page_thread(&browser);
}

#[test]
fn a_worker_that_never_gets_ready_leaves_the_load_to_the_page() {
    let dist = changed_dist("silent-worker", |dist| std::fs::write(dist.join("worker-start.js"), "// starts nothing\n").expect("write"));
    let browser = Browser::start_serving(dist);
    assert_loads_on_the_page_thread(&browser);
}

#[test]
fn a_page_reader_that_cannot_be_fetched_ends_the_demo_with_its_reason_and_workers_still_read() {
    let dist = changed_dist("no-reader-wasm", |dist| std::fs::remove_file(dist.join("session-lens-reader_bg.wasm")).expect("remove"));
    let browser = Browser::start_serving(dist);
    // The demo is read by the page's reader, which is loaded only now.
    browser.open("?demo");
    assert_eq!(wait_for_end(&browser), "error");
    let message = browser.error_message();
    assert!(message.contains("the page's reader did not start") && message.contains("wasm did not load"), "{message}");
    // A folder goes to the workers, which need no reader.
    browser.open(ALL_TIME);
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &set_folder());
    assert_eq!(wait_for_end(&browser), "ready", "{}", browser.error_message());
    assert_eq!(metric(&browser, "total_tokens"), ccusage_total_tokens());
    assert_ne!(workers(&browser), "0");
}

/// A browser whose worker runs `script` instead of its own glue, with the fixture
/// folder chosen.
fn load_with_worker_script(name: &str, script: &str) -> Browser {
    let dist = changed_dist(name, |dist| std::fs::write(dist.join("session-lens-worker.js"), script).expect("write"));
    let browser = Browser::start_serving(dist);
    browser.open(ALL_TIME);
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &set_folder());
    browser
}

#[test]
fn a_worker_that_dies_on_a_file_ends_the_load_with_its_reason() {
    // Stands in for a worker that traps in the middle of a file: it gets ready, then
    // throws on the job.
    let failing =
        "var wasm_bindgen = () => { onmessage = () => { throw new Error('trapped on a file'); }; postMessage({kind: 'ready'}); return Promise.resolve(); };\n";
    let browser = load_with_worker_script("dying-worker", failing);
    assert_eq!(wait_for_end(&browser), "error");
    let message = browser.error_message();
    assert!(message.contains("the ingest worker failed") && message.contains("trapped on a file"), "{message}");
    // The page still takes the next load (here the demo).
    browser.open("?demo");
    browser.wait_for_state("ready", TIMEOUT);
}

#[test]
fn cancel_in_the_middle_of_a_load_returns_to_the_page_before_it() {
    // A worker that gets ready, reports some progress and then works on forever: only a
    // cancel ends this load.
    let endless = "var wasm_bindgen = () => { onmessage = () => { setInterval(() => postMessage({kind: 'progress', value: 1}), 50); }; postMessage({kind: 'ready'}); return Promise.resolve(); };\n";
    let browser = load_with_worker_script("endless-worker", endless);
    browser.wait_for_state("loading", TIMEOUT);
    // The progress is announced to screen readers while it lasts.
    let announced = browser.run("return !!document.querySelector('[role=status][aria-live=polite] progress[aria-label]')");
    assert_eq!(announced, Value::Bool(true));
    browser.click("[data-role=cancel-load]");
    browser.wait_for_state("empty", TIMEOUT);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(data_state(&browser), "empty", "a cancelled load stays cancelled");
    assert_eq!(browser.error_message(), "");
}

#[test]
fn a_drop_with_no_readable_file_says_so() {
    let folder = std::env::temp_dir().join(format!("session-lens-unreadable-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("empty.jsonl"), b"").expect("write");
    std::fs::write(folder.join("image.png"), [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3]).expect("write");
    std::fs::write(folder.join("notes.txt"), "a note\nanother\n").expect("write");
    let browser = Browser::start();
    browser.open(ALL_TIME);
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &folder);
    assert_eq!(wait_for_end(&browser), "error");
    assert_eq!(
        browser.error_message(),
        "None of the 3 files could be read as a transcript, an export, a git log or another tool's session records: 1 binary file (contains NUL bytes); 1 empty file; 1 not a recognised transcript format."
    );
}

#[test]
fn files_dropped_on_the_page_load() {
    let browser = Browser::start();
    browser.open(ALL_TIME);
    browser.wait_for_state("empty", TIMEOUT);
    let mut files = Vec::new();
    for entry in std::fs::read_dir(set_folder().join("projects/sample-project")).expect("read set") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        files.push(serde_json::json!([name, std::fs::read_to_string(&path).expect("read")]));
    }
    assert_eq!(files.len(), 5);
    let script = format!(
        "const data = new DataTransfer();
         for (const [name, text] of {}) data.items.add(new File([text], name));
         const target = document.querySelector('.app');
         target.dispatchEvent(new DragEvent('dragover', {{dataTransfer: data, bubbles: true, cancelable: true}}));
         target.dispatchEvent(new DragEvent('drop', {{dataTransfer: data, bubbles: true, cancelable: true}}));
         return true;",
        Value::Array(files)
    );
    browser.run(&script);
    assert_eq!(wait_for_end(&browser), "ready", "{}", browser.error_message());
    assert_eq!(metric(&browser, "total_tokens"), ccusage_total_tokens());
    assert!(files_read(&browser).starts_with("5 files read"), "{}", files_read(&browser));
    assert_ne!(workers(&browser), "0");
}

/// Browsers without `getAsFileSystemHandle` (Firefox, Safari) walk a dropped folder by
/// its entries: the same files, the same figures.
#[test]
fn a_folder_dropped_where_the_browser_has_no_file_system_handles_loads_through_its_entries() {
    let browser = Browser::start();
    browser.open(ALL_TIME);
    browser.wait_for_state("empty", TIMEOUT);
    let gone = browser.run("delete DataTransferItem.prototype.getAsFileSystemHandle; return !('getAsFileSystemHandle' in DataTransferItem.prototype);");
    assert_eq!(gone, Value::Bool(true));
    let folder = set_folder().join("projects");
    browser.drop_paths(&[folder.display().to_string()]);
    assert_eq!(wait_for_end(&browser), "ready", "{}", browser.error_message());
    assert_eq!(metric(&browser, "total_tokens"), ccusage_total_tokens());
    assert!(files_read(&browser).starts_with("5 files read"), "{}", files_read(&browser));
}

#[test]
fn a_folder_dropped_through_the_browser_loads_with_its_paths() {
    let browser = Browser::start();
    browser.open(ALL_TIME);
    browser.wait_for_state("empty", TIMEOUT);
    // Chromium gives the dropped folder's handle, and the page walks by it.
    browser.run(
        "const take = DataTransferItem.prototype.getAsFileSystemHandle;
         window.handlesTaken = 0;
         DataTransferItem.prototype.getAsFileSystemHandle = function () { window.handlesTaken += 1; return take.call(this); };
         return true;",
    );
    let folder = set_folder().join("projects");
    browser.drop_paths(&[folder.display().to_string()]);
    assert_eq!(wait_for_end(&browser), "ready", "{}", browser.error_message());
    assert_eq!(browser.run("return window.handlesTaken"), serde_json::json!(1));
    assert_eq!(metric(&browser, "total_tokens"), ccusage_total_tokens());
    // Every file in the folder's subfolder was found.
    assert!(files_read(&browser).starts_with("5 files read"), "{}", files_read(&browser));
    assert_ne!(workers(&browser), "0");
}

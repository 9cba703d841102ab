//! Kept history in the page (Chromium, issue 17): a folder loaded, the browser closed
//! and started again on the same profile shows the same figures with no input; files
//! added and grown are the only ones read on the next drop, which equals a fresh load of
//! the changed folder; a purged file stays; forgetting empties the page; a damaged store,
//! a store of another version, a full quota and a browser without IndexedDB are each
//! reported while the page keeps working.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use serde_json::json;

const TIMEOUT: Duration = Duration::from_secs(120);
/// Figures outside the kept panel (which holds none: its numbers are `data-kept`).
const KEPT_PANEL: &str = "[data-role=kept-panel]";
const URL: &str = "?tz=UTC&period=all";

/// The real fixtures under `projects/`, with two files held back and the largest
/// transcript cut to its first half: returns the folder, the two held-back files and
/// the cut one (each as it is in the fixtures).
fn folder_before_a_days_work(dir: &Path) -> (PathBuf, Vec<PathBuf>, PathBuf) {
    let folder = dir.join("projects");
    common::copy_tree(&common::fixture("real"), &folder);
    let mut files: Vec<(PathBuf, u64)> = walk(&folder).into_iter().map(|path| (path.clone(), std::fs::metadata(&path).expect("size").len())).collect();
    files.sort();
    let jsonl: Vec<&(PathBuf, u64)> = files.iter().filter(|(path, _)| path.extension().is_some_and(|ext| ext == "jsonl")).collect();
    let grown = jsonl.iter().max_by_key(|(_, size)| *size).expect("a transcript").0.clone();
    let held_back: Vec<PathBuf> = jsonl.iter().filter(|(path, _)| *path != grown).take(2).map(|(path, _)| path.clone()).collect();
    for path in &held_back {
        std::fs::remove_file(path).expect("hold back");
    }
    let text = std::fs::read(&grown).expect("read");
    let lines: Vec<&[u8]> = text.split_inclusive(|byte| *byte == b'\n').collect();
    std::fs::write(&grown, lines[..lines.len() / 2].concat()).expect("cut");
    (folder, held_back, grown)
}

/// A scratch folder holding a copy of a fixture folder under `projects/`: the scratch
/// folder and the copy.
fn scratch_copy(name: &str, fixture: &str) -> (PathBuf, PathBuf) {
    let dir = common::scratch_dir(name);
    let folder = dir.join("projects");
    common::copy_tree(&common::fixture(fixture), &folder);
    (dir, folder)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// Undoes `folder_before_a_days_work`: the held-back transcripts come back (new files)
/// and the cut one grows back whole, with a later time.
fn do_a_days_work(folder: &Path, held_back: &[PathBuf], grown: &Path) {
    for path in held_back {
        std::fs::copy(original(path, folder), path).expect("new file");
    }
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::copy(original(grown, folder), grown).expect("grown");
}

/// The fixture a scratch copy was made from.
fn original(copy: &Path, folder: &Path) -> PathBuf {
    common::fixture("real").join(copy.strip_prefix(folder).expect("inside"))
}

fn load_folder(browser: &Browser, folder: &Path) {
    load_through(browser, "folder-input", folder);
}

/// Sets `window.loadStarted` once the page shows a load has begun (it may show an
/// earlier load as ready until then).
fn note_when_loading_starts(browser: &Browser) {
    browser.run(
        "window.loadStarted = false; const root = document.querySelector('[data-state]');
         new MutationObserver(() => { if (root.dataset.state === 'loading') window.loadStarted = true; }).observe(root, { attributes: true });
         return true;",
    );
}

/// Loads through an input and waits for that load to be shown and kept (the page may
/// show an earlier load as ready until this one starts).
fn load_through(browser: &Browser, role: &str, path: &Path) {
    note_when_loading_starts(browser);
    browser.upload(&format!("input[data-role={role}]"), path);
    browser.wait_until("return window.loadStarted", TIMEOUT);
    wait_for_ready(browser);
    wait_until_kept(browser);
}

fn wait_for_ready(browser: &Browser) {
    browser.wait_until("const s = document.querySelector('[data-state]')?.dataset.state; return s === 'ready' || s === 'error';", TIMEOUT);
    assert_eq!(browser.run("return document.querySelector('[data-state]').dataset.state"), "ready", "{}", browser.error_message());
}

/// Waits until the drop's parts are written (or the page said why not).
fn wait_until_kept(browser: &Browser) {
    browser.wait_until("const k = document.querySelector('[data-role=kept-panel]'); return !!k && k.dataset.keepState !== 'writing';", TIMEOUT);
}

/// One of the kept panel's numbers (`data-kept`).
fn figure(browser: &Browser, name: &str) -> Option<f64> {
    browser.run(&format!("return document.querySelector('[data-kept=\"{name}\"]')?.dataset.value ?? null")).as_str().and_then(|text| text.parse().ok())
}

fn notices(browser: &Browser) -> String {
    browser
        .run("return [...document.querySelectorAll('[data-role=keep-notice], [data-role=keep-off]')].map(e => e.textContent).join(' | ')")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Every dashboard figure of a fresh browser loading `folder`.
fn fresh_load(folder: &Path) -> Vec<(String, Option<f64>)> {
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_folder(&browser, folder);
    browser.metrics(KEPT_PANEL)
}

#[test]
fn a_kept_folder_reopens_without_input_and_a_new_drop_reads_only_new_and_grown_files() {
    let dir = common::scratch_dir("keep-page");
    let (folder, held_back, grown) = folder_before_a_days_work(&dir);
    let profile = Browser::start();
    profile.open(URL);
    profile.wait_for_state("empty", TIMEOUT);
    let panel_hidden = "return document.querySelector('[data-role=kept-panel]').hidden";
    assert_eq!(profile.run(panel_hidden), json!(true), "nothing kept yet: no empty panel");
    load_folder(&profile, &folder);
    assert_eq!(profile.run(panel_hidden), json!(false));
    let first = profile.metrics(KEPT_PANEL);
    let file_count = walk(&folder).len() as f64;
    assert_eq!(figure(&profile, "read_files"), Some(file_count));
    assert_eq!(figure(&profile, "kept_files"), Some(file_count), "{}", notices(&profile));

    // The browser closed and opened again on the same profile: the same dashboard, with
    // no input.
    let profile = profile.restarted();
    profile.open(URL);
    wait_for_ready(&profile);
    assert_eq!(profile.metrics(KEPT_PANEL), first);
    assert_eq!(figure(&profile, "kept_files"), Some(file_count));

    // A day's work: two new transcripts, one grown. Only those three are read, and the
    // page equals a fresh load of the changed folder.
    do_a_days_work(&folder, &held_back, &grown);
    load_folder(&profile, &folder);
    assert_eq!(figure(&profile, "read_files"), Some(3.0));
    assert_eq!(figure(&profile, "unchanged_files"), Some(file_count - 1.0));
    let after_work = profile.metrics(KEPT_PANEL);
    assert_ne!(after_work, first, "the new and grown transcripts show");
    assert_eq!(after_work, fresh_load(&folder));

    // The agent purges a transcript: dropped again, the folder reads nothing, the purged
    // transcript stays, and the page says how much comes only from kept data.
    std::fs::remove_file(&held_back[0]).expect("purge");
    load_folder(&profile, &folder);
    assert_eq!(figure(&profile, "read_files"), Some(0.0));
    assert_eq!(figure(&profile, "only_kept_files"), Some(1.0));
    assert!(figure(&profile, "only_kept_sessions").is_some_and(|sessions| sessions >= 1.0));
    assert_eq!(profile.metrics(KEPT_PANEL), after_work);

    // Forgetting everything asks first: "Keep it" forgets nothing; the export offered
    // beside it saves everything shown; confirmed, the page empties, and it stays empty
    // when opened again.
    profile.click("[data-role=forget-all]");
    profile.wait_until("return !!document.querySelector('[data-role=forget-confirm]')", TIMEOUT);
    assert_eq!(profile.run("return document.activeElement?.dataset.role"), serde_json::Value::from("forget-export"), "the focus moves into the question");
    profile.click("[data-role=forget-cancel]");
    profile.wait_until("return !document.querySelector('[data-role=forget-confirm]')", TIMEOUT);
    assert_eq!(figure(&profile, "only_kept_files"), Some(1.0), "nothing forgotten");
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).expect("mkdir");
    profile.allow_downloads(&downloads);
    profile.click("[data-role=forget-all]");
    profile.wait_until("return !!document.querySelector('[data-role=forget-export]')", TIMEOUT);
    profile.click("[data-role=forget-export]");
    let export = profile.wait_for_download(&downloads, ".json", TIMEOUT);
    let exported: serde_json::Value = serde_json::from_slice(&std::fs::read(&export).expect("export")).expect("JSON");
    assert_eq!(exported["producer"]["name"], "session-lens", "the export before forgetting is a Session Lens export");
    let kept_conversations = profile.run("return Number(document.querySelector('[data-kept=kept_conversations]').dataset.value)");
    let exported_conversations = exported["conversations"].as_array().map_or(0, Vec::len) as f64;
    assert!(
        exported_conversations >= kept_conversations.as_f64().expect("a count"),
        "everything kept is in it: {exported_conversations} against {kept_conversations}"
    );
    profile.click("[data-role=forget-confirmed]");
    profile.wait_for_state("empty", TIMEOUT);
    assert_eq!(figure(&profile, "kept_files"), None);
    profile.open(URL);
    profile.wait_for_state("empty", TIMEOUT);
    assert_eq!(figure(&profile, "kept_files"), None);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Drags a folder onto the page (a real drop, through DevTools) and waits for that load
/// to be shown and kept.
fn drag_folder(browser: &Browser, folder: &Path) {
    note_when_loading_starts(browser);
    browser.drop_paths(&[folder.display().to_string()]);
    browser.wait_until("return window.loadStarted", TIMEOUT);
    wait_for_ready(browser);
    wait_until_kept(browser);
}

#[test]
fn a_folder_dragged_onto_the_page_is_known_by_the_paths_its_input_kept() {
    let dir = common::scratch_dir("keep-page-dragged");
    let (folder, held_back, grown) = folder_before_a_days_work(&dir);
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_folder(&browser, &folder);
    let first = browser.metrics(KEPT_PANEL);
    let file_count = walk(&folder).len() as f64;

    // The same folder dragged onto the page: every file is found under the path and time
    // the folder input kept it by, so none is read again.
    drag_folder(&browser, &folder);
    assert_eq!(figure(&browser, "read_files"), Some(0.0), "{}", notices(&browser));
    assert_eq!(figure(&browser, "unchanged_files"), Some(file_count));
    assert_eq!(browser.metrics(KEPT_PANEL), first);

    // A day's work, dragged: the two new and the grown transcript are read, and the page
    // equals a fresh browser's load of the changed folder through its input.
    do_a_days_work(&folder, &held_back, &grown);
    drag_folder(&browser, &folder);
    assert_eq!(figure(&browser, "read_files"), Some(3.0));
    assert_eq!(figure(&browser, "unchanged_files"), Some(file_count - 1.0));
    assert_eq!(browser.metrics(KEPT_PANEL), fresh_load(&folder));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_drop_with_nothing_readable_is_not_kept() {
    let dir = common::scratch_dir("keep-page-junk");
    let junk = dir.join("junk");
    std::fs::create_dir_all(&junk).expect("mkdir");
    for (index, name) in ["a.jsonl", "b.jsonl", "c.json"].iter().enumerate() {
        let bytes: Vec<u8> = (0..4096u32).map(|at| (at.wrapping_mul(2_654_435_761).wrapping_add(index as u32) >> 13) as u8).collect();
        std::fs::write(junk.join(name), bytes).expect("junk");
    }
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    // Alone, the junk is an error now and nothing at the next visit.
    browser.upload("input[data-role=folder-input]", &junk);
    browser.wait_for_state("error", TIMEOUT);
    assert!(browser.error_message().contains("3"), "the error counts the files: {}", browser.error_message());
    browser.open(URL);
    browser.wait_until("const s = document.querySelector('[data-state]')?.dataset.state; return s === 'empty' || s === 'error';", TIMEOUT);
    assert_eq!(browser.run("return document.querySelector('[data-state]').dataset.state"), json!("empty"), "the junk was kept");
    assert_eq!(figure(&browser, "kept_files"), None);
    // Over kept sessions: shown beside them, said, and still not kept.
    let claude = dir.join("claude");
    common::copy_tree(&common::fixture("real/agent-sessions/claude"), &claude);
    load_folder(&browser, &claude);
    let kept_files = figure(&browser, "kept_files");
    // Said on the view the visitor is on, not only beside what is kept.
    browser.click("[data-view-tab=overview]");
    browser.upload("input[data-role=folder-input]", &junk);
    browser.wait_until(
        "return [...document.querySelectorAll('main [data-role=keep-notice]')].some(e => e.textContent.includes('Nothing readable in this drop'))",
        TIMEOUT,
    );
    wait_for_ready(&browser);
    browser.click("[data-view-tab=data]");
    browser.wait_until("return !!document.querySelector('[data-kept=kept_files]')", TIMEOUT);
    assert_eq!(figure(&browser, "kept_files"), kept_files, "the junk was kept beside the sessions");
    let _ = std::fs::remove_dir_all(&dir);
}

/// agent-sessions' Codex and Claude Code folders, copied apart under `dir`.
fn codex_and_claude(dir: &Path) -> (PathBuf, PathBuf) {
    let (codex, claude) = (dir.join("codex"), dir.join("claude"));
    common::copy_tree(&common::fixture("real/agent-sessions/codex"), &codex);
    common::copy_tree(&common::fixture("real/agent-sessions/claude"), &claude);
    (codex, claude)
}

#[test]
fn a_drop_can_be_shown_alone_or_start_fresh() {
    let dir = common::scratch_dir("keep-page-modes");
    let (codex, claude) = codex_and_claude(&dir);
    let (codex_files, claude_files) = (walk(&codex).len() as f64, walk(&claude).len() as f64);
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_folder(&browser, &codex);
    let choose = |mode: &str| {
        browser
            .run(&format!("const s = document.querySelector('[data-role=drop-mode]'); s.value = '{mode}'; s.dispatchEvent(new Event('change')); return true;"))
    };
    // "Show only this drop": the figures are Claude's alone; both stay kept.
    choose("only");
    load_folder(&browser, &claude);
    assert_eq!(browser.metrics(KEPT_PANEL), fresh_load(&claude), "only the drop is shown");
    assert_eq!(figure(&browser, "kept_files"), Some(codex_files + claude_files));
    // Opened again, everything kept shows.
    browser.open(URL);
    wait_for_ready(&browser);
    assert_ne!(browser.metrics(KEPT_PANEL), fresh_load(&claude));
    // "Start fresh": Codex's kept files are forgotten, Claude's drop alone is kept and
    // shown, and the choice goes back to adding.
    choose("fresh");
    load_folder(&browser, &claude);
    assert_eq!(figure(&browser, "kept_files"), Some(claude_files));
    assert_eq!(browser.metrics(KEPT_PANEL), fresh_load(&claude));
    assert_eq!(browser.run("return document.querySelector('[data-role=drop-mode]').value"), json!("add"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn forgetting_one_source_keeps_the_others() {
    let dir = common::scratch_dir("keep-page-forget-one");
    let (codex, claude) = codex_and_claude(&dir);
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_folder(&browser, &codex);
    load_folder(&browser, &claude);
    let claude_files = walk(&claude).len() as f64;
    assert_eq!(figure(&browser, "kept_files"), Some(walk(&codex).len() as f64 + claude_files));
    browser.click("details:has([data-role=forget-source]) summary");
    browser.click("[data-role=forget-source][data-source=codex]");
    browser.wait_until(&format!("return document.querySelector('[data-kept=kept_files]')?.dataset.value === '{claude_files}'"), TIMEOUT);
    wait_for_ready(&browser);
    assert_eq!(browser.metrics(KEPT_PANEL), fresh_load(&claude));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_export_is_kept_like_a_folder() {
    let dir = common::scratch_dir("keep-page-export");
    let export = dir.join("ana.json");
    let folder = common::fixture("real/agent-sessions/claude");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_session-lens"))
        .args(["export", "--person", "ana"])
        .arg(&folder)
        .arg("-o")
        .arg(&export)
        .output()
        .expect("export");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_through(&browser, "files-input", &export);
    let loaded = browser.metrics(KEPT_PANEL);
    assert_eq!(figure(&browser, "kept_files"), Some(1.0));
    let browser = browser.restarted();
    browser.open(URL);
    wait_for_ready(&browser);
    assert_eq!(browser.metrics(KEPT_PANEL), loaded);
    assert!(browser.run("return [...document.querySelectorAll('select[data-role=person] option')].map(o => o.value).includes('ana')") == json!(true));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_tabs_dropping_at_once_both_keep_whole_drops() {
    let dir = common::scratch_dir("keep-page-two-tabs");
    let (codex, claude) = (dir.join("codex"), dir.join("claude"));
    common::copy_tree(&common::fixture("real/agent-sessions/codex"), &codex);
    common::copy_tree(&common::fixture("real"), &claude);
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    let first = browser.new_tab();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    // The two drops start together: the second as soon as the first tab's page has its
    // files (the browser lists a chosen folder first, and a tab put behind before that
    // loses the choice; a real folder dialog keeps its tab in front until then).
    browser.upload("input[data-role=folder-input]", &claude);
    let second = browser.current_tab();
    browser.switch_to_tab(&first);
    browser.upload("input[data-role=folder-input]", &codex);
    for tab in [&first, &second] {
        browser.switch_to_tab(tab);
        wait_for_ready(&browser);
        wait_until_kept(&browser);
    }
    browser.new_tab();
    browser.open(URL);
    wait_for_ready(&browser);
    assert_eq!(notices(&browser), "", "no damage, no failed write");
    let all_files = (walk(&codex).len() + walk(&claude).len()) as f64;
    browser.wait_until(&format!("return document.querySelector('[data-kept=kept_files]')?.dataset.value === '{all_files}'"), TIMEOUT);
    let both = dir.join("both");
    common::copy_tree(&codex, &both.join("codex"));
    common::copy_tree(&claude, &both.join("claude"));
    // The same files under one folder, in a fresh browser.
    assert_eq!(browser.metrics(KEPT_PANEL), fresh_load(&both));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `script` against the page's store (the promise's value comes back).
fn in_store(browser: &Browser, script: &str) -> serde_json::Value {
    browser.run_async(&format!(
        "const done = arguments[0];
         const open = indexedDB.open('session-lens-keep');
         open.onerror = () => done('open failed');
         open.onsuccess = () => {{ const db = open.result; Promise.resolve(({script})(db)).then(value => {{ db.close(); done(value); }}, error => {{ db.close(); done(String(error)); }}); }};"
    ))
}

#[test]
fn a_damaged_store_is_reported_cleared_and_the_next_drop_loads() {
    let (dir, folder) = scratch_copy("keep-page-damaged", "real/agent-sessions");
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_folder(&browser, &folder);
    let loaded = browser.metrics(KEPT_PANEL);
    // Garbage in place of one part's bytes.
    let written = in_store(
        &browser,
        "db => new Promise((resolve, reject) => {
            const tx = db.transaction('parts', 'readwrite');
            const store = tx.objectStore('parts');
            const keys = store.getAllKeys();
            keys.onsuccess = () => { store.put(new Uint8Array([2, 255, 255, 7, 7, 7]), keys.result[0]); };
            tx.oncomplete = () => resolve('written');
            tx.onerror = () => reject(tx.error);
        })",
    );
    assert_eq!(written, "written");
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    let said = notices(&browser);
    assert!(said.contains("could not be read") && said.contains("cleared"), "{said}");
    assert_eq!(
        in_store(
            &browser,
            "db => new Promise(resolve => { const r = db.transaction('files').objectStore('files').count(); r.onsuccess = () => resolve(r.result); })"
        ),
        json!(0)
    );
    load_folder(&browser, &folder);
    assert_eq!(browser.metrics(KEPT_PANEL), loaded);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_store_of_another_version_is_cleared_with_a_notice() {
    let browser = Browser::start();
    // A document of the same origin that is not the app writes a store of an older layout.
    browser.open("worker-start.js");
    let made = browser.run_async(
        "const done = arguments[0];
         const open = indexedDB.open('session-lens-keep', 1);
         open.onupgradeneeded = () => { open.result.createObjectStore('parts').put(new Uint8Array([1, 2, 3]), 'old/file.jsonl'); };
         open.onsuccess = () => { open.result.close(); done('made'); };
         open.onerror = () => done('failed');",
    );
    assert_eq!(made, "made");
    browser.open(URL);
    browser.wait_until("return document.querySelectorAll('[data-role=keep-notice]').length > 0", TIMEOUT);
    browser.wait_for_state("empty", TIMEOUT);
    let said = notices(&browser);
    assert!(said.contains("another version") && said.contains("cleared"), "{said}");
    // The store works: a load is kept.
    let (dir, folder) = scratch_copy("keep-page-version", "real/agent-sessions/claude");
    load_folder(&browser, &folder);
    assert_eq!(figure(&browser, "kept_files"), Some(walk(&folder).len() as f64));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_full_quota_is_reported_and_nothing_is_half_written() {
    let (dir, folder) = scratch_copy("keep-page-quota", "real");
    let browser = Browser::start();
    let origin = browser.server.url("");
    browser.cdp("Storage.overrideQuotaForOrigin", json!({"origin": origin.trim_end_matches('/'), "quotaSize": 20_000}));
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_folder(&browser, &folder);
    let said = notices(&browser);
    assert!(said.contains("full"), "{said}");
    assert_eq!(figure(&browser, "kept_files"), None, "nothing half-written");
    let shown = browser.metrics(KEPT_PANEL);
    assert_eq!(shown, fresh_load(&folder), "the drop is shown in full");
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_indexeddb_everything_works_unkept() {
    let (dir, folder) = scratch_copy("keep-page-no-idb", "real/agent-sessions");
    let browser = Browser::start();
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": "Object.defineProperty(window, 'indexedDB', {get() { return undefined; }});"}));
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_folder(&browser, &folder);
    let said = notices(&browser);
    assert!(said.contains("Nothing is kept in this tab"), "{said}");
    assert_eq!(browser.run("return document.querySelector('[data-role=kept-panel]').dataset.keepState"), "off");
    assert_eq!(browser.metrics(KEPT_PANEL), fresh_load(&folder));
    let _ = std::fs::remove_dir_all(&dir);
}

/// History kept by the page before failed calls kept their error text (parts of wire
/// encoding 4, in a store of that version) is read as it was, not cleared: the same
/// figures, no notice, and the store carried over to this version.
#[test]
fn a_store_of_the_previous_encoding_is_read_not_cleared() {
    use session_lens::transport::wire::{encode_as, OLDEST_READ_VERSION, WIRE_VERSION};
    use session_lens::transport::KeptFile;
    let (dir, folder) = scratch_copy("keep-page-previous-encoding", "real/entireio-cli");
    let browser = Browser::start();
    browser.open(URL);
    browser.wait_for_state("empty", TIMEOUT);
    load_folder(&browser, &folder);
    wait_until_kept(&browser);
    let loaded = browser.metrics(KEPT_PANEL);
    let files: Vec<String> = serde_json::from_value(in_store(
        &browser,
        "db => new Promise(resolve => { const r = db.transaction('files').objectStore('files').getAll(); r.onsuccess = () => resolve(r.result); })",
    ))
    .expect("kept files");
    assert!(files.len() > 5, "{} files kept", files.len());
    // Each file's parts as the previous encoding wrote them, described as that page did.
    let mut records = Vec::new();
    for json in &files {
        let kept: KeptFile = serde_json::from_str(json).expect("a kept file");
        let relative = kept.source.path.split_once('/').map(|(_, rest)| rest).expect("under the folder");
        let bytes = std::fs::read(folder.join(relative)).expect("the kept file's source");
        let parts = session_lens::ingest::read_parts(&kept.source.path, &kept.person, &bytes, kept.source.modified_ms);
        let encoded = encode_as(OLDEST_READ_VERSION, &parts).expect("encodes");
        let described = KeptFile::describe(kept.source.clone(), &kept.person, &parts, &encoded);
        records.push(json!([kept.source.path, serde_json::to_string(&described).expect("json"), encoded]));
    }
    let settings = in_store(
        &browser,
        "db => new Promise(resolve => { const r = db.transaction('settings').objectStore('settings').get('shown-as'); r.onsuccess = () => resolve(r.result ?? null); })",
    );
    // The store made again at the previous version (layout 2), holding those parts.
    let previous_version = 2 * 256 + u32::from(OLDEST_READ_VERSION);
    let made = browser.run_async(&format!(
        "const done = arguments[0];
         const records = {records};
         const settings = {settings};
         const removed = indexedDB.deleteDatabase('session-lens-keep');
         removed.onsuccess = () => {{
             const open = indexedDB.open('session-lens-keep', {previous_version});
             open.onupgradeneeded = () => {{ for (const name of ['files', 'parts', 'settings']) open.result.createObjectStore(name); }};
             open.onsuccess = () => {{
                 const db = open.result;
                 const tx = db.transaction(['files', 'parts', 'settings'], 'readwrite');
                 for (const [path, file, bytes] of records) {{
                     tx.objectStore('files').put(file, path);
                     tx.objectStore('parts').put(new Uint8Array(bytes), path);
                 }}
                 if (settings !== null) tx.objectStore('settings').put(settings, 'shown-as');
                 tx.oncomplete = () => {{ db.close(); done('made'); }};
                 tx.onerror = () => done('failed: ' + tx.error);
             }};
             open.onerror = () => done('open failed');
         }};
         removed.onerror = () => done('delete failed');",
        records = serde_json::Value::Array(records),
    ));
    assert_eq!(made, "made");
    browser.open(URL);
    wait_for_ready(&browser);
    assert_eq!(notices(&browser), "", "nothing said about the kept data");
    assert_eq!(browser.metrics(KEPT_PANEL), loaded);
    assert_eq!(figure(&browser, "kept_files"), Some(files.len() as f64));
    let version = in_store(&browser, "db => db.version");
    assert_eq!(version, json!(2 * 256 + u32::from(WIRE_VERSION)));
    let _ = std::fs::remove_dir_all(&dir);
}

//! The hostile corpus of the hardening issue (`common::hostile::corpus_files`, written by
//! the tests): payloads in every text field, right-to-left overrides, a 5 MB line,
//! 10,000-level nesting, NaN and Infinity literals, huge, negative and fractional numbers,
//! years 0000, 1970 and 9999, empty, binary and Latin-1 files. Each file alone and the
//! whole folder load: good lines kept, bad ones counted with file and line, no figure
//! NaN, infinite or negative, no text shown with its direction overridden, and in the
//! page nothing runs and the load ends.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::time::Duration;

use crate::common::browser::Browser;
use crate::common::hostile::{corpus_files, write_corpus};
use session_lens::cli;
use session_lens::metrics::Settings;
use session_lens::model::bidi::is_bidi_control;
use session_lens::model::{Dataset, EventKind, FileOutcome, SkipReason};
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;
use session_lens::viewmodel::dashboard::Dashboard;

/// A generous bound for a load of a few MB: only a hang gets near it.
const TIMEOUT: Duration = Duration::from_secs(120);
const PROJECT: &str = "projects/-home-x-app";
/// Tokens of each good reply the corpus writes (10 in, 20 out).
const TOKENS_PER_REPLY: u64 = 30;

fn ingest(files: &[(String, Vec<u8>)]) -> Dataset {
    let paths: Vec<String> = files.iter().map(|(name, _)| format!("{PROJECT}/{name}")).collect();
    ingest_files(paths.iter().zip(files).map(|(path, (_, bytes))| (path.as_str(), "me", bytes.as_slice())), PriceTable::embedded())
}

/// What each file must give, worked out from how `corpus_files` writes it: the replies
/// kept, and the lines turned away (line number, reason).
fn expected(name: &str) -> (usize, Vec<(u64, SkipReason)>) {
    use SkipReason::*;
    match name {
        "huge-line.jsonl" => (2, vec![(4, InvalidJson)]),
        // A prompt whose content is 10,000 nested lists is no prompt; a tool call whose
        // input is as deep keeps its reply.
        "deep-nesting.jsonl" => (3, vec![(3, WrongFieldType), (5, InvalidJson)]),
        "non-finite.jsonl" => (1, (3..=8).map(|line| (line, InvalidJson)).collect()),
        // Costs of 1e308, 1e308 and -1000 are ignored (the replies priced from the
        // table); a count of 2^64-1 leaves its reply without usage; -5, 3.7 and 1e300 are
        // no token counts.
        "absurd-numbers.jsonl" => (
            4,
            vec![
                (3, ValueOutOfRange),
                (4, ValueOutOfRange),
                (5, ValueOutOfRange),
                (6, ValueOutOfRange),
                (7, WrongFieldType),
                (8, WrongFieldType),
                (9, WrongFieldType),
            ],
        ),
        "absurd-years.jsonl" => (1, vec![(3, BadTimestamp), (4, BadTimestamp), (5, BadTimestamp)]),
        "latin1.jsonl" => (1, vec![(3, InvalidUtf8)]),
        "empty.jsonl" | "binary.jsonl" => (0, Vec::new()),
        _ => (1, Vec::new()),
    }
}

fn assert_no_absurd_figure(dataset: &Dataset, what: &str) {
    let summary = Dashboard::unfiltered(dataset, &Settings::default()).summary;
    assert!(summary.cost_usd.is_finite() && summary.cost_usd >= 0.0, "{what}: cost {}", summary.cost_usd);
    assert!(dataset.requests.iter().all(|request| request.cost_usd.is_finite() && request.cost_usd >= 0.0), "{what}");
    assert!(summary.active_time_ms >= 0 && summary.estimated_loss_usd.is_finite() && summary.estimated_loss_usd >= 0.0, "{what}");
}

#[test]
fn each_file_alone_keeps_its_good_lines_and_names_its_bad_ones() {
    for file in corpus_files() {
        let name = file.0.clone();
        let dataset = ingest(&[file]);
        let (replies, bad_lines) = expected(&name);
        let summary = Dashboard::unfiltered(&dataset, &Settings::default()).summary;
        assert_eq!(dataset.requests.len(), replies, "{name}: replies kept");
        assert_eq!(summary.tokens.total_tokens(), replies as u64 * TOKENS_PER_REPLY, "{name}: tokens");
        let named: Vec<(u64, SkipReason)> = dataset.diagnostics.kept.iter().map(|d| (d.line, d.reason)).collect();
        assert_eq!(named, bad_lines, "{name}: lines turned away");
        assert!(dataset.diagnostics.kept.iter().all(|d| d.file.ends_with(&name)), "{name}: diagnostics name the file");
        assert_eq!(dataset.diagnostics.skipped_lines(), bad_lines.len() as u64, "{name}: counted");
        assert_no_absurd_figure(&dataset, &name);
        let skipped = dataset.files.iter().find_map(|f| match &f.outcome {
            FileOutcome::Skipped { reason } => Some(reason.clone()),
            _ => None,
        });
        match name.as_str() {
            "empty.jsonl" => assert!(skipped == Some(session_lens::model::FileSkip::Empty), "{skipped:?}"),
            "binary.jsonl" => assert!(skipped == Some(session_lens::model::FileSkip::Binary), "{skipped:?}"),
            _ => assert_eq!(skipped, None, "{name} is read"),
        }
    }
}

#[test]
fn the_whole_folder_adds_up_its_files() {
    let files = corpus_files();
    let replies: usize = files.iter().map(|(name, _)| expected(name).0).sum();
    let bad_lines: usize = files.iter().map(|(name, _)| expected(name).1.len()).sum();
    let dataset = ingest(&files);
    assert_eq!(dataset.requests.len(), replies);
    assert_eq!(dataset.diagnostics.skipped_lines(), bad_lines as u64);
    assert_no_absurd_figure(&dataset, "folder");
    let days = Dashboard::unfiltered(&dataset, &Settings::default()).tables.days;
    assert!(days.len() <= 3, "the corpus spans 2026-11-10 to 12, not the years 0000 to 9999: {} days", days.len());
}

/// Every text a reader can be shown, from the dataset.
fn shown_texts(dataset: &Dataset) -> Vec<String> {
    let mut texts: Vec<String> = dataset.texts.iter().map(str::to_owned).collect();
    for conversation in &dataset.conversations {
        texts.extend([&conversation.session_key, &conversation.project_path, &conversation.git_branch, &conversation.person].map(|text| text.clone()));
        texts.extend(conversation.title.clone());
    }
    for event in &dataset.events {
        match &event.kind {
            EventKind::HumanPrompt { preview, .. } | EventKind::AgentMessage { preview, .. } => texts.push(preview.clone()),
            EventKind::SlashCommand { name } => texts.push(name.clone()),
            _ => {}
        }
    }
    texts
}

#[test]
fn direction_overrides_are_shown_as_visible_marks_everywhere() {
    let files = corpus_files();
    let written: usize = files.iter().map(|(_, bytes)| String::from_utf8_lossy(bytes).chars().filter(|c| is_bidi_control(*c)).count()).sum();
    assert!(written >= 5, "the corpus holds overrides and isolates");
    let dataset = ingest(&files);
    let texts = shown_texts(&dataset);
    assert!(texts.iter().all(|text| !text.chars().any(is_bidi_control)), "{:?}", texts.iter().filter(|t| t.chars().any(is_bidi_control)).collect::<Vec<_>>());
    for expected in ["report\u{fffd}fdp.exe", "main\u{fffd}evil\u{fffd}", "look at \u{fffd}txt.exe"] {
        assert!(texts.iter().any(|text| text.contains(expected)), "{expected:?} is shown neutralised");
    }
    // The same through an export and back, and on the command line.
    let folder = write_corpus("bidi-cli");
    let export = folder.join("corpus-export.json");
    cli::run(&["export", "--include-text", &folder.display().to_string(), "-o", &export.display().to_string()].map(String::from)).expect("export");
    let back = ingest_files([(export.display().to_string().as_str(), "me", std::fs::read(&export).expect("export").as_slice())], PriceTable::embedded());
    assert_eq!(shown_texts(&back).len(), texts.len());
    assert!(shown_texts(&back).iter().all(|text| !text.chars().any(is_bidi_control)));
    let report = folder.join("corpus-report.html");
    cli::run(&["report", "--tz", "UTC", "--include-text", &folder.display().to_string(), "-o", &report.display().to_string()].map(String::from))
        .expect("report");
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(!html.chars().any(is_bidi_control) && html.contains("report\u{fffd}fdp.exe"));
    let _ = std::fs::remove_dir_all(&folder);
}

/// Every number in a JSON document, with the path of keys to it.
fn numbers(value: &serde_json::Value, path: &str, out: &mut Vec<(String, f64)>) {
    match value {
        serde_json::Value::Number(number) => out.push((path.to_owned(), number.as_f64().unwrap_or(f64::NAN))),
        serde_json::Value::Array(items) => items.iter().enumerate().for_each(|(index, item)| numbers(item, &format!("{path}[{index}]"), out)),
        serde_json::Value::Object(fields) => fields.iter().for_each(|(key, item)| numbers(item, &format!("{path}.{key}"), out)),
        _ => {}
    }
}

#[test]
fn the_command_line_summary_has_no_absurd_number() {
    let folder = write_corpus("summary");
    let output = cli::run(&["summary", "--json", "--tz", "UTC", &folder.display().to_string()].map(String::from)).expect("summary");
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    let mut found = Vec::new();
    numbers(&json, "", &mut found);
    assert!(found.len() > 20);
    for (path, value) in found.into_iter().filter(|(path, _)| !path.ends_with("net_lines")) {
        assert!((0.0..1e12).contains(&value), "{path} = {value}");
    }
    let _ = std::fs::remove_dir_all(&folder);
}

/// The page's figures: name → shown value text.
fn page_values(browser: &Browser) -> BTreeMap<String, String> {
    let found = browser.run("return [...document.querySelectorAll('[data-metric]')].map(e => [e.dataset.metric, e.dataset.value ?? '']);");
    serde_json::from_value::<Vec<(String, String)>>(found).expect("pairs").into_iter().collect()
}

fn assert_page_sane(browser: &Browser, what: &str) {
    let state = browser.run("return {pwned: window.__pwned ?? null, injected: document.querySelectorAll('iframe,object,embed,[onerror],[onload]').length}");
    assert_eq!(state, serde_json::json!({"pwned": null, "injected": 0}), "{what}: a payload ran");
    let text = browser.run("return document.body.innerText").as_str().expect("text").to_owned();
    for absurd in ["NaN", "Infinity", "9007199", "\u{2212}0 ", "\u{202e}", "\u{2066}"] {
        assert!(!text.contains(absurd), "{what}: the page shows {absurd:?}");
    }
    // (Rust prints an infinite float as "inf".)
    assert_eq!(browser.run("return /\\binf\\b/i.test(document.body.innerText)"), false, "{what}: the page shows inf");
    for (name, value) in page_values(browser) {
        // (Net lines are added minus removed: negative when more were removed.)
        if !value.is_empty() && !name.ends_with("net_lines") {
            let number: f64 = value.parse().unwrap_or_else(|_| panic!("{what}: {name} = {value:?}"));
            assert!(number.is_finite() && number >= 0.0, "{what}: {name} = {value}");
        }
    }
}

#[test]
fn the_page_loads_the_hostile_corpus_shows_no_absurd_figure_and_runs_nothing() {
    let folder = write_corpus("page");
    let browser = Browser::start();
    browser.open("?tz=UTC&today=2026-11-20");
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("input[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    assert_page_sane(&browser, "loaded");
    let files = corpus_files();
    let replies: usize = files.iter().map(|(name, _)| expected(name).0).sum();
    let bad_lines: usize = files.iter().map(|(name, _)| expected(name).1.len()).sum();
    let values = page_values(&browser);
    assert_eq!(values.get("total_tokens").map(String::as_str), Some((replies as u64 * TOKENS_PER_REPLY).to_string().as_str()), "{values:?}");
    assert_eq!(values.get("skipped_lines").map(String::as_str), Some(bad_lines.to_string().as_str()));
    // The load report names the files and lines turned away.
    let report = browser.run("return document.querySelector('.load-report').textContent").as_str().expect("report").to_owned();
    for (name, _) in &files {
        for (line, _) in expected(name).1 {
            assert!(report.contains(&format!("{PROJECT}/{name}:{line}")), "{name}:{line} not named in the load report");
        }
    }
    assert!(report.contains("empty.jsonl") && report.contains("binary.jsonl"), "skipped files named");
    // Each session opened in the drill-down: its texts shown as text.
    let rows = browser.run("return document.querySelectorAll('[data-table=sessions] tr[data-row]').length").as_u64().expect("rows");
    assert!(rows >= 9, "{rows} sessions listed");
    for row in 0..rows {
        browser.run(&format!("document.querySelectorAll('[data-table=sessions] tr[data-row]')[{row}].click(); return true"));
        browser.wait_until("return !!document.querySelector('[data-role=session-detail] .timeline li')", TIMEOUT);
        assert_page_sane(&browser, &format!("session {row}"));
    }
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_load_with_no_readable_file_says_why_for_each_kind() {
    use session_lens::viewmodel::load_report::nothing_read;
    let unreadable: Vec<(String, Vec<u8>)> = corpus_files().into_iter().filter(|(name, _)| name == "empty.jsonl" || name == "binary.jsonl").collect();
    assert_eq!(unreadable.len(), 2);
    let message = nothing_read(&ingest(&unreadable)).expect("nothing was read");
    assert_eq!(message, "None of the 2 files could be read as a transcript, an export, a git log or another tool's session records: 1 binary file (contains NUL bytes); 1 empty file.");
    let text_file = vec![(String::from("notes.txt"), b"just some notes\nnot a transcript\n".to_vec())];
    let message = nothing_read(&ingest(&text_file)).expect("nothing was read");
    assert_eq!(
        message,
        "None of the one file could be read as a transcript, an export, a git log or another tool's session records: 1 not a recognised transcript format."
    );
    assert_eq!(nothing_read(&ingest(&[])).as_deref(), Some("Nothing to read: the drop holds no files."));
    let readable = corpus_files().into_iter().filter(|(name, _)| name == "latin1.jsonl").collect::<Vec<_>>();
    assert_eq!(nothing_read(&ingest(&readable)), None);
}

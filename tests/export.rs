//! Exports (spec section 6, `docs/export-schema.md`): loading one reproduces every figure
//! of what was exported; exports merge into a team view, each conversation counted once;
//! what the redaction options leave out is not in the file; broken and newer exports
//! are reported with file and position while the rest of a load goes on.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

use chrono::NaiveDate;
use proptest::prelude::*;
use session_lens::export::{write_export, ExportOptions, Redaction};
use session_lens::metrics::selection::{Filters, Period};
use session_lens::metrics::Settings;
use session_lens::model::keys::hashed_path;
use session_lens::model::{Dataset, FileOutcome};
use session_lens::pricing::PriceTable;
use session_lens::timezone::parse_time_zone;
use session_lens::transport::ingest_files;
use session_lens::viewmodel::dashboard::{filter_choices, Dashboard};

const CREATED_AT: &str = "2026-11-30T12:00:00.000Z";

fn export(dataset: &Dataset, redaction: Redaction) -> Vec<u8> {
    let mut bytes = Vec::new();
    let options = ExportOptions { redaction, created_at: CREATED_AT.to_owned(), conversations: None };
    write_export(dataset, &options, &mut bytes).expect("writes");
    bytes
}

/// Files through the same ingest as a drop on the page.
fn load(files: &[(&str, &[u8])]) -> Dataset {
    ingest_files(files.iter().map(|(path, bytes)| (*path, "me", *bytes)), PriceTable::embedded())
}

/// The demo and every set of real fixtures, each read as one load.
static SOURCES: LazyLock<Vec<(String, Arc<Dataset>)>> = LazyLock::new(|| {
    let mut sources = vec![(String::from("demo"), Arc::new(common::demo_dataset()))];
    let real = common::fixture("real");
    let mut sets: Vec<_> = std::fs::read_dir(&real).expect("fixtures").map(|entry| entry.expect("entry").path()).filter(|path| path.is_dir()).collect();
    sets.sort();
    for set in sets {
        let name = set.file_name().and_then(|name| name.to_str()).expect("name").to_owned();
        sources.push((name, Arc::new(common::ingest_tree(&set, "me"))));
    }
    sources
});

const REDACTIONS: [Redaction; 4] = [
    Redaction { include_text: false, hash_paths: false },
    Redaction { include_text: true, hash_paths: false },
    Redaction { include_text: false, hash_paths: true },
    Redaction { include_text: true, hash_paths: true },
];

/// Each source exported with each redaction and loaded back, made once.
type LoadedExports = HashMap<(usize, usize), Arc<Dataset>>;
static LOADED: LazyLock<Mutex<LoadedExports>> = LazyLock::new(Mutex::default);

fn loaded(source: usize, redaction: usize) -> Arc<Dataset> {
    let mut cache = LOADED.lock().expect("cache");
    Arc::clone(cache.entry((source, redaction)).or_insert_with(|| {
        let bytes = export(&SOURCES[source].1, REDACTIONS[redaction]);
        Arc::new(load(&[("export.json", &bytes)]))
    }))
}

/// The first and last day of a dataset's requests, in UTC.
fn days(dataset: &Dataset) -> (NaiveDate, NaiveDate) {
    let day = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).map(|t| t.date_naive()).unwrap_or_default();
    let first = dataset.events.iter().map(|e| e.timestamp_ms).min().unwrap_or(0);
    let last = dataset.events.iter().map(|e| e.timestamp_ms).max().unwrap_or(0);
    (day(first), day(last))
}

/// The per-session figures, by name rather than by the dataset's text ids.
fn session_rows(dataset: &Dataset, dashboard: &Dashboard) -> Vec<String> {
    dashboard
        .sessions()
        .map(|facts| {
            let tools: Vec<(String, u64)> = facts.tools.iter().map(|(id, stats)| (dataset.text(id).to_owned(), stats.calls)).collect();
            format!(
                "{} {} {:?} {:?} {:?} {} {:?} {} {:?} {:?} {}",
                facts.start_ms,
                facts.active_time_ms,
                facts.conversation_stats,
                facts.code,
                facts.rules,
                facts.requests,
                facts.usage,
                facts.cost_usd,
                facts.outcome,
                tools,
                facts.files.len()
            )
        })
        .collect()
}

// 40 cases in the test suite; `EXPORT_CASES=N` runs more (2,000 passed at this commit).
proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("EXPORT_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(40)))]

    /// summary(load(export(x))) == summary(x), to the last bit, for any source, redaction,
    /// period, person, project, model, idle cutoff and time zone.
    #[test]
    fn loading_an_export_reproduces_every_figure(
        source in 0..SOURCES.len(),
        redaction in 0..REDACTIONS.len(),
        period in 0..4usize,
        person_pick in proptest::option::of(0..8usize),
        project_pick in proptest::option::of(0..8usize),
        model_pick in proptest::option::of(0..8usize),
        idle_minutes in 2i64..=60,
        zone in proptest::sample::select(vec!["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe"]),
    ) {
        let original = &SOURCES[source].1;
        let loaded = loaded(source, redaction);
        let hashes = REDACTIONS[redaction].hash_paths;
        let choices = filter_choices(original);
        let pick = |values: &[String], pick: Option<usize>| pick.filter(|_| !values.is_empty()).map(|index| values[index % values.len()].clone());
        let (first, last) = days(original);
        let today = last;
        let period = match period {
            0 => Period::All,
            1 => Period::LastDays(7),
            2 => Period::LastDays(30),
            _ => Period::Range { from: first + chrono::Days::new(1), to: last },
        };
        let project = pick(&choices.projects, project_pick);
        let filters = Filters { period, person: pick(&choices.people, person_pick), project: project.clone(), agent: None, model: pick(&choices.models, model_pick) };
        // With hashed paths a project is named by its hashed name.
        let loaded_filters = Filters {
            project: project.map(|name| if hashes && name != "(no project)" { hashed_path(&name) } else { name }),
            ..filters.clone()
        };
        let settings = Settings { idle_cutoff_ms: idle_minutes * 60_000, time_zone: parse_time_zone(zone).expect("zone"), ..Settings::default() };
        let before = Dashboard::build(original, &filters, &settings, today);
        let after = Dashboard::build(&loaded, &loaded_filters, &settings, today);
        prop_assert!(before.summary.sessions > 0 || filters != Filters::default() || original.events.is_empty());
        prop_assert_eq!(&before.summary, &after.summary);
        prop_assert_eq!(&before.durations, &after.durations);
        prop_assert_eq!(session_rows(original, &before), session_rows(&loaded, &after));
        if hashes {
            prop_assert_eq!(&before.tables.models, &after.tables.models);
            prop_assert_eq!(&before.tables.tools, &after.tables.tools);
            prop_assert_eq!(&before.tables.languages, &after.tables.languages);
            prop_assert_eq!(&before.tables.days, &after.tables.days);
            // Rows tied with others sort by name, which hashing changes: compare the rows
            // as a set, and leave out those tied with the last row kept (the cut may fall
            // between them either way).
            let file_stats = |dashboard: &Dashboard| {
                let rows = &dashboard.tables.files;
                let changed = |row: &session_lens::viewmodel::tables::FileRow| (row.stats.lines.added + row.stats.lines.removed, row.stats.edits);
                let last = rows.last().map(changed);
                let mut kept: Vec<String> = rows.iter().filter(|row| Some(changed(row)) != last).map(|row| format!("{:?}", row.stats)).collect();
                kept.sort();
                (rows.len(), kept)
            };
            prop_assert_eq!(file_stats(&before), file_stats(&after));
        } else {
            prop_assert_eq!(&before.tables, &after.tables);
        }
    }
}

#[test]
fn every_source_round_trips_unfiltered() {
    for (source, (name, original)) in SOURCES.iter().enumerate() {
        for redaction in 0..REDACTIONS.len() {
            let loaded = loaded(source, redaction);
            let settings = Settings::default();
            let (before, after) = (Dashboard::unfiltered(original, &settings), Dashboard::unfiltered(&loaded, &settings));
            assert_eq!(before.summary, after.summary, "{name}, redaction {redaction}");
            assert_eq!(original.requests.len(), loaded.requests.len(), "{name}");
            assert_eq!(original.events.len(), loaded.events.len(), "{name}");
            assert_eq!(original.prices_label, loaded.prices_label, "{name}: the costs' table is named");
        }
    }
}

/// The demo's people, each exported apart.
fn exports_by_person() -> Vec<(String, Vec<u8>)> {
    exports_of_people(|_| true)
}

/// The demo's people, each exported apart, with the conversations `keeps` keeps (by index).
fn exports_of_people(keeps: impl Fn(usize) -> bool) -> Vec<(String, Vec<u8>)> {
    let demo = &SOURCES[0].1;
    let people = filter_choices(demo).people;
    people
        .into_iter()
        .map(|person| {
            let keep: Vec<bool> = demo.conversations.iter().enumerate().map(|(index, c)| c.person == person && keeps(index)).collect();
            let mut bytes = Vec::new();
            let options = ExportOptions { created_at: CREATED_AT.to_owned(), conversations: Some(keep), ..ExportOptions::default() };
            write_export(demo, &options, &mut bytes).expect("writes");
            (person, bytes)
        })
        .collect()
}

#[test]
fn exports_of_several_people_merge_into_a_team_in_any_order_and_a_repeat_changes_nothing() {
    let exports = exports_by_person();
    assert!(exports.len() >= 3);
    let (ana, ben) = (&exports[0], &exports[1]);
    let settings = Settings::default();
    let summary = |dataset: &Dataset| Dashboard::unfiltered(dataset, &settings).summary;
    let alone_a = load(&[("a.json", &ana.1)]);
    let alone_b = load(&[("b.json", &ben.1)]);
    let team = load(&[("a.json", &ana.1), ("b.json", &ben.1)]);
    assert_eq!(filter_choices(&team).people, vec![ana.0.clone(), ben.0.clone()]);
    let (team_summary, a, b) = (summary(&team), summary(&alone_a), summary(&alone_b));
    assert_eq!(team_summary.sessions, a.sessions + b.sessions);
    assert_eq!(team_summary.tokens.total_tokens(), a.tokens.total_tokens() + b.tokens.total_tokens());
    assert!((team_summary.cost_usd - (a.cost_usd + b.cost_usd)).abs() < 1e-9);
    let reversed = load(&[("b.json", &ben.1), ("a.json", &ana.1)]);
    assert_eq!(summary(&reversed), team_summary, "order-independent");
    let repeated = load(&[("a.json", &ana.1), ("b.json", &ben.1), ("a-again.json", &ana.1)]);
    assert_eq!(summary(&repeated), team_summary, "a repeat changes nothing");
    // The whole team's export beside one person's: that person is counted once.
    let whole = export(&SOURCES[0].1, Redaction::default());
    let overlapping = load(&[("a.json", &ana.1), ("team.json", &whole)]);
    assert_eq!(summary(&overlapping), summary(&SOURCES[0].1));
}

#[test]
fn an_export_beside_the_folder_it_came_from_counts_once() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let files = common::read_tree(&folder);
    let from_folder = load(&files.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect::<Vec<_>>());
    let bytes = export(&from_folder, Redaction::default());
    let mut both: Vec<(&str, &[u8])> = vec![("export.json", &bytes)];
    both.extend(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let together = load(&both);
    let settings = Settings::default();
    assert_eq!(Dashboard::unfiltered(&together, &settings).summary, Dashboard::unfiltered(&from_folder, &settings).summary);
    assert_eq!(together.requests.len(), from_folder.requests.len());
}

#[test]
fn a_gzip_export_loads_as_the_plain_one() {
    let bytes = export(&SOURCES[0].1, Redaction::default());
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&bytes).expect("compresses");
    let compressed = encoder.finish().expect("finishes");
    assert!(compressed.len() * 2 < bytes.len(), "{} of {}", compressed.len(), bytes.len());
    let plain = load(&[("team.json", &bytes)]);
    let unzipped = load(&[("team.json.gz", &compressed)]);
    assert_eq!(plain.events, unzipped.events);
    assert_eq!(plain.requests, unzipped.requests);
}

fn skipped_reason(dataset: &Dataset, path: &str) -> String {
    dataset
        .files
        .iter()
        .find_map(|file| match &file.outcome {
            FileOutcome::Skipped { reason } if file.path == path => Some(reason.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{path} is not listed as skipped: {:?}", dataset.files.iter().map(|f| (&f.path, &f.outcome)).collect::<Vec<_>>()))
}

#[test]
fn a_newer_schema_is_named_and_the_rest_of_the_drop_loads() {
    let bytes = export(&SOURCES[0].1, Redaction::default());
    let newer = String::from_utf8(bytes.clone()).expect("text").replacen("\"schema_version\":3", "\"schema_version\":4", 1);
    let folder = common::read_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"));
    let mut files: Vec<(&str, &[u8])> = vec![("from-the-future.json", newer.as_bytes())];
    files.extend(folder.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let dataset = load(&files);
    let reason = skipped_reason(&dataset, "from-the-future.json");
    assert!(reason.contains("schema version 4") && reason.contains("up to 3"), "{reason}");
    assert!(!dataset.conversations.is_empty(), "the folder still loads");
    assert!(dataset.conversations.iter().all(|c| c.person == "me"), "nothing of the newer export was read");
}

/// A schema 1 export (request rows without their reasoning tokens) still reads: the same
/// requests, with no reasoning.
#[test]
fn a_schema_1_export_reads_with_no_reasoning_tokens() {
    let demo = &SOURCES[0].1;
    assert!(demo.requests.iter().any(|request| request.reasoning_output_tokens > 0), "the demo's Codex sessions reason");
    // The writer puts one row on a line: each request row loses its last element.
    let text = String::from_utf8(export(demo, Redaction::default())).expect("text").replacen("\"schema_version\":3", "\"schema_version\":1", 1);
    let mut in_requests = false;
    let mut popped = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with("\"requests\":[") {
                in_requests = true;
            } else if line.starts_with("\"events\":") {
                in_requests = false;
            }
            // A row holds no arrays: its first `]` closes it.
            match (in_requests, line.find(']')) {
                (true, Some(close)) if line.starts_with('[') => {
                    let comma = line[..close].rfind(',').expect("a row of many elements");
                    assert!(line[comma + 1..close].parse::<u64>().is_ok(), "the last element is the reasoning count: {line}");
                    popped += 1;
                    format!("{}{}", &line[..comma], &line[close..])
                }
                _ => line.to_owned(),
            }
        })
        .collect();
    assert_eq!(popped, demo.requests.len());
    let json = lines.join("\n");
    let old = load(&[("old.json", json.as_bytes())]);
    let now = load(&[("now.json", &export(demo, Redaction::default()))]);
    assert!(now.requests.iter().any(|request| request.reasoning_output_tokens > 0), "schema 2 keeps them");
    assert_eq!(old.requests.len(), now.requests.len());
    for (old, now) in old.requests.iter().zip(&now.requests) {
        assert_eq!(old.reasoning_output_tokens, 0);
        assert_eq!((old.timestamp_ms, old.usage, old.cost_usd), (now.timestamp_ms, now.usage, now.cost_usd));
    }
}

#[test]
fn a_malformed_export_is_named_with_its_line_and_adds_nothing() {
    let bytes = export(&SOURCES[0].1, Redaction::default());
    let text = String::from_utf8(bytes).expect("text");
    // Cut in the middle of the events, and a row with a wrong type.
    let cut = &text[..text.len() / 2];
    let wrong = text.replacen("\"prompt\",1,", "\"prompt\",\"yes\",", 1);
    let fixture = common::read_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"));
    let mut files: Vec<(&str, &[u8])> = vec![("cut.json", cut.as_bytes()), ("wrong.json", wrong.as_bytes())];
    files.extend(fixture.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let dataset = load(&files);
    let cut_reason = skipped_reason(&dataset, "cut.json");
    assert!(cut_reason.starts_with("Session Lens export that could not be read: line ") && cut_reason.contains("column"), "{cut_reason}");
    let wrong_reason = skipped_reason(&dataset, "wrong.json");
    let wrong_line = text[..text.find("\"prompt\",1,").expect("a plan-mode prompt")].matches('\n').count() + 1;
    assert!(wrong_reason.contains(&format!("line {wrong_line},")), "{wrong_reason} (expected line {wrong_line})");
    assert!(dataset.conversations.iter().all(|c| c.person == "me"), "neither export added anything");
    assert!(!dataset.conversations.is_empty(), "the folder still loads");
}

#[test]
fn without_include_text_no_prompt_command_or_detail_text_is_written() {
    let demo = &SOURCES[0].1;
    // A prompt that is not also a conversation's title (titles are exported).
    let is_title = |text: &str| demo.conversations.iter().any(|c| c.title.as_deref() == Some(text));
    let prompt = demo
        .events
        .iter()
        .find_map(|event| match &event.kind {
            session_lens::model::EventKind::HumanPrompt { preview, .. } if preview.len() > 20 && !is_title(preview) => Some(preview.clone()),
            _ => None,
        })
        .expect("a prompt");
    let quiet = String::from_utf8(export(demo, Redaction::default())).expect("text");
    let chatty = String::from_utf8(export(demo, Redaction { include_text: true, hash_paths: false })).expect("text");
    let json_text = |text: &str| serde_json::to_string(text).expect("json");
    assert!(!quiet.contains(&json_text(&prompt)), "a prompt's text is in the export");
    assert!(chatty.contains(&json_text(&prompt)), "--include-text writes prompts");
    // The demo commits with a message; only `git commit` is kept without the text.
    assert!(!quiet.contains("Apply the requested change") && chatty.contains("Apply the requested change"));
    assert!(quiet.contains("\"git add; git commit\""));
}

#[test]
fn hashed_paths_hide_names_and_keep_extensions() {
    let demo = &SOURCES[0].1;
    let hashed = String::from_utf8(export(demo, Redaction { include_text: false, hash_paths: true })).expect("text");
    for name in ["/home/alice", "data-pipeline", "transform.py", "-home-alice-code"] {
        assert!(!hashed.contains(name), "{name} is in an export with hashed paths");
    }
    assert!(hashed.contains(".py\"") && hashed.contains(".rs\""), "extensions are kept");
    let loaded = load(&[("hashed.json", hashed.as_bytes())]);
    let projects = filter_choices(&loaded).projects;
    assert_eq!(projects.len(), filter_choices(demo).projects.len());
    assert!(projects.contains(&hashed_path("data-pipeline")));
}

/// Every sixth conversation of the demo, exported by person, made once (small, so that
/// many mixes run quickly).
const SAMPLE_EVERY: usize = 6;
static PERSON_EXPORTS: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| exports_of_people(|index| index % SAMPLE_EVERY == 0));

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Any choice of people's exports, each any number of times, in any order, loads as
    /// the data of those people: merging is order-independent and idempotent.
    #[test]
    fn any_mix_of_exports_loads_as_the_union_of_their_people(
        picks in proptest::collection::vec(0..5usize, 1..7),
        seed in any::<u64>(),
    ) {
        let exports = &*PERSON_EXPORTS;
        let mut order: Vec<usize> = picks.iter().map(|pick| pick % exports.len()).collect();
        // A shuffle driven by the seed (Fisher–Yates over a simple generator).
        let mut state = seed | 1;
        for index in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(index, (state % (index as u64 + 1)) as usize);
        }
        let files: Vec<(String, &[u8])> = order.iter().enumerate().map(|(n, pick)| (format!("{n}.json"), exports[*pick].1.as_slice())).collect();
        let loaded = load(&files.iter().map(|(path, bytes)| (path.as_str(), *bytes)).collect::<Vec<_>>());
        let chosen: std::collections::BTreeSet<&str> = order.iter().map(|pick| exports[*pick].0.as_str()).collect();
        let demo = &SOURCES[0].1;
        let keep: Vec<bool> = demo.conversations.iter().enumerate().map(|(index, c)| index % SAMPLE_EVERY == 0 && chosen.contains(c.person.as_str())).collect();
        let mut bytes = Vec::new();
        write_export(demo, &ExportOptions { created_at: CREATED_AT.to_owned(), conversations: Some(keep), ..ExportOptions::default() }, &mut bytes).expect("writes");
        let union = load(&[("union.json", &bytes)]);
        let settings = Settings::default();
        prop_assert_eq!(filter_choices(&loaded).people, chosen.iter().map(|p| p.to_string()).collect::<Vec<_>>());
        let (a, b) = (Dashboard::unfiltered(&loaded, &settings).summary, Dashboard::unfiltered(&union, &settings).summary);
        prop_assert_eq!(a.sessions, b.sessions);
        prop_assert_eq!(a.tokens, b.tokens);
        prop_assert_eq!(a.active_time_ms, b.active_time_ms);
        prop_assert_eq!(a.tools, b.tools);
        prop_assert_eq!(a.code, b.code);
        prop_assert!((a.cost_usd - b.cost_usd).abs() <= 1e-9 * b.cost_usd.max(1.0), "{} vs {}", a.cost_usd, b.cost_usd);
    }
}

/// An export's numbers are not trusted: absurd values stop it with the line they are on.
#[test]
fn absurd_numbers_in_an_export_are_refused_with_their_line() {
    let text = String::from_utf8(export(&SOURCES[0].1, Redaction::default())).expect("text");
    let first_request = text.find("\n[0,").expect("a request row") + 1;
    let row_end = first_request + text[first_request..].find(']').expect("row end");
    let row = &text[first_request..=row_end];
    let fields: Vec<&str> = row.trim_matches(|c| c == '[' || c == ']').split(',').collect();
    let line = text[..first_request].matches('\n').count() + 1;
    for (index, value, why) in [(8, "1e308", "cost"), (8, "-1000", "cost"), (3, "18446744073709551615", "token"), (1, "253402300800000", "time")] {
        let mut changed = fields.clone();
        changed[index] = value;
        let tampered = text.replacen(row, &format!("[{}]", changed.join(",")), 1);
        let dataset = load(&[("tampered.json", tampered.as_bytes())]);
        let reason = skipped_reason(&dataset, "tampered.json");
        assert!(reason.contains(&format!("line {line},")) && reason.contains(why), "{value}: {reason}");
        assert!(dataset.requests.is_empty(), "nothing of it was read");
    }
}

#[test]
fn the_load_report_counts_an_export_as_one_file_holding_others() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let from_folder = common::ingest_tree(&folder, "me");
    let bytes = export(&from_folder, Redaction::default());
    let report = session_lens::viewmodel::load_report::load_report(&load(&[("sample.json", &bytes)]));
    assert_eq!((report.files_read, report.imports, report.imported_files), (1, 1, from_folder.files.len()));
    assert_eq!(report.bytes_read, bytes.len() as u64);
    assert!(report.skipped_files.is_empty() && report.failed_imports.is_empty());
}

/// Every failed call's error text, in the order of the dataset's events.
fn error_texts(dataset: &Dataset) -> Vec<String> {
    let mut texts: Vec<String> = dataset
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            session_lens::model::EventKind::ToolResult { error: Some(error), .. } => Some(dataset.texts.get(error.text()).to_owned()),
            _ => None,
        })
        .collect();
    texts.sort_unstable();
    texts
}

/// A failed call's error text is read from each agent's transcripts and travels in an
/// export only with the text (`include_text`), equal to what was read.
#[test]
fn a_failed_call_s_error_text_travels_only_with_the_text() {
    let mut sets_with_errors = 0;
    for (source, (name, dataset)) in SOURCES.iter().enumerate() {
        let read = error_texts(dataset);
        sets_with_errors += usize::from(!read.is_empty());
        for (redaction, options) in REDACTIONS.iter().enumerate() {
            let back = error_texts(&loaded(source, redaction));
            if options.include_text {
                assert_eq!(back, read, "{name}: the error texts read back");
            } else {
                assert!(back.is_empty(), "{name}: an export without text holds error text");
            }
        }
    }
    for agent in session_lens::model::Agent::ALL {
        let texts: usize = SOURCES
            .iter()
            .flat_map(|(_, dataset)| {
                dataset.events.iter().filter(move |event| {
                    dataset.conversation(event.conversation).agent == agent
                        && matches!(&event.kind, session_lens::model::EventKind::ToolResult { error: Some(_), .. })
                })
            })
            .count();
        assert!(texts > 0, "{}: no failed call with its text", agent.label());
    }
    let demo = error_texts(&SOURCES[0].1);
    assert!(demo.iter().any(|text| text.starts_with("File does not exist:")), "the demo's failed reads say why: {:?}", demo.first());
    assert!(sets_with_errors >= 3, "failed calls with text in {sets_with_errors} sets");
}

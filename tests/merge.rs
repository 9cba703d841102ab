//! Several workers, one dataset: files split by project folder, ingested apart and
//! merged, give the same figures as one ingest of everything.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use session_lens::ingest::ingest_files;
use session_lens::ingest::partition::partition;
use session_lens::metrics::Settings;
use std::collections::BTreeMap;

use session_lens::model::{Dataset, EventKind};
use session_lens::pricing::PriceTable;
use session_lens::viewmodel::dashboard::Dashboard;

/// How often each model, tool and tool target appears, by text (the parts' text ids
/// are renumbered by the merge).
fn named_counts(dataset: &Dataset) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let mut count = |name: String| *counts.entry(name).or_insert(0) += 1;
    for request in &dataset.requests {
        count(format!("model {}", dataset.text(request.model)));
    }
    for event in &dataset.events {
        if let EventKind::ToolCall { tool, target, .. } = &event.kind {
            count(format!("tool {}", dataset.text(*tool)));
            count(format!("target {}", target.map_or("", |target| dataset.text(target.text()))));
        }
    }
    counts
}

fn assert_same_summary(a: &Dataset, b: &Dataset) {
    assert_eq!(named_counts(a), named_counts(b));
    let settings = Settings::default();
    let (a, b) = (Dashboard::unfiltered(a, &settings).summary.to_json(), Dashboard::unfiltered(b, &settings).summary.to_json());
    for (name, value) in a.as_object().expect("object") {
        match (value.as_f64(), b[name].as_f64()) {
            (Some(x), Some(y)) => assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0), "{name}: {x} vs {y}"),
            (x, y) => assert_eq!(x, y, "{name}"),
        }
    }
}

/// The files split as the page splits them over `parts` workers, each part ingested.
fn split_ingest(files: &[(String, String, Vec<u8>)], parts: usize) -> Vec<Dataset> {
    let sized: Vec<(&str, u64)> = files.iter().map(|(path, _, bytes)| (path.as_str(), bytes.len() as u64)).collect();
    partition(&sized, parts)
        .into_iter()
        .map(|indexes| {
            ingest_files(
                indexes.iter().map(|i| (files[*i].0.as_str(), files[*i].1.as_str(), files[*i].2.as_slice())),
                PriceTable::embedded(),
            )
        })
        .collect()
}

fn split_ingest_merge(files: &[(String, String, Vec<u8>)], parts: usize) -> Dataset {
    Dataset::merge(split_ingest(files, parts))
}

/// Every real fixture, labelled "me".
fn real_files() -> Vec<(String, String, Vec<u8>)> {
    common::read_tree(&common::fixture("real")).into_iter().map(|(path, bytes)| (path, String::from("me"), bytes)).collect()
}

#[test]
fn demo_split_over_workers_matches_one_ingest() {
    let files: Vec<(String, String, Vec<u8>)> = session_lens::demo::generate(session_lens::demo::DEMO_SEED)
        .into_iter()
        .map(|file| (file.path, file.person, file.text.into_bytes()))
        .collect();
    let whole = ingest_files(files.iter().map(|(p, n, b)| (p.as_str(), n.as_str(), b.as_slice())), PriceTable::embedded());
    for parts in [2, 3, 8] {
        let merged = split_ingest_merge(&files, parts);
        assert_eq!(merged.conversations.len(), whole.conversations.len());
        assert_eq!(merged.requests.len(), whole.requests.len());
        assert_same_summary(&merged, &whole);
    }
}

#[test]
fn real_fixtures_split_over_workers_match_one_ingest() {
    let files = real_files();
    let whole = ingest_files(files.iter().map(|(p, n, b)| (p.as_str(), n.as_str(), b.as_slice())), PriceTable::embedded());
    let merged = split_ingest_merge(&files, 2);
    assert_same_summary(&merged, &whole);
    assert_eq!(merged.diagnostics.counts, whole.diagnostics.counts);
    assert_eq!(merged.files.len(), whole.files.len());
}

/// A project copied under a folder of another name goes to another worker; the merge
/// drops the copy's lines and requests by their keys, so the page counts it once, as one
/// ingest of everything does (which dedupes the copy as it reads it).
#[test]
fn a_project_copied_under_another_folder_name_counts_once_across_workers() {
    let sample = common::read_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"));
    let copy = |folder: &str| -> Vec<(String, String, Vec<u8>)> {
        sample
            .iter()
            .map(|(path, bytes)| {
                let name = std::path::Path::new(path).file_name().and_then(|n| n.to_str()).expect("name");
                (format!("projects/{folder}/{name}"), String::from("me"), bytes.clone())
            })
            .collect()
    };
    let once = copy("original");
    let twice: Vec<_> = once.iter().cloned().chain(copy("renamed-copy")).collect();
    let single = ingest_files(once.iter().map(|(p, n, b)| (p.as_str(), n.as_str(), b.as_slice())), PriceTable::embedded());
    let merged = split_ingest_merge(&twice, 2);
    assert_eq!(merged.requests.len(), single.requests.len());
    assert_eq!(merged.events.len(), single.events.len());
    assert_eq!(merged.conversations.len(), single.conversations.len());
    assert_same_summary(&merged, &single);
}

/// Parts merged in any order give the same figures; a part merged twice changes nothing.
#[test]
fn merging_is_order_independent_and_idempotent() {
    let parts = split_ingest(&real_files(), 3);
    assert_eq!(parts.len(), 3);
    let reference = Dataset::merge(parts.clone());
    for order in [[2, 1, 0], [1, 0, 2], [0, 2, 1]] {
        let mut merger = session_lens::model::DatasetMerger::with_capacity(Default::default());
        for index in order {
            merger.add(parts[index].clone());
        }
        assert_same_summary(&merger.finish(), &reference);
    }
    let mut repeated = parts.clone();
    repeated.push(parts[1].clone());
    repeated.push(parts[0].clone());
    let again = Dataset::merge(repeated);
    assert_eq!(again.requests.len(), reference.requests.len());
    assert_eq!(again.events.len(), reference.events.len());
    assert_eq!(again.diagnostics.counts, reference.diagnostics.counts, "a file read twice counts its bad lines once");
    assert_same_summary(&again, &reference);
}

/// What kept history will hold (issue 17): each file's own parsed part. Merged in the
/// files' path order, the parts of every real fixture file and of the demo give the
/// figures of one ingest of them all, though a session's files (subagents, forks that
/// replay their parent, continuations) are parsed apart. (In size order, the merge's
/// default, a Codex fork would keep its parent's replayed line and the parent session
/// would vanish; comparing lines only within a project, as the workers' merge does, two
/// synthetic fixtures that reuse line ids under different projects kept both copies.)
#[test]
fn parts_of_single_files_merged_in_path_order_give_one_ingests_figures() {
    let demo: Vec<(String, String, Vec<u8>)> = session_lens::demo::generate(session_lens::demo::DEMO_SEED)
        .into_iter()
        .map(|file| (file.path, file.person, file.text.into_bytes()))
        .collect();
    for mut files in [real_files(), demo] {
        files.sort();
        let whole = ingest_files(files.iter().map(|(p, n, b)| (p.as_str(), n.as_str(), b.as_slice())), PriceTable::embedded());
        let parts: Vec<Dataset> = files.iter().map(|(p, n, b)| ingest_files([(p.as_str(), n.as_str(), b.as_slice())], PriceTable::embedded())).collect();
        let merged = Dataset::merge_in_order(parts);
        assert_same_summary(&merged, &whole);
        assert_eq!(merged.conversations.len(), whole.conversations.len());
        assert_eq!(merged.requests.len(), whole.requests.len());
        assert_eq!(merged.events.len(), whole.events.len());
        assert_eq!(merged.diagnostics.counts, whole.diagnostics.counts);
        assert_eq!(merged.files.len(), whole.files.len());
    }
}

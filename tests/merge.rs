//! One merge for every path: each file's parts, however they arrive, merged in path
//! order with repeats across files counted once.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use session_lens::ingest::read_parts;
use session_lens::metrics::Settings;
use session_lens::transport::{assemble_parts, encode_file, ingest_files, Assembly, KeptFile, MergePart, SourceFile};
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

/// Every real fixture, labelled "me".
fn real_files() -> Vec<(String, String, Vec<u8>)> {
    common::read_tree(&common::fixture("real")).into_iter().map(|(path, bytes)| (path, String::from("me"), bytes)).collect()
}

fn fresh(files: &[(String, String, Vec<u8>)]) -> Dataset {
    ingest_files(files.iter().map(|(p, n, b)| (p.as_str(), n.as_str(), b.as_slice())), PriceTable::embedded())
}

/// Each file's parts encoded, as a worker hands them over or kept history holds them.
fn encoded(files: &[(String, String, Vec<u8>)]) -> Vec<(KeptFile, Vec<u8>)> {
    files
        .iter()
        .map(|(path, person, bytes)| {
            let source = SourceFile { path: path.clone(), size_bytes: bytes.len() as u64, modified_ms: 0 };
            encode_file(source, person, &read_parts(path, person, bytes, 0)).expect("encodes")
        })
        .collect()
}

fn assembled<'a>(files: impl IntoIterator<Item = &'a (KeptFile, Vec<u8>)>) -> Dataset {
    let parts = files.into_iter().map(|(file, bytes)| MergePart { file, bytes: bytes.as_slice(), from_store: false });
    assemble_parts(parts, Assembly::default()).expect("assembles")
}

/// A project copied under a folder of another name (a backup dropped beside the live
/// folder): the merge drops the copy's lines and requests by their keys, so it counts
/// once.
#[test]
fn a_project_copied_under_another_folder_name_counts_once() {
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
    let (single, both) = (fresh(&once), fresh(&twice));
    assert!(single.requests.len() > 50);
    assert_eq!(both.requests.len(), single.requests.len());
    assert_eq!(both.events.len(), single.events.len());
    assert_eq!(both.conversations.len(), single.conversations.len());
    assert_same_summary(&both, &single);
}

/// The files' encoded parts, handed over in any order (workers answer in any order,
/// kept parts come by key), give the figures of the files read in path order.
#[test]
fn parts_given_in_any_order_give_one_answer() {
    let files = real_files();
    let parts = encoded(&files);
    let reference = fresh(&files);
    for rotation in [1, parts.len() / 2, parts.len() - 1] {
        let mut order: Vec<&(KeptFile, Vec<u8>)> = parts.iter().collect();
        order.rotate_left(rotation);
        order.reverse();
        let merged = assembled(order);
        assert_eq!(merged, reference, "rotated by {rotation}");
    }
}

/// A file read twice under two paths (the same export dropped twice, a folder dropped
/// from two places) counts once, its bad lines too.
#[test]
fn a_file_read_twice_counts_once() {
    let files = real_files();
    let mut doubled = files.clone();
    doubled.extend(files.iter().map(|(path, person, bytes)| (format!("again/{path}"), person.clone(), bytes.clone())));
    let (once, twice) = (fresh(&files), fresh(&doubled));
    assert_eq!(twice.requests.len(), once.requests.len());
    assert_eq!(twice.events.len(), once.events.len());
    assert_eq!(twice.diagnostics.counts, once.diagnostics.counts, "a file read twice counts its bad lines once");
    assert_same_summary(&twice, &once);
}

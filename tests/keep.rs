//! Kept history (issue 17), the core's part: drops on several days, each with some files
//! purged by the agent, some grown by appended lines and some new; only new and changed
//! files are read, and what is kept always gives the figures of a fresh load of the
//! latest copy of every file ever dropped.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::collections::BTreeMap;

use proptest::prelude::*;
use session_lens::ingest::read_parts;
use session_lens::keep::{plan_drop, KeptFile, SourceFile};
use session_lens::metrics::Settings;
use session_lens::model::Dataset;
use session_lens::pricing::PriceTable;
use session_lens::transport::{assemble_parts, encode_file, ingest_files, Assembly, MergePart};
use session_lens::viewmodel::dashboard::Dashboard;

/// Kept parts by path, as the page's store holds them.
#[derive(Default)]
struct KeptStore {
    parts: BTreeMap<String, (KeptFile, Vec<u8>)>,
}

impl KeptStore {
    fn sources(&self) -> Vec<SourceFile> {
        self.parts.values().map(|(file, _)| file.source.clone()).collect()
    }

    fn read(&mut self, source: SourceFile, person: &str, bytes: &[u8]) {
        let parts = read_parts(&source.path, person, bytes, source.modified_ms);
        let (file, encoded) = encode_file(source, person, &parts).expect("encodes");
        self.parts.insert(file.source.path.clone(), (file, encoded));
    }

    fn forget(&mut self, path: &str) -> bool {
        self.parts.remove(path).is_some()
    }

    fn dataset(&self) -> Dataset {
        let parts = self.parts.values().map(|(file, bytes)| MergePart { file, bytes: bytes.as_slice(), from_store: true });
        assemble_parts(parts, Assembly::default()).expect("assembles")
    }
}

/// Every real fixture file, as lines (kept with their ends).
fn fixture_lines() -> Vec<(String, Vec<Vec<u8>>)> {
    common::read_tree(&common::fixture("real"))
        .into_iter()
        .map(|(path, bytes)| (path, bytes.split_inclusive(|byte| *byte == b'\n').map(<[u8]>::to_vec).collect()))
        .collect()
}

fn same_figures(kept: &Dataset, fresh: &Dataset) -> Result<(), TestCaseError> {
    let settings = Settings::default();
    let (a, b) = (Dashboard::unfiltered(kept, &settings).summary.to_json(), Dashboard::unfiltered(fresh, &settings).summary.to_json());
    for (name, value) in a.as_object().expect("object") {
        match (value.as_f64(), b[name].as_f64()) {
            (Some(x), Some(y)) => prop_assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0), "{}: kept {} fresh {}", name, x, y),
            (x, y) => prop_assert_eq!(x, y, "{}", name),
        }
    }
    prop_assert_eq!(kept.conversations.len(), fresh.conversations.len());
    prop_assert_eq!(kept.requests.len(), fresh.requests.len());
    prop_assert_eq!(kept.events.len(), fresh.events.len());
    prop_assert_eq!(kept.files.len(), fresh.files.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// `days[d][f]`: on day d, file f is on disk (the `bool`) with the share of its lines
    /// written so far (grown from day to day: the largest share up to that day counts).
    #[test]
    fn kept_parts_equal_a_fresh_load_of_everything_ever_dropped(
        days in proptest::collection::vec(proptest::collection::vec((proptest::bool::weighted(0.7), 1u32..=4), 80), 1..4)
    ) {
        let files = fixture_lines();
        prop_assume!(files.len() <= 80);
        let mut store = KeptStore::default();
        let mut written = vec![0u32; files.len()];
        // The latest copy of every file ever dropped, by path.
        let mut ever: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for day in &days {
            let mut dropped: Vec<(SourceFile, Vec<u8>)> = Vec::new();
            for (index, (path, lines)) in files.iter().enumerate() {
                let (on_disk, share) = day[index];
                written[index] = written[index].max(share);
                if !on_disk {
                    continue;
                }
                let count = (lines.len() * written[index] as usize).div_ceil(4);
                let bytes: Vec<u8> = lines[..count].concat();
                let source = SourceFile { path: path.clone(), size_bytes: bytes.len() as u64, modified_ms: 1_000 * bytes.len() as i64 };
                dropped.push((source, bytes));
            }
            let sources: Vec<SourceFile> = dropped.iter().map(|(source, _)| source.clone()).collect();
            let plan = plan_drop(&store.sources(), &sources);
            // Exactly the new paths and the grown files are read.
            let expected_reads = dropped.iter().filter(|(source, bytes)| ever.get(&source.path) != Some(bytes)).count();
            prop_assert_eq!(plan.read.len(), expected_reads);
            prop_assert_eq!(plan.unchanged + plan.read.len(), dropped.len());
            for index in &plan.read {
                let (source, bytes) = &dropped[*index];
                store.read(source.clone(), "me", bytes);
            }
            for (source, bytes) in dropped {
                ever.insert(source.path, bytes);
            }
            prop_assert_eq!(plan.only_kept, ever.len() - sources.len());
            let fresh = ingest_files(ever.iter().map(|(path, bytes)| (path.as_str(), "me", bytes.as_slice())), PriceTable::embedded());
            same_figures(&store.dataset(), &fresh)?;
        }
    }
}

#[test]
fn a_forgotten_file_leaves_the_dashboard() {
    let files = common::read_tree(&common::fixture("real/claude-code-viewer"));
    let mut store = KeptStore::default();
    for (path, bytes) in &files {
        let source = SourceFile { path: path.clone(), size_bytes: bytes.len() as u64, modified_ms: 0 };
        store.read(source, "me", bytes);
    }
    let all = store.dataset();
    let (gone, _) = files.iter().max_by_key(|(_, bytes)| bytes.len()).expect("a file");
    assert!(store.forget(gone));
    let rest = ingest_files(files.iter().filter(|(path, _)| path != gone).map(|(path, bytes)| (path.as_str(), "me", bytes.as_slice())), PriceTable::embedded());
    let left = store.dataset();
    assert!(left.requests.len() < all.requests.len());
    same_figures(&left, &rest).expect("same figures");
}

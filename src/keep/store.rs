//! The kept parts: for each source file, its description and its parsed part (the
//! dataset of that file alone, encoded as the workers encode theirs). The dataset of
//! everything kept is the parts merged in their paths' order, which gives the figures
//! one ingest of the files gives (`Dataset::merge_in_order`).

use std::collections::BTreeMap;

use super::parts::{merge_parts, KeptFile, PartError};
use super::SourceFile;
use crate::ingest::ingest_files;
use crate::model::wire::{self, WireError};
use crate::model::Dataset;
use crate::pricing::PriceTable;

/// One kept source file.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptPart {
    pub file: KeptFile,
    /// Its dataset, encoded (`model::wire`).
    pub part: Vec<u8>,
}

/// Kept parts by path (one per path: the latest copy read).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeptStore {
    parts: BTreeMap<String, KeptPart>,
}

impl KeptStore {
    pub fn sources(&self) -> Vec<SourceFile> {
        self.parts.values().map(|kept| kept.file.source.clone()).collect()
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Bytes the parts take.
    pub fn part_bytes(&self) -> u64 {
        self.parts.values().map(|kept| kept.part.len() as u64).sum()
    }

    /// Reads one file alone and keeps its part in place of any earlier copy.
    pub fn read(&mut self, source: SourceFile, person: &str, bytes: &[u8], prices: &PriceTable) -> Result<(), WireError> {
        let dataset = ingest_files([(source.path.as_str(), person, bytes)], prices);
        let part = wire::encode(&dataset)?;
        let file = KeptFile::describe(source, person, &dataset, &part);
        self.parts.insert(file.source.path.clone(), KeptPart { file, part });
        Ok(())
    }

    /// Forgets one source file.
    pub fn forget(&mut self, path: &str) -> bool {
        self.parts.remove(path).is_some()
    }

    /// Everything kept as one dataset.
    pub fn dataset(&self) -> Result<Dataset, PartError> {
        merge_parts(self.parts.values().map(|kept| (&kept.file, kept.part.as_slice())))
    }
}

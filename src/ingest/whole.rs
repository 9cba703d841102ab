//! Files whose bytes are all in memory: small files the readers gather whole, and the
//! in-memory files of tests, the demo and the command line. A price table among them
//! is recognised by content; a zip archive among them is opened and its entries read
//! as files.

use super::zip::{is_zip, InMemory};
use super::Ingest;
use crate::model::Dataset;
use crate::pricing::PriceTable;

impl Ingest {
    /// A small file read whole: a price table, a zip archive's entries, or a file read
    /// as its content says. Its parts are taken with [`Ingest::take_parts`].
    pub fn whole_file(&mut self, path: &str, person: &str, bytes: &[u8]) {
        if let Some(table) = PriceTable::recognise(bytes) {
            return self.price_table(path, bytes.len() as u64, table);
        }
        if is_zip(bytes) {
            return self.archive(path, person, &mut InMemory(bytes));
        }
        self.begin_file(path, bytes.len() as u64, person);
        self.feed(bytes);
        self.end_file();
    }
}

/// The parts of one file held in memory (several for a zip archive: one per entry),
/// labelled `person`, with the file's last-modified time on the price tables it holds.
pub fn read_parts(path: &str, person: &str, bytes: &[u8], modified_ms: i64) -> Vec<Dataset> {
    let mut ingest = Ingest::new();
    ingest.whole_file(path, person, bytes);
    let mut parts = ingest.finish();
    stamp_time(&mut parts, modified_ms);
    parts
}

/// Gives the price tables of a file's parts the file's last-modified time (the newest
/// table wins for the models it names).
pub fn stamp_time(parts: &mut [Dataset], modified_ms: i64) {
    for found in parts.iter_mut().flat_map(|part| part.price_tables.iter_mut()) {
        found.modified_ms = modified_ms;
    }
}

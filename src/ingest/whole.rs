//! Files whose bytes are all in memory: small files the readers gather whole, and the
//! in-memory files of tests, the demo and the command line. A zip archive among them is
//! opened and its entries read as files.

use super::zip::{is_zip, InMemory};
use super::Ingest;
use crate::model::Dataset;
use crate::pricing::PriceTable;

impl Ingest {
    /// A small file read whole: a price table (recognised by content) is handed back for
    /// the caller to apply, as are those inside a zip archive (whose entries are read as
    /// files); anything else is ingested as a transcript.
    pub fn whole_file(&mut self, path: &str, person: &str, bytes: &[u8]) -> Vec<PriceTable> {
        match PriceTable::recognise(bytes) {
            Some(table) => vec![table],
            None => self.in_memory(path, person, bytes),
        }
    }

    /// A file read as it is, price table or not: a zip archive's entries (the price
    /// tables among them handed back), or the file itself.
    fn in_memory(&mut self, path: &str, person: &str, bytes: &[u8]) -> Vec<PriceTable> {
        if is_zip(bytes) {
            return self.archive(path, person, &mut InMemory(bytes));
        }
        self.begin_file(path, bytes.len() as u64, person);
        self.feed(bytes);
        self.end_file();
        Vec::new()
    }
}

/// Reads whole in-memory files: for tests, the demo and the command line. (Price tables
/// inside archives are not applied: `prices` prices everything.)
pub fn ingest_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str, &'a [u8])>, prices: &PriceTable) -> Dataset {
    let mut ingest = Ingest::new();
    for (path, person, bytes) in files {
        ingest.in_memory(path, person, bytes);
    }
    ingest.finish(prices)
}

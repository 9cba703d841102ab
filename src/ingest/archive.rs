//! A zip archive's entries into the ingest, each as a file of its own (a part each):
//! small ones read whole (a price table among them is recognised, as among dropped
//! files), larger ones fed a piece at a time. An archive inside an archive is listed,
//! not opened.

use super::zip::{is_zip, read_zip, ArchiveSource, EntrySink};
use super::{Ingest, WHOLE_FILE_MAX_BYTES};
use crate::model::FileSkip;
use crate::pricing::PriceTable;

struct ArchiveIngest<'a> {
    ingest: &'a mut Ingest,
    person: &'a str,
    /// The small entry being gathered whole: its path and bytes.
    whole: Option<(String, Vec<u8>)>,
}

impl EntrySink for ArchiveIngest<'_> {
    fn begin(&mut self, path: &str, size_bytes: u64) {
        if size_bytes <= WHOLE_FILE_MAX_BYTES {
            self.whole = Some((path.to_owned(), Vec::with_capacity(size_bytes as usize)));
        } else {
            self.ingest.begin_file(path, size_bytes, self.person);
        }
    }

    fn piece(&mut self, bytes: &[u8]) {
        match self.whole.as_mut() {
            Some((_, whole)) => whole.extend_from_slice(bytes),
            None => self.ingest.feed(bytes),
        }
    }

    fn end(&mut self) {
        let Some((path, whole)) = self.whole.take() else {
            return self.ingest.end_file();
        };
        if is_zip(&whole) {
            return self.ingest.skip_file(&path, whole.len() as u64, FileSkip::NestedArchive);
        }
        match PriceTable::recognise(&whole) {
            Some(table) => self.ingest.price_table(&path, whole.len() as u64, table),
            None => {
                self.ingest.begin_file(&path, whole.len() as u64, self.person);
                self.ingest.feed(&whole);
                self.ingest.end_file();
            }
        }
    }

    fn skip(&mut self, path: &str, size_bytes: u64, reason: String) {
        self.whole = None;
        self.ingest.skip_file(path, size_bytes, FileSkip::Archive(reason));
    }
}

impl Ingest {
    /// Reads the zip archive at `path` (its first bytes said so): its entries are read
    /// as files named `path/<entry's folders and name>`, labelled `person`.
    pub fn archive(&mut self, path: &str, person: &str, source: &mut impl ArchiveSource) {
        self.end_file();
        let mut sink = ArchiveIngest { ingest: self, person, whole: None };
        read_zip(source, path, &mut sink);
    }
}

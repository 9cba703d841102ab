//! The dataset a load shows: the files' parts read now and the kept parts not read
//! again (`keep::history`), assembled by `transport::assemble_parts` (each copied out of
//! its JavaScript buffer when its turn comes) with the kept person labels.

use js_sys::Uint8Array;

use super::file_parts::ReadPart;
use super::kept_db::StoredPart;
use crate::keep::history::parts_after_drop;
use crate::model::{Dataset, PersonLabels};
use crate::transport::{assemble_parts, Assembly, PartBytes, PartError};

impl PartBytes for &Uint8Array {
    fn bytes<'s>(&'s self, scratch: &'s mut Vec<u8>) -> &'s [u8] {
        scratch.resize(self.length() as usize, 0);
        self.copy_to(scratch);
        scratch
    }
}

/// Merges the parts just read (`read`) and the kept ones (`stored`, each checked against
/// its fingerprint) into the dataset shown.
pub fn assemble(read: &[ReadPart], stored: &[StoredPart], labels: &PersonLabels) -> Result<Dataset, PartError> {
    let read = read.iter().map(ReadPart::as_read_file).collect();
    let parts = parts_after_drop(read, stored.iter().map(|part| (&part.file, &part.bytes)));
    assemble_parts(parts, Assembly { labels, ..Assembly::default() })
}

//! The dataset a load shows: the parts read now and the kept parts not read again,
//! merged by `keep::parts::merge_parts_from` (each copied out of its JavaScript buffer
//! when its turn comes), then repriced with any price table found among the files.

use js_sys::Uint8Array;

use crate::keep::parts::{merge_parts_from, KeptFile, MergePart, PartBytes, PartError};
use crate::model::Dataset;
use crate::pricing::{load_prices, reprice, PriceTable};

impl PartBytes for &Uint8Array {
    fn bytes<'s>(&'s self, scratch: &'s mut Vec<u8>) -> &'s [u8] {
        scratch.resize(self.length() as usize, 0);
        self.copy_to(scratch);
        scratch
    }
}

/// Merges parts just read (`read`) and parts from the store (`stored`, each checked
/// against its fingerprint), given in any order, into one dataset.
pub fn assemble<'a>(
    read: impl IntoIterator<Item = (&'a KeptFile, &'a Uint8Array)>,
    stored: impl IntoIterator<Item = (&'a KeptFile, &'a Uint8Array)>,
    price_tables: Vec<PriceTable>,
) -> Result<Dataset, PartError> {
    let read = read.into_iter().map(|(file, bytes)| MergePart { file, bytes, from_store: false });
    let stored = stored.into_iter().map(|(file, bytes)| MergePart { file, bytes, from_store: true });
    let mut dataset = merge_parts_from(read.chain(stored))?;
    if !price_tables.is_empty() {
        reprice(&mut dataset, &load_prices(price_tables, None));
    }
    Ok(dataset)
}

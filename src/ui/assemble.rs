//! The dataset a load shows: the parts read now and the kept parts not read again,
//! merged in their paths' order (`keep::parts::merge_parts` does the same natively),
//! each decoded straight into the merged lists, then repriced with any price table
//! found among the files.

use js_sys::Uint8Array;

use crate::keep::parts::{add_part, KeptFile, PartError};
use crate::model::{Dataset, DatasetMerger, PartSizes};
use crate::pricing::{load_prices, reprice, PriceTable};

/// Merges parts just read (`read`) and parts from the store (`stored`, each checked
/// against its fingerprint), given in any order, into one dataset.
pub fn assemble<'a>(
    read: impl IntoIterator<Item = (&'a KeptFile, &'a Uint8Array)>,
    stored: impl IntoIterator<Item = (&'a KeptFile, &'a Uint8Array)>,
    price_tables: Vec<PriceTable>,
) -> Result<Dataset, PartError> {
    let read = read.into_iter().map(|(file, part)| (file, part, false));
    let mut parts: Vec<(&KeptFile, &Uint8Array, bool)> = read.chain(stored.into_iter().map(|(file, part)| (file, part, true))).collect();
    parts.sort_by(|a, b| a.0.source.path.cmp(&b.0.source.path));
    let mut merger = DatasetMerger::in_order(PartSizes::sum(parts.iter().map(|(file, _, _)| file.sizes)));
    let mut bytes = Vec::new();
    for (file, part, checked) in parts {
        bytes.resize(part.length() as usize, 0);
        part.copy_to(&mut bytes);
        add_part(&mut merger, file, &bytes, checked)?;
    }
    let mut dataset = merger.finish();
    if !price_tables.is_empty() {
        reprice(&mut dataset, &load_prices(price_tables, None));
    }
    Ok(dataset)
}

//! The dataset shown, made in one place for every path: parts merged in their files'
//! paths' order (`merge`), people shown by their renamed labels, and every request
//! priced by the prices in force (the embedded table, under the price tables found
//! among the files, newest last, under a table the command line names). Nothing a
//! part holds was computed from outside its file, so any order of drops, any mix of
//! kept and fresh parts and a fresh load of the same files give one answer.

use super::merge::DatasetMerger;
use super::part::{MergePart, PartBytes, PartError};
use crate::ingest::{read_parts, Ingest};
use crate::model::{Dataset, PersonLabels};
use crate::pricing::{prices_in_force, reprice, PriceTable};

/// What assembling applies besides the files.
#[derive(Clone, Copy, Debug)]
pub struct Assembly<'a> {
    /// The user's renamed person labels.
    pub labels: &'a PersonLabels,
    /// The prices under every table found among the files (the embedded table).
    pub base_prices: &'a PriceTable,
    /// A table over everything (the command line's `--prices`).
    pub named_prices: Option<&'a PriceTable>,
}

static NO_LABELS: PersonLabels = PersonLabels::NONE;

impl Default for Assembly<'_> {
    fn default() -> Self {
        Assembly { labels: &NO_LABELS, base_prices: PriceTable::embedded(), named_prices: None }
    }
}

impl Assembly<'_> {
    /// Prices every request of a merged dataset by the prices in force.
    pub fn price(&self, dataset: &mut Dataset) {
        let prices = prices_in_force(self.base_prices, &dataset.price_tables, self.named_prices);
        reprice(dataset, &prices);
    }
}

/// The dataset of the files' encoded parts (just read, or from a store), given in any
/// order.
pub fn assemble_parts<'a, B: PartBytes>(parts: impl IntoIterator<Item = MergePart<'a, B>>, assembly: Assembly<'_>) -> Result<Dataset, PartError> {
    let mut dataset = super::part::merge_parts_from(parts, assembly.labels)?;
    assembly.price(&mut dataset);
    Ok(dataset)
}

/// The dataset of decoded parts given in their files' paths' order.
pub fn merge_in_order(parts: impl IntoIterator<Item = Dataset>, assembly: Assembly<'_>) -> Dataset {
    let mut merger = DatasetMerger::default();
    for part in parts {
        merger.add(part);
    }
    let mut dataset = merger.finish(assembly.labels);
    assembly.price(&mut dataset);
    dataset
}

/// The dataset of what an ingest read (its files' parts in the order they were fed),
/// priced with `prices` under the tables among them.
pub fn assemble_ingest(ingest: Ingest, prices: &PriceTable) -> Dataset {
    merge_in_order(ingest.finish(), Assembly { base_prices: prices, ..Assembly::default() })
}

/// A fresh load of whole in-memory files (path, person, bytes), read in their paths'
/// order and priced with `prices` under the tables among them: for tests and the demo.
pub fn ingest_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str, &'a [u8])>, prices: &PriceTable) -> Dataset {
    let mut files: Vec<(&str, &str, &[u8])> = files.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(b.0));
    let parts = files.into_iter().flat_map(|(path, person, bytes)| read_parts(path, person, bytes, 0));
    merge_in_order(parts, Assembly { base_prices: prices, ..Assembly::default() })
}

//! The exports and reports read in a load, merged with the dataset read from lines.

use crate::model::{dedupe_file_reports, Dataset, DatasetMerger, PartSizes};
use crate::pricing::{price_requests, PriceTable};

/// The dataset read from lines, with the exports' and reports' datasets merged in (by
/// their dedupe keys). Their requests keep the costs they came with, unless the user's
/// price table is laid over the embedded one (`pricing::price_requests`). The exports
/// are merged in the order of their first conversation's key, so that the order they
/// were dropped in changes nothing, to the last bit of a sum; a part with no data
/// (lines read from no transcript) only gives its files, and a single part with data is
/// taken as it is, without copying it into a merge.
pub(super) fn merge_imported(read: Dataset, mut imported: Vec<Dataset>, prices: &PriceTable) -> Dataset {
    if imported.is_empty() {
        return read;
    }
    let first_key = |dataset: &Dataset| dataset.conversations.iter().map(|c| c.session_key.clone()).min().unwrap_or_default();
    imported.sort_by_cached_key(first_key);
    let has_data =
        |dataset: &Dataset| !(dataset.conversations.is_empty() && dataset.events.is_empty() && dataset.requests.is_empty() && dataset.commits.is_empty() && dataset.external.is_empty());
    let (mut parts, empty): (Vec<Dataset>, Vec<Dataset>) = std::iter::once(read).chain(imported).partition(has_data);
    let mut merged = match parts.len() {
        0 | 1 => parts.pop().unwrap_or_default(),
        _ => {
            let mut merger = DatasetMerger::with_capacity(PartSizes::sum(parts.iter().map(PartSizes::of)));
            for part in parts {
                merger.add(part);
            }
            merger.finish()
        }
    };
    for part in empty {
        merged.files.extend(part.files);
        merged.diagnostics.absorb(part.diagnostics);
        if merged.prices_label.is_empty() {
            merged.prices_label = part.prices_label;
        }
    }
    dedupe_file_reports(&mut merged.files);
    merged.diagnostics.recount(&merged.files);
    merged.settle_records();
    if prices.has_user_rows() {
        price_requests(&mut merged.requests, &merged.texts, prices);
        merged.prices_label = prices.label();
    }
    merged
}

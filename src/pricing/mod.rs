//! Prices and cost (spec section 5).
//!
//! `table` holds per-token prices (the embedded table or a user's JSON) and finds a
//! model's row; `cost` turns one request's tokens into USD.

mod cost;
mod table;

pub use cost::{request_cost_usd, TIER_THRESHOLD_TOKENS};
pub use table::{ModelPrice, PriceLookup, PriceTable, PriceTableError};

use rustc_hash::FxHashMap;

use crate::model::{Dataset, PriceStatus, Request, TextId, Texts};

/// The prices a load uses, the one rule for the page and the command line: the embedded
/// table, under the price tables found among the dropped files (recognised by content,
/// in the order read), under the table a command line names with `--prices`.
pub fn load_prices(found: impl IntoIterator<Item = PriceTable>, named: Option<PriceTable>) -> PriceTable {
    let dropped = found.into_iter().fold(PriceTable::embedded().clone(), |prices, table| prices.overridden_by(table));
    match named {
        Some(table) => dropped.overridden_by(table),
        None => dropped,
    }
}

/// Sets a request's cost from its model's row (or from the `costUSD` its log carried).
fn price_request(request: &mut Request, lookup: Option<&PriceLookup<'_>>) {
    if let Some(logged_cost_usd) = request.logged_cost_usd {
        request.cost_usd = logged_cost_usd;
        request.price_status = PriceStatus::Logged;
        return;
    }
    match lookup {
        Some(lookup) => {
            request.cost_usd = request_cost_usd(lookup, &request.usage, request.is_fast);
            request.price_status = lookup.status;
        }
        None => {
            request.cost_usd = 0.0;
            request.price_status = PriceStatus::Unpriced;
        }
    }
}

/// Prices requests from the table, looking each model up once (a handful of models;
/// the texts also hold every tool target, so the lookups are kept by model). Requests
/// whose cost came with an export keep it, unless the user's own table is laid over
/// the embedded one: an export reproduces its producer's figures, and a user's table
/// prices everything alike.
pub fn price_requests(requests: &mut [Request], texts: &Texts, prices: &PriceTable) {
    let mut lookups: FxHashMap<TextId, Option<PriceLookup<'_>>> = FxHashMap::default();
    let reprices_imported = prices.has_user_rows();
    for request in requests.iter_mut().filter(|request| reprices_imported || !request.is_cost_imported) {
        let lookup = lookups.entry(request.model).or_insert_with(|| prices.lookup(texts.get(request.model)));
        price_request(request, lookup.as_ref());
    }
}

/// Prices every request of a dataset again, with another table.
pub fn reprice(dataset: &mut Dataset, prices: &PriceTable) {
    price_requests(&mut dataset.requests, &dataset.texts, prices);
    dataset.prices_label = prices.label();
}

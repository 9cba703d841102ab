//! Prices and cost (spec section 5).
//!
//! `table` holds per-token prices (the embedded table or a user's JSON) and finds a
//! model's row; `cost` turns one request's tokens into USD.

mod cost;
mod found;
mod table;

pub use cost::{request_cost_usd, TIER_THRESHOLD_TOKENS};
pub use found::{prices_in_force, FoundPrices};
pub use table::{ModelPrice, PriceLookup, PriceTable, PriceTableError};

use rustc_hash::FxHashMap;

use crate::model::{Dataset, PriceStatus, RecordedCost, Request, TextId, Texts};

/// Sets a request's cost: the `costUSD` its log carried; the cost its export carried,
/// unless `reprices_exported` (the user laid a table of their own over the embedded
/// one); else its model's row (none: unpriced, cost 0).
fn price_request(request: &mut Request, lookup: Option<&PriceLookup<'_>>, reprices_exported: bool) {
    match request.recorded_cost {
        Some(RecordedCost::Logged(cost_usd)) => {
            request.cost_usd = cost_usd;
            request.price_status = PriceStatus::Logged;
            return;
        }
        Some(RecordedCost::Exported { cost_usd, price_status }) if !reprices_exported => {
            request.cost_usd = cost_usd;
            request.price_status = price_status;
            return;
        }
        _ => {}
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

/// Prices every request from the table, looking each model up once (a handful of
/// models; the texts also hold every tool target, so the lookups are kept by model).
/// Requests whose cost came with an export keep it, unless the user's own table is laid
/// over the embedded one: an export reproduces its producer's figures, and a user's
/// table prices everything alike.
pub fn price_requests(requests: &mut [Request], texts: &Texts, prices: &PriceTable) {
    let mut lookups: FxHashMap<TextId, Option<PriceLookup<'_>>> = FxHashMap::default();
    let reprices_exported = prices.has_user_rows();
    for request in requests.iter_mut() {
        let lookup = lookups.entry(request.model).or_insert_with(|| prices.lookup(texts.get(request.model)));
        price_request(request, lookup.as_ref(), reprices_exported);
    }
}

/// Prices every request of a dataset with this table, and names it.
pub fn reprice(dataset: &mut Dataset, prices: &PriceTable) {
    price_requests(&mut dataset.requests, &dataset.texts, prices);
    dataset.prices_label = prices.label();
}

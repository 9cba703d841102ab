//! Prices and cost (spec section 5).
//!
//! `table` holds per-token prices (the embedded table or a user's JSON) and finds a
//! model's row; `cost` turns one request's tokens into USD.

mod cost;
mod table;

pub use cost::{request_cost_usd, TIER_THRESHOLD_TOKENS};
pub use table::{ModelPrice, PriceLookup, PriceTable, PriceTableError};

use crate::model::{Dataset, PriceStatus, Request};

/// Sets a request's cost from the table (or from the `costUSD` its log carried).
pub fn price_request(request: &mut Request, prices: &PriceTable) {
    if let Some(logged_cost_usd) = request.logged_cost_usd {
        request.cost_usd = logged_cost_usd;
        request.price_status = PriceStatus::Logged;
        return;
    }
    match prices.lookup(&request.model) {
        Some(lookup) => {
            request.cost_usd = request_cost_usd(&lookup, &request.usage, request.is_fast);
            request.price_status = lookup.status;
        }
        None => {
            request.cost_usd = 0.0;
            request.price_status = PriceStatus::Unpriced;
        }
    }
}

/// Prices every request of a dataset again, with another table.
pub fn reprice(dataset: &mut Dataset, prices: &PriceTable) {
    for request in &mut dataset.requests {
        price_request(request, prices);
    }
    dataset.prices_label = prices.label();
}

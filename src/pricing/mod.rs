//! Prices and cost (spec section 5).
//!
//! `table` holds per-token prices (the embedded table or a user's JSON) and finds a
//! model's row; `cost` turns one request's tokens into USD.

mod cost;
mod table;

pub use cost::{request_cost_usd, TIER_THRESHOLD_TOKENS};
pub use table::{ModelPrice, PriceLookup, PriceTable, PriceTableError};

//! What a number read from a file may be (spec: never trust a number from a file). A
//! value outside these bounds is no transcript's: the ingest and the export reader turn
//! it away with a diagnostic, so that no sum overflows, no cost is negative or infinite,
//! and no chart spans centuries.

use std::ops::Range;

/// A request reads a few million tokens at most; a billion in one class is not real.
pub const MAX_TOKENS: u64 = 1_000_000_000;

/// One request's cost: finite, not negative, under a million dollars.
pub const MAX_COST_USD: f64 = 1_000_000.0;

/// Lines one edit adds or removes.
pub const MAX_EDIT_LINES: u32 = 10_000_000;

/// 2000-01-01 to 2200-01-01, UTC, in milliseconds.
pub const TIME_RANGE_MS: Range<i64> = 946_684_800_000..7_258_118_400_000;

pub fn is_cost(cost_usd: f64) -> bool {
    cost_usd.is_finite() && (0.0..=MAX_COST_USD).contains(&cost_usd)
}

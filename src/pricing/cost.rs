//! The cost of one request, computed the way ccusage does (docs/pricing.md says where
//! and why that is also the provider's rule, and where it is not).
//!
//! Per token class: the first 200,000 tokens at the base price, the rest at the
//! model's above-200k price when it has one. Missing prices: cache write 5 m =
//! 1.25 × input, cache write 1 h = 2 × input, cache read = 0.1 × input. Fast mode
//! multiplies the whole request.

use super::table::PriceLookup;
use crate::model::TokenUsage;

pub const TIER_THRESHOLD_TOKENS: u64 = 200_000;

fn tiered_usd(tokens: u64, base: f64, above: Option<f64>) -> f64 {
    match above {
        Some(above) if tokens > TIER_THRESHOLD_TOKENS => TIER_THRESHOLD_TOKENS as f64 * base + (tokens - TIER_THRESHOLD_TOKENS) as f64 * above,
        _ => tokens as f64 * base,
    }
}

pub fn request_cost_usd(lookup: &PriceLookup<'_>, usage: &TokenUsage, is_fast: bool) -> f64 {
    let price = lookup.price;
    let cache_write_5m = price.cache_write_5m.unwrap_or(price.input * 1.25);
    let cache_write_1h = price.cache_write_1h.unwrap_or(price.input * 2.0);
    let cache_read = price.cache_read.unwrap_or(price.input * 0.1);
    let cost_usd = tiered_usd(usage.input_tokens, price.input, price.input_above_200k)
        + tiered_usd(usage.output_tokens, price.output, price.output_above_200k)
        + tiered_usd(usage.cache_write_5m_tokens, cache_write_5m, price.cache_write_5m_above_200k)
        + tiered_usd(usage.cache_write_1h_tokens, cache_write_1h, price.input_above_200k.map(|input| input * 2.0))
        + tiered_usd(usage.cache_read_tokens, cache_read, price.cache_read_above_200k);
    if is_fast {
        cost_usd * lookup.fast_multiplier
    } else {
        cost_usd
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PriceStatus;
    use crate::pricing::ModelPrice;

    fn sonnet_4() -> ModelPrice {
        ModelPrice {
            input: 3e-6,
            output: 15e-6,
            cache_write_5m: Some(3.75e-6),
            cache_read: Some(0.3e-6),
            input_above_200k: Some(6e-6),
            output_above_200k: Some(22.5e-6),
            cache_write_5m_above_200k: Some(7.5e-6),
            cache_read_above_200k: Some(0.6e-6),
            ..ModelPrice::default()
        }
    }

    fn lookup(price: &ModelPrice, fast_multiplier: f64) -> PriceLookup<'_> {
        PriceLookup { price, status: PriceStatus::Exact, fast_multiplier }
    }

    #[test]
    fn each_class_at_its_price() {
        let price = sonnet_4();
        let usage =
            TokenUsage { input_tokens: 1_000, output_tokens: 2_000, cache_write_5m_tokens: 10_000, cache_write_1h_tokens: 1_000, cache_read_tokens: 100_000 };
        // 0.003 + 0.030 + 0.0375 + 0.006 (1 h = 2 × input) + 0.03
        let cost = request_cost_usd(&lookup(&price, 1.0), &usage, false);
        assert!((cost - 0.1065).abs() < 1e-12, "{cost}");
    }

    #[test]
    fn tier_applies_per_class_above_200k() {
        let price = sonnet_4();
        let usage = TokenUsage { cache_read_tokens: 300_000, input_tokens: 10, ..TokenUsage::default() };
        // 200k × 0.3e-6 + 100k × 0.6e-6 + 10 × 3e-6
        let cost = request_cost_usd(&lookup(&price, 1.0), &usage, false);
        assert!((cost - (0.06 + 0.06 + 0.00003)).abs() < 1e-12, "{cost}");
    }

    #[test]
    fn fast_mode_multiplies_the_request() {
        let price = sonnet_4();
        let usage = TokenUsage { output_tokens: 1_000, ..TokenUsage::default() };
        let slow = request_cost_usd(&lookup(&price, 6.0), &usage, false);
        let fast = request_cost_usd(&lookup(&price, 6.0), &usage, true);
        assert!((fast - 6.0 * slow).abs() < 1e-12);
    }

    #[test]
    fn missing_cache_prices_are_derived_from_input() {
        let price = ModelPrice { input: 1e-6, output: 2e-6, ..ModelPrice::default() };
        let usage = TokenUsage { cache_write_5m_tokens: 1_000_000, cache_read_tokens: 1_000_000, ..TokenUsage::default() };
        let cost = request_cost_usd(&lookup(&price, 1.0), &usage, false);
        assert!((cost - (1.25 + 0.1)).abs() < 1e-9, "{cost}");
    }
}

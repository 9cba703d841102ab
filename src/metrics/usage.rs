//! Tokens and cost (spec section 4: "tokens", "cost (USD)").

use crate::model::{Request, TokenUsage};

/// Tokens of every class over the requests.
pub fn token_totals<'a>(requests: impl IntoIterator<Item = &'a Request>) -> TokenUsage {
    let mut totals = TokenUsage::default();
    for request in requests {
        totals.add(&request.usage);
    }
    totals
}

/// Sum of the requests' costs in USD, in request order.
pub fn cost_usd<'a>(requests: impl IntoIterator<Item = &'a Request>) -> f64 {
    requests.into_iter().fold(0.0, |total, request| total + request.cost_usd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConversationId, PriceStatus, TextId};

    fn request(input_tokens: u64, output_tokens: u64, cost_usd: f64) -> Request {
        Request {
            timestamp_ms: 0,
            conversation: ConversationId(0),
            model: TextId(0),
            usage: TokenUsage { input_tokens, output_tokens, ..TokenUsage::default() },
            reasoning_output_tokens: 0,
            is_fast: false,
            is_sidechain: false,
            recorded_cost: None,
            cost_usd,
            price_status: PriceStatus::Exact,
            keys: crate::model::RequestKey::NONE,
        }
    }

    #[test]
    fn totals_add_every_class() {
        let requests = [request(3, 10, 0.5), request(2, 5, 0.25)];
        let totals = token_totals(&requests);
        assert_eq!((totals.input_tokens, totals.output_tokens, totals.total_tokens()), (5, 15, 20));
        assert_eq!(cost_usd(&requests), 0.75);
    }
}

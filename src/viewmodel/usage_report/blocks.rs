//! Billing blocks: the 5-hour windows a Claude plan's usage limits count in, as ccusage's
//! `blocks` report draws them. A block starts at the hour (UTC) of its first request and
//! ends a block length later; a request more than a block length after the block's start
//! or after the previous request starts a new block, and a pause longer than a block
//! length leaves a gap block between them (from a block length after the last request to
//! the next request). A block is active while now is within a block length of its last
//! request and before its end.

use super::{model_name, ModelSum, UsageSum};
use crate::model::{Agent, Dataset, Request};

/// ccusage's block length: five hours.
pub const BLOCK_MS: i64 = 5 * 3_600_000;

const HOUR_MS: i64 = 3_600_000;
const MINUTE_MS: f64 = 60_000.0;

/// One block, or a gap between blocks (`is_gap`, with no requests).
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub start_ms: i64,
    pub end_ms: i64,
    /// Its last request; none for a gap.
    pub last_request_ms: Option<i64>,
    pub first_request_ms: Option<i64>,
    pub is_gap: bool,
    pub is_active: bool,
    pub sum: UsageSum,
    /// Its models with their share, in the order first used.
    pub models: Vec<ModelSum>,
}

/// How fast an active block spends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BurnRate {
    /// Every token class per minute, first to last request.
    pub tokens_per_minute: f64,
    /// Input and output tokens per minute (what ccusage's indicator shows).
    pub input_output_tokens_per_minute: f64,
    pub cost_per_hour_usd: f64,
}

/// Where an active block ends if it goes on at its burn rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    pub total_tokens: u64,
    /// Rounded to cents, as ccusage does.
    pub total_cost_usd: f64,
    pub remaining_minutes: i64,
}

/// The requests a `blocks` report is of: `agent`'s, or with none chosen Claude Code's (a
/// plan's windows are its provider's: ccusage's blocks are Claude Code's too).
pub fn block_requests<'a>(dataset: &Dataset, requests: impl IntoIterator<Item = &'a Request>, agent: Option<Agent>) -> Vec<&'a Request> {
    let agent = agent.unwrap_or(Agent::ClaudeCode);
    requests.into_iter().filter(|request| dataset.conversation(request.conversation).agent == agent).collect()
}

/// The blocks of `requests` (any order), with `block_ms` as the block length and
/// `now_ms` deciding which is active.
pub fn billing_blocks<'a>(dataset: &'a Dataset, requests: impl IntoIterator<Item = &'a Request>, block_ms: i64, now_ms: i64) -> Vec<Block> {
    let mut requests: Vec<&Request> = requests.into_iter().collect();
    requests.sort_by_key(|request| request.timestamp_ms);
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for request in requests {
        let time_ms = request.timestamp_ms;
        if let Some(block) = current.take() {
            let last_ms = block.last_request_ms.unwrap_or(block.start_ms);
            if time_ms - block.start_ms > block_ms || time_ms - last_ms > block_ms {
                blocks.push(closed(block, block_ms, now_ms));
                if time_ms - last_ms > block_ms {
                    blocks.push(gap(last_ms + block_ms, time_ms));
                }
            } else {
                current = Some(block);
            }
        }
        let block = current.get_or_insert_with(|| opened(time_ms, block_ms));
        block.sum.add(request);
        block.first_request_ms.get_or_insert(time_ms);
        block.last_request_ms = Some(time_ms);
        let model = model_name(dataset, request);
        match block.models.iter_mut().find(|each| each.model == model) {
            Some(each) => each.sum.add(request),
            None => {
                let mut sum = UsageSum::default();
                sum.add(request);
                block.models.push(ModelSum { model: model.into_owned(), sum });
            }
        }
    }
    if let Some(block) = current {
        blocks.push(closed(block, block_ms, now_ms));
    }
    blocks
}

fn opened(first_ms: i64, block_ms: i64) -> Block {
    let start_ms = first_ms.div_euclid(HOUR_MS) * HOUR_MS;
    Block {
        start_ms,
        end_ms: start_ms + block_ms,
        last_request_ms: None,
        first_request_ms: None,
        is_gap: false,
        is_active: false,
        sum: UsageSum::default(),
        models: Vec::new(),
    }
}

fn closed(mut block: Block, block_ms: i64, now_ms: i64) -> Block {
    let last_ms = block.last_request_ms.unwrap_or(block.start_ms);
    block.is_active = now_ms - last_ms < block_ms && now_ms < block.end_ms;
    block
}

fn gap(start_ms: i64, end_ms: i64) -> Block {
    Block { start_ms, end_ms, last_request_ms: None, first_request_ms: None, is_gap: true, is_active: false, sum: UsageSum::default(), models: Vec::new() }
}

impl Block {
    /// Its models' names, in the order first used.
    pub fn model_names(&self) -> Vec<&str> {
        self.models.iter().map(|model| model.model.as_str()).collect()
    }

    /// "gap of 16 h", "active, 2 h 10 m left", or its length to its last request: what a
    /// table says of it (the page's and the command line's).
    pub fn status(&self, now_ms: i64) -> String {
        if self.is_gap {
            return format!("gap of {} h", (self.end_ms - self.start_ms + 1_800_000) / 3_600_000);
        }
        if self.is_active {
            return format!("active, {} left", crate::viewmodel::format::duration((self.end_ms - now_ms).max(0)));
        }
        crate::viewmodel::format::duration(self.last_request_ms.unwrap_or(self.start_ms) - self.start_ms)
    }

    /// Its burn rate, first to last request; none for a gap or a single moment.
    pub fn burn_rate(&self) -> Option<BurnRate> {
        let (first_ms, last_ms) = (self.first_request_ms?, self.last_request_ms?);
        let minutes = (last_ms - first_ms) as f64 / MINUTE_MS;
        if self.is_gap || minutes <= 0.0 {
            return None;
        }
        let usage = &self.sum.usage;
        Some(BurnRate {
            tokens_per_minute: usage.total_tokens() as f64 / minutes,
            input_output_tokens_per_minute: usage.input_tokens.saturating_add(usage.output_tokens) as f64 / minutes,
            cost_per_hour_usd: self.sum.cost_usd / minutes * 60.0,
        })
    }

    /// For an active block, its total at its end if it goes on at its burn rate.
    pub fn projection(&self, now_ms: i64) -> Option<Projection> {
        if !self.is_active {
            return None;
        }
        let rate = self.burn_rate()?;
        let remaining_minutes = (((self.end_ms - now_ms) as f64 / MINUTE_MS).max(0.0)).round();
        let total_tokens = (self.sum.usage.total_tokens() as f64 + rate.tokens_per_minute * remaining_minutes).round();
        let total_cost_usd = ((self.sum.cost_usd + rate.cost_per_hour_usd / 60.0 * remaining_minutes) * 100.0).round() / 100.0;
        Some(Projection { total_tokens: total_tokens as u64, total_cost_usd, remaining_minutes: remaining_minutes as i64 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConversationId, Dataset, Interner, RequestKey, TokenUsage};

    const T0: i64 = 1_767_952_800_000; // 2026-01-09T10:00:00Z

    fn dataset_with(times_min: &[i64]) -> Dataset {
        let mut texts = Interner::default();
        let model = texts.intern("m");
        let mut dataset = Dataset { texts: texts.into_texts(), ..Dataset::default() };
        dataset.requests = times_min
            .iter()
            .map(|minutes| {
                let usage = TokenUsage { input_tokens: 10, output_tokens: 5, ..TokenUsage::default() };
                let mut request = Request::read(T0 + minutes * 60_000, ConversationId(0), model, usage, false, RequestKey::NONE);
                request.cost_usd = 1.0;
                request
            })
            .collect();
        dataset
    }

    #[test]
    fn blocks_start_at_the_hour_and_a_long_pause_leaves_a_gap() {
        // 10:30, 11:00, then 14:59 (within five hours of 10:00 but 3 h 59 after 11:00),
        // 15:01 (past the block's end: a new block from 15:00), then 21:00 (a pause of
        // more than five hours: a gap from 20:01 to 21:00).
        let dataset = dataset_with(&[30, 60, 299, 301, 660]);
        let blocks = billing_blocks(&dataset, &dataset.requests, BLOCK_MS, T0 + 100 * 3_600_000);
        let shape: Vec<(i64, i64, bool, u64)> =
            blocks.iter().map(|block| ((block.start_ms - T0) / 60_000, (block.end_ms - T0) / 60_000, block.is_gap, block.sum.requests)).collect();
        assert_eq!(shape, [(0, 300, false, 3), (300, 600, false, 1), (601, 660, true, 0), (660, 960, false, 1)]);
        assert!(blocks.iter().all(|block| !block.is_active));
    }

    #[test]
    fn only_a_recent_block_is_active_with_its_rate_and_projection() {
        let dataset = dataset_with(&[0, 30, 60]);
        let now_ms = T0 + 120 * 60_000;
        let blocks = billing_blocks(&dataset, &dataset.requests, BLOCK_MS, now_ms);
        assert_eq!(blocks.len(), 1);
        let block = &blocks[0];
        assert!(block.is_active);
        let rate = block.burn_rate().expect("rate");
        assert_eq!(rate.tokens_per_minute, 45.0 / 60.0);
        assert_eq!(rate.cost_per_hour_usd, 3.0);
        let projection = block.projection(now_ms).expect("projection");
        assert_eq!(projection.remaining_minutes, 180);
        assert_eq!(projection.total_tokens, 45 + 135);
        assert_eq!(projection.total_cost_usd, 12.0);
        // Six hours after its last request it is over.
        let later = billing_blocks(&dataset, &dataset.requests, BLOCK_MS, T0 + 7 * 3_600_000);
        assert!(!later[0].is_active && later[0].projection(T0).is_none());
    }
}

//! Token usage from `token_count` events: the delta each event adds, and the replayed
//! history a forked or spawned rollout starts with.
//!
//! A delta is `last_token_usage`, or without it the difference of two running totals
//! (`total_token_usage`), never a running total itself; an all-zero delta (a rate-limit
//! update, a re-emitted event) adds nothing. `input_tokens` includes the cached part and
//! `output_tokens` the reasoning, so a request's classes are input − cached, cached (a
//! cache read) and output, as ccusage counts them.
//!
//! A child rollout (fork, or subagent with `thread_spawn`) first replays its parent's
//! history, token events included. Three rules keep it from being billed twice:
//! - every request is keyed by (time, model, token counts) (`request_key`), so a replay
//!   that kept the original times is the parent's own request (as ccusage dedupes);
//! - when the parent's rollout is among the files, the child's leading token events
//!   that repeat the parent's sequence of deltas, in order, are replay;
//! - else, a leading run of token events within one second (a replay written at the
//!   moment of the fork) is: ccusage's rule without the parent.
//!
//! The file only records its token events in order (`ReplayLead`): the last two rules
//! are applied once every file is in (`transport::joins`), wherever the parent is.

use super::raw::{RawTokenInfo, RawUsage};
use crate::model::{RequestKey, TokenUsage};

/// The counts a delta is compared by across files.
pub type UsageTuple = [u64; 4];

pub fn tuple(delta: &RawUsage) -> UsageTuple {
    [delta.input_tokens, delta.cached_input_tokens, delta.output_tokens, delta.reasoning_output_tokens]
}

/// Running totals seen so far in one file.
#[derive(Debug, Default)]
pub struct Totals {
    previous: Option<RawUsage>,
}

impl Totals {
    /// The usage a `token_count` event adds, if any.
    pub fn delta(&mut self, info: &RawTokenInfo<'_>) -> Option<RawUsage> {
        // The running total unchanged: a re-emitted event, whatever its last usage says.
        if info.total_token_usage.is_some() && info.total_token_usage == self.previous {
            return None;
        }
        let delta = match (info.last_token_usage, info.total_token_usage) {
            (Some(last), _) => last,
            (None, Some(total)) => {
                let previous = self.previous.unwrap_or_default();
                RawUsage {
                    input_tokens: total.input_tokens.saturating_sub(previous.input_tokens),
                    cached_input_tokens: total.cached_input_tokens.saturating_sub(previous.cached_input_tokens),
                    output_tokens: total.output_tokens.saturating_sub(previous.output_tokens),
                    reasoning_output_tokens: total.reasoning_output_tokens.saturating_sub(previous.reasoning_output_tokens),
                    total_tokens: total.total_tokens.saturating_sub(previous.total_tokens),
                }
            }
            (None, None) => return None,
        };
        if let Some(total) = info.total_token_usage {
            self.previous = Some(total);
        }
        (tuple(&delta) != [0; 4]).then_some(delta)
    }
}

/// A delta as our token classes; an error names a count no request can hold.
pub fn token_usage(delta: &RawUsage) -> Result<TokenUsage, String> {
    let counts = [("input_tokens", delta.input_tokens), ("cached_input_tokens", delta.cached_input_tokens), ("output_tokens", delta.output_tokens)];
    if let Some(named) = super::super::counts::over_limit(&counts) {
        return Err(named);
    }
    let cached = delta.cached_input_tokens.min(delta.input_tokens);
    Ok(TokenUsage { input_tokens: delta.input_tokens - cached, output_tokens: delta.output_tokens, cache_read_tokens: cached, ..TokenUsage::default() })
}

/// The dedupe key of a token event: its time, model and counts.
pub fn request_key(timestamp_ms: i64, model: &str, delta: &RawUsage) -> RequestKey {
    let [input, cached, output, reasoning] = tuple(delta);
    RequestKey::of(&format!("codex {timestamp_ms} {model} {input} {cached} {output} {reasoning}"), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(input: u64, cached: u64, output: u64, reasoning: u64) -> RawUsage {
        RawUsage { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output }
    }

    #[test]
    fn deltas_are_the_last_usage_or_differences_of_totals() {
        let mut totals = Totals::default();
        let first = RawTokenInfo { total_token_usage: Some(usage(1000, 100, 200, 20)), ..RawTokenInfo::default() };
        assert_eq!(totals.delta(&first), Some(usage(1000, 100, 200, 20)));
        let second = RawTokenInfo { total_token_usage: Some(usage(1600, 300, 450, 40)), ..RawTokenInfo::default() };
        assert_eq!(totals.delta(&second).map(|d| tuple(&d)), Some([600, 200, 250, 20]));
        // The same total again (a re-emitted event) adds nothing, even with a last usage.
        assert_eq!(totals.delta(&second), None);
        let re_emitted = RawTokenInfo { last_token_usage: Some(usage(600, 200, 250, 20)), ..second };
        assert_eq!(totals.delta(&re_emitted), None);
        let with_last = RawTokenInfo { total_token_usage: Some(usage(9, 9, 9, 9)), last_token_usage: Some(usage(5, 1, 2, 0)), ..RawTokenInfo::default() };
        assert_eq!(totals.delta(&with_last), Some(usage(5, 1, 2, 0)));
        assert_eq!(totals.delta(&RawTokenInfo::default()), None);
    }

    #[test]
    fn cached_input_is_a_cache_read_and_reasoning_stays_in_output() {
        let counts = token_usage(&usage(1000, 250, 125, 75)).expect("in range");
        assert_eq!((counts.input_tokens, counts.cache_read_tokens, counts.output_tokens), (750, 250, 125));
        assert_eq!(counts.total_tokens(), 1125);
        // More cached than input (a malformed record) never makes input negative.
        assert_eq!(token_usage(&usage(10, 50, 0, 0)).expect("in range").input_tokens, 0);
        assert!(token_usage(&usage(u64::MAX / 2, 0, 0, 0)).is_err());
    }
}

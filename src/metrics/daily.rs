//! Per-day figures in the display time zone ("daily activity, daily cost").

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{Request, TokenUsage};
use crate::timezone::LocalDays;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DailyUsage {
    pub requests: u64,
    pub usage: TokenUsage,
    pub cost_usd: f64,
}

/// Requests, tokens and cost per local day, for the days that have requests.
pub fn daily_usage<'a>(requests: impl IntoIterator<Item = &'a Request>, local_days: &mut LocalDays) -> BTreeMap<NaiveDate, DailyUsage> {
    // Days are looked up in the map only when the day changes from one request to the
    // next (requests come in runs of one conversation's day).
    let mut slots: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut sums: Vec<DailyUsage> = Vec::new();
    let mut current: Option<(NaiveDate, usize)> = None;
    for request in requests {
        let date = local_days.date(request.timestamp_ms);
        let slot = match current {
            Some((current_date, slot)) if current_date == date => slot,
            _ => {
                let slot = *slots.entry(date).or_insert_with(|| {
                    sums.push(DailyUsage::default());
                    sums.len() - 1
                });
                current = Some((date, slot));
                slot
            }
        };
        let day = &mut sums[slot];
        day.requests += 1;
        day.usage.add(&request.usage);
        day.cost_usd += request.cost_usd;
    }
    slots.into_iter().map(|(date, slot)| (date, std::mem::take(&mut sums[slot]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConversationId, PriceStatus, TextId};
    use crate::timezone::{parse_time_zone, Tz};

    fn request_at(timestamp_ms: i64) -> Request {
        Request {
            timestamp_ms,
            conversation: ConversationId(0),
            model: TextId(0),
            usage: TokenUsage { output_tokens: 7, ..TokenUsage::default() },
            reasoning_output_tokens: 0,
            is_fast: false,
            is_sidechain: false,
            recorded_cost: None,
            cost_usd: 1.0,
            price_status: PriceStatus::Exact,
            keys: crate::model::RequestKey::NONE,
        }
    }

    #[test]
    fn requests_fall_on_their_local_day() {
        // 2025-09-03 00:52 UTC and 2025-09-03 12:00 UTC
        let requests = [request_at(1_756_860_755_000), request_at(1_756_900_800_000)];
        let utc = daily_usage(&requests, &mut LocalDays::new(Tz::UTC));
        assert_eq!(utc.len(), 1);
        assert_eq!(utc.values().next().map(|day| day.requests), Some(2));
        let new_york = daily_usage(&requests, &mut LocalDays::new(parse_time_zone("America/New_York").expect("zone")));
        let dates: Vec<String> = new_york.keys().map(ToString::to_string).collect();
        assert_eq!(dates, ["2025-09-02", "2025-09-03"]);
    }
}

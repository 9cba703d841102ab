//! The headline figures (spec section 4), by their `data-metric` names. The page's
//! cards and `session-lens summary --json` are both built from [`Summary`].

use crate::metrics::{activity, usage, Settings};
use crate::model::Dataset;
use crate::sessions::split_sessions;

use super::format;

/// A raw figure value with its unit, as it goes into `data-value`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FigureValue {
    Count(u64),
    Usd(f64),
    DurationMs(i64),
}

impl FigureValue {
    /// The exact number for `data-value` and JSON.
    pub fn raw(&self) -> String {
        match self {
            FigureValue::Count(count) => count.to_string(),
            FigureValue::Usd(amount) => amount.to_string(),
            FigureValue::DurationMs(duration_ms) => duration_ms.to_string(),
        }
    }

    pub fn display(&self) -> String {
        match self {
            FigureValue::Count(count) => format::compact_count(*count),
            FigureValue::Usd(amount) => format::usd(*amount),
            FigureValue::DurationMs(duration_ms) => format::duration(*duration_ms),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            FigureValue::Count(count) => serde_json::Value::from(*count),
            FigureValue::Usd(amount) => serde_json::Value::from(*amount),
            FigureValue::DurationMs(duration_ms) => serde_json::Value::from(*duration_ms),
        }
    }
}

/// One figure on a card.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub metric: &'static str,
    pub label: &'static str,
    pub value: FigureValue,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub sessions: u64,
    pub conversations: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cache_write_tokens: u64,
    pub cache_read_tokens: u64,
    pub total_tokens: u64,
    pub cost_usd: f64,
    pub active_time_ms: i64,
    pub requests: u64,
    pub skipped_lines: u64,
}

impl Summary {
    pub fn compute(dataset: &Dataset, settings: &Settings) -> Summary {
        let sessions = split_sessions(&dataset.events, settings.idle_cutoff_ms);
        let tokens = usage::token_totals(&dataset.requests);
        Summary {
            sessions: sessions.len() as u64,
            conversations: activity::conversation_count(&sessions) as u64,
            input_tokens: tokens.input_tokens,
            output_tokens: tokens.output_tokens,
            cache_write_tokens: tokens.cache_write_tokens(),
            cache_read_tokens: tokens.cache_read_tokens,
            total_tokens: tokens.total_tokens(),
            cost_usd: usage::cost_usd(&dataset.requests),
            active_time_ms: activity::active_time_ms(&sessions),
            requests: dataset.requests.len() as u64,
            skipped_lines: dataset.diagnostics.skipped_lines(),
        }
    }

    /// The headline cards, in page order.
    pub fn headline(&self) -> Vec<Figure> {
        vec![
            figure("sessions", "Sessions", FigureValue::Count(self.sessions)),
            figure("total_tokens", "Total tokens", FigureValue::Count(self.total_tokens)),
            figure("cost_usd", "Cost", FigureValue::Usd(self.cost_usd)),
            figure("active_time_ms", "Active time", FigureValue::DurationMs(self.active_time_ms)),
        ]
    }

    /// The token breakdown and the load's own figures.
    pub fn details(&self) -> Vec<Figure> {
        vec![
            figure("conversations", "Conversations", FigureValue::Count(self.conversations)),
            figure("input_tokens", "Input tokens", FigureValue::Count(self.input_tokens)),
            figure("output_tokens", "Output tokens", FigureValue::Count(self.output_tokens)),
            figure("cache_write_tokens", "Cache write", FigureValue::Count(self.cache_write_tokens)),
            figure("cache_read_tokens", "Cache read", FigureValue::Count(self.cache_read_tokens)),
            figure("skipped_lines", "Skipped lines", FigureValue::Count(self.skipped_lines)),
        ]
    }

    /// Every figure by its `data-metric` name, for `summary --json`.
    pub fn to_json(&self) -> serde_json::Value {
        let figures = self.headline().into_iter().chain(self.details());
        serde_json::Value::Object(figures.map(|figure| (figure.metric.to_owned(), figure.value.to_json())).collect())
    }
}

fn figure(metric: &'static str, label: &'static str, value: FigureValue) -> Figure {
    Figure { metric, label, value }
}

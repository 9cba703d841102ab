//! The figures of spec section 4, by their `data-metric` names. The page's cards and
//! `session-lens summary --json` are both built from [`Summary`].

use crate::metrics::code::CodeStats;
use crate::metrics::conversation::ConversationStats;
use crate::metrics::quality::{Classification, QualityStats};
use crate::metrics::rules::{RuleCounts, INTERRUPTED, REJECTED_CALL};
use crate::metrics::tools::ToolStats;
use crate::model::TokenUsage;

use super::format;

/// A raw figure value with its unit, as it goes into `data-value`. `None` is a rate or
/// ratio with nothing to divide by: JSON `null`, an empty `data-value`, shown as "—".
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FigureValue {
    Count(u64),
    Signed(i64),
    Usd(f64),
    DurationMs(i64),
    /// A share, 0..1.
    Rate(Option<f64>),
    /// A ratio with a unit ("tokens/min"), or money per unit (`is_usd`).
    Ratio {
        value: Option<f64>,
        unit: &'static str,
        is_usd: bool,
    },
}

impl FigureValue {
    pub fn number(&self) -> Option<f64> {
        match *self {
            FigureValue::Count(count) => Some(count as f64),
            FigureValue::Signed(value) => Some(value as f64),
            FigureValue::Usd(amount) => Some(amount),
            FigureValue::DurationMs(duration_ms) => Some(duration_ms as f64),
            FigureValue::Rate(rate) => rate,
            FigureValue::Ratio { value, .. } => value,
        }
    }

    /// The exact number for `data-value` (empty when undefined).
    pub fn raw(&self) -> String {
        match *self {
            FigureValue::Count(count) => count.to_string(),
            FigureValue::Signed(value) => value.to_string(),
            FigureValue::DurationMs(duration_ms) => duration_ms.to_string(),
            _ => self.number().map(|value| value.to_string()).unwrap_or_default(),
        }
    }

    pub fn display(&self) -> String {
        match *self {
            FigureValue::Count(count) => format::compact_count(count),
            FigureValue::Signed(value) if value < 0 => format!("−{}", format::compact_count(value.unsigned_abs())),
            FigureValue::Signed(value) => format!("+{}", format::compact_count(value.unsigned_abs())),
            FigureValue::Usd(amount) => format::usd(amount),
            FigureValue::DurationMs(duration_ms) => format::duration(duration_ms),
            FigureValue::Rate(rate) => rate.map(format::percent).unwrap_or_else(|| String::from("—")),
            FigureValue::Ratio { value: None, .. } => String::from("—"),
            FigureValue::Ratio { value: Some(value), is_usd: true, .. } => format::usd(value),
            FigureValue::Ratio { value: Some(value), unit, .. } => format!("{} {unit}", format::decimal(value)),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match *self {
            FigureValue::Count(count) => serde_json::Value::from(count),
            FigureValue::Signed(value) => serde_json::Value::from(value),
            FigureValue::DurationMs(duration_ms) => serde_json::Value::from(duration_ms),
            _ => self.number().map(serde_json::Value::from).unwrap_or(serde_json::Value::Null),
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

/// A titled group of cards, in page order.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureGroup {
    pub title: &'static str,
    pub figures: Vec<Figure>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub sessions: u64,
    pub conversations: u64,
    pub tokens: TokenUsage,
    pub cost_usd: f64,
    pub active_time_ms: i64,
    pub requests: u64,
    pub code: CodeStats,
    pub tools: ToolStats,
    pub conversation: ConversationStats,
    pub rules: RuleCounts,
    pub quality: QualityStats,
    /// Sessions by class, in `Classification::ALL` order.
    pub classes: [u64; 4],
    /// Sessions by outcome, in `Outcome::ALL` order.
    pub outcomes: [u64; 3],
    pub estimated_loss_usd: f64,
    pub skipped_lines: u64,
}

fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0).then(|| numerator / denominator)
}

impl Summary {
    pub fn tokens_per_minute(&self) -> Option<f64> {
        ratio(self.tokens.total_tokens() as f64, self.active_time_ms as f64 / 60_000.0)
    }

    pub fn lines_per_hour(&self) -> Option<f64> {
        ratio(f64::from(self.code.lines.added), self.active_time_ms as f64 / 3_600_000.0)
    }

    pub fn cost_per_line(&self) -> Option<f64> {
        ratio(self.cost_usd, f64::from(self.code.lines.added))
    }

    /// (interruptions + rejected tool calls) / turns. Corrections of the previous answer
    /// are not detectable from transcripts, so they are not counted.
    pub fn user_intervention_rate(&self) -> Option<f64> {
        ratio((self.rules.count(&INTERRUPTED) + self.rules.count(&REJECTED_CALL)) as f64, self.conversation.turns as f64)
    }

    /// The cards, grouped as on the page.
    pub fn groups(&self) -> Vec<FigureGroup> {
        use FigureValue::{Count, DurationMs, Rate, Ratio, Signed, Usd};
        let per = |value, unit| Ratio { value, unit, is_usd: false };
        vec![
            FigureGroup {
                title: "Overview",
                figures: vec![
                    figure("sessions", "AI sessions", Count(self.sessions)),
                    figure("total_tokens", "Total tokens", Count(self.tokens.total_tokens())),
                    figure("cost_usd", "AI cost", Usd(self.cost_usd)),
                    figure("estimated_loss_usd", "Est. loss from violations", Usd(self.estimated_loss_usd)),
                    figure("active_time_ms", "Active time", DurationMs(self.active_time_ms)),
                ],
            },
            FigureGroup {
                title: "Tokens",
                figures: vec![
                    figure("input_tokens", "Input", Count(self.tokens.input_tokens)),
                    figure("output_tokens", "Output", Count(self.tokens.output_tokens)),
                    figure("cache_write_tokens", "Cache write", Count(self.tokens.cache_write_tokens())),
                    figure("cache_read_tokens", "Cache read", Count(self.tokens.cache_read_tokens)),
                ],
            },
            FigureGroup {
                title: "Productivity",
                figures: vec![
                    figure("tokens_per_minute", "Tokens/min", per(self.tokens_per_minute(), "/min")),
                    figure("lines_per_hour", "Lines/hour", per(self.lines_per_hour(), "/h")),
                    figure("cost_per_line", "Cost/line", Ratio { value: self.cost_per_line(), unit: "", is_usd: true }),
                ],
            },
            FigureGroup {
                title: "Code and tools",
                figures: vec![
                    figure("lines_added", "Lines added", Count(u64::from(self.code.lines.added))),
                    figure("lines_removed", "Lines removed", Count(u64::from(self.code.lines.removed))),
                    figure("code_acceptance_rate", "Acceptance", Rate(self.code.acceptance_rate())),
                    figure("tool_calls", "Tool calls", Count(self.tools.calls)),
                    figure("tool_success_rate", "Tool success", Rate(self.tools.success_rate())),
                    figure("errors", "Errors", Count(self.tools.errors)),
                    figure("error_recovery_rate", "Error recovery", Rate(self.tools.error_recovery_rate())),
                ],
            },
            FigureGroup {
                title: "Quality",
                figures: vec![
                    figure("lines_generated", "Lines generated", Count(self.quality.lines_generated)),
                    figure("lines_accepted", "Lines accepted", Count(self.quality.lines_accepted)),
                    figure("lines_discarded", "Lines discarded", Count(self.quality.lines_discarded)),
                    figure("lines_corrected", "Lines corrected", Count(self.quality.lines_corrected)),
                    figure("slop_ratio", "Slop ratio", Ratio { value: self.quality.slop_ratio(), unit: "", is_usd: false }),
                    figure("test_pass_rate", "Test pass rate", Rate(self.quality.test_pass_rate())),
                    figure("test_runs", "Test runs", Count(self.quality.test_runs)),
                ],
            },
            FigureGroup {
                title: "Conversation",
                figures: vec![
                    figure("conversations", "Conversations", Count(self.conversations)),
                    figure("turns", "Turns", Count(self.conversation.turns)),
                    figure("user_intervention_rate", "User intervention", Rate(self.user_intervention_rate())),
                    figure("net_lines", "Net lines", Signed(self.code.net_lines())),
                    figure("skipped_lines", "Skipped lines", Count(self.skipped_lines)),
                ],
            },
        ]
    }

    /// Every figure by its `data-metric` name, for `summary --json`; then the sessions by
    /// outcome and by class, and the hits of each rule.
    pub fn to_json(&self) -> serde_json::Value {
        let figures = self.groups().into_iter().flat_map(|group| group.figures);
        let mut json: serde_json::Map<String, serde_json::Value> = figures.map(|figure| (figure.metric.to_owned(), figure.value.to_json())).collect();
        let outcomes =
            crate::viewmodel::session_facts::Outcome::ALL.iter().zip(self.outcomes).map(|(outcome, count)| (outcome.label().to_owned(), count.into()));
        json.insert(String::from("outcomes"), serde_json::Value::Object(outcomes.collect()));
        let classes = Classification::ALL.iter().zip(self.classes).map(|(class, count)| (class.code().to_owned(), count.into()));
        json.insert(String::from("classifications"), serde_json::Value::Object(classes.collect()));
        let hits = self.rules.hits().map(|(rule, count)| (rule.name.to_owned(), count.into()));
        json.insert(String::from("rule_hits"), serde_json::Value::Object(hits.collect()));
        serde_json::Value::Object(json)
    }
}

fn figure(metric: &'static str, label: &'static str, value: FigureValue) -> Figure {
    Figure { metric, label, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_ratios_are_null_and_a_dash() {
        let summary = Summary::default();
        let json = summary.to_json();
        assert_eq!(json["tokens_per_minute"], serde_json::Value::Null);
        assert_eq!(json["code_acceptance_rate"], serde_json::Value::Null);
        assert_eq!(json["sessions"], 0);
        assert_eq!(FigureValue::Rate(None).display(), "—");
        assert_eq!(FigureValue::Rate(None).raw(), "");
    }

    #[test]
    fn derived_figures_by_hand() {
        let mut summary = Summary { active_time_ms: 30 * 60_000, cost_usd: 3.0, ..Summary::default() };
        summary.tokens.output_tokens = 6_000;
        summary.code.lines.added = 60;
        summary.conversation.turns = 4;
        summary.rules.hits[crate::metrics::rules::CATALOGUE.iter().position(|rule| rule.name == "interrupted").expect("a rule")] = 1;
        summary.rules.hits[crate::metrics::rules::CATALOGUE.iter().position(|rule| rule.name == "rejected_call").expect("a rule")] = 1;
        assert_eq!(summary.tokens_per_minute(), Some(200.0));
        assert_eq!(summary.lines_per_hour(), Some(120.0));
        assert_eq!(summary.cost_per_line(), Some(0.05));
        assert_eq!(summary.user_intervention_rate(), Some(0.5));
        assert_eq!(summary.groups().iter().map(|g| g.figures.len()).sum::<usize>(), 31);
    }
}

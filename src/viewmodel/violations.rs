//! The rule catalogue as the page shows it: each rule with its hits and the sessions they
//! are in (those with the most hits first), each a link into the drill-down; and what the
//! estimated loss assumes.

use super::dashboard::Dashboard;
use super::format;
use super::summary::Summary;
use crate::metrics::rules::{Rule, Severity, CATALOGUE};
use crate::metrics::Settings;

/// Sessions listed under a rule.
pub const LISTED_SESSIONS: usize = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct RuleRow {
    pub rule: Rule,
    pub hits: u64,
    /// (position in the dashboard's sessions, hits in it), most hits first.
    pub sessions: Vec<(u32, u64)>,
    /// Sessions with a hit of this rule, listed or not.
    pub sessions_with_hits: usize,
}

pub fn rule_rows(dashboard: &Dashboard) -> Vec<RuleRow> {
    let mut rows: Vec<RuleRow> = CATALOGUE
        .iter()
        .map(|rule| RuleRow {
            rule: *rule,
            hits: dashboard.summary.rules.count(rule),
            sessions: Vec::with_capacity(LISTED_SESSIONS + 1),
            sessions_with_hits: 0,
        })
        .collect();
    // One pass, each rule keeping its few sessions with most hits as it goes (no list of
    // every session with a hit, no sort of it).
    for (position, brief) in dashboard.briefs().enumerate() {
        for (row, count) in rows.iter_mut().zip(brief.rules.hits) {
            if count == 0 {
                continue;
            }
            row.sessions_with_hits += 1;
            let count = u64::from(count);
            if row.sessions.len() == LISTED_SESSIONS && row.sessions.last().is_some_and(|(_, least)| *least >= count) {
                continue;
            }
            let at = row.sessions.partition_point(|(_, hits)| *hits >= count);
            row.sessions.insert(at, (position as u32, count));
            row.sessions.truncate(LISTED_SESSIONS);
        }
    }
    rows
}

/// What the estimated loss assumes, in one sentence: the charged minutes, the rate, the
/// share of active time, and the hits counted but not charged.
pub fn loss_assumptions(summary: &Summary, settings: &Settings) -> String {
    let minutes = &settings.minutes_to_fix;
    let charged_minutes = summary.rules.minutes_to_fix(minutes);
    let share = match summary.active_time_ms {
        0 => String::new(),
        active_ms => {
            format!(", {} of the active time ({})", format::percent((charged_minutes * 60_000.0 / active_ms as f64).min(1.0)), format::duration(active_ms))
        }
    };
    format!(
        "Estimated loss {}: {} rule hits a person had to correct × minutes to fix (critical {}, warning {}, info {}) = {} min at {}/h{share}; \
         the estimate never exceeds the active time. {} more hits are counted, not charged: failures the agent got past by itself, \
         calls the user declined, edits of unread files.",
        format::usd(summary.estimated_loss_usd),
        Severity::ALL.iter().map(|severity| summary.rules.hits_of(*severity)).sum::<u64>(),
        whole_or_decimal(minutes.of(Severity::Critical)),
        whole_or_decimal(minutes.of(Severity::Warning)),
        whole_or_decimal(minutes.of(Severity::Info)),
        whole_or_decimal(charged_minutes),
        format::usd(settings.hourly_rate_usd),
        summary.rules.uncharged_hits(),
    )
}

/// "9", "2.5", "1,240": minutes as people write them.
fn whole_or_decimal(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1000.0 {
        format!("{value:.0}")
    } else {
        format::decimal(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::rules::{RuleCounts, REJECTED_CALL, TESTS_FAILING_AT_END};

    #[test]
    fn the_loss_says_what_it_assumes() {
        let mut rules = RuleCounts::default();
        let index = |rule: &Rule| CATALOGUE.iter().position(|known| known.name == rule.name).expect("in the catalogue");
        rules.hits[index(&TESTS_FAILING_AT_END)] = 2;
        rules.hits[index(&REJECTED_CALL)] = 3;
        let settings = Settings::default();
        let active_time_ms = 3 * 3_600_000;
        let estimated_loss_usd = rules.estimated_loss_usd(&settings.minutes_to_fix, settings.hourly_rate_usd, active_time_ms);
        let summary = Summary { rules, active_time_ms, estimated_loss_usd, ..Summary::default() };
        // 2 × 9 minutes at $100/h = $30, 18 of 180 minutes.
        assert_eq!(
            loss_assumptions(&summary, &settings),
            "Estimated loss $30.00: 2 rule hits a person had to correct × minutes to fix (critical 9, warning 5, info 2) = 18 min at $100.00/h, \
             10.0% of the active time (3h 0m); the estimate never exceeds the active time. 3 more hits are counted, not charged: failures the \
             agent got past by itself, calls the user declined, edits of unread files."
        );
    }
}

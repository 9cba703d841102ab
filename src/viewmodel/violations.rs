//! The rule catalogue as the page shows it: each rule with its hits and the sessions they
//! are in (those with the most hits first), each a link into the drill-down.

use super::dashboard::Dashboard;
use crate::metrics::rules::{Rule, CATALOGUE};

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

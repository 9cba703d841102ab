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
        .map(|rule| RuleRow { rule: *rule, hits: dashboard.summary.rules.count(rule), sessions: Vec::new(), sessions_with_hits: 0 })
        .collect();
    for (position, facts) in dashboard.sessions().enumerate() {
        for (row, count) in rows.iter_mut().zip(facts.rules.hits) {
            if count > 0 {
                row.sessions.push((position as u32, u64::from(count)));
            }
        }
    }
    for row in &mut rows {
        row.sessions_with_hits = row.sessions.len();
        row.sessions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        row.sessions.truncate(LISTED_SESSIONS);
    }
    rows
}

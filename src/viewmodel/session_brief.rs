//! The few figures of a session that the pattern cards and the rule catalogue read on
//! every filter change, kept side by side for all of a base's sessions: read from the
//! facts (which lie all over the heap) they cost ~15 ms at 100k sessions, from here ~1 ms.

use super::session_facts::SessionFacts;
use crate::metrics::practices::Practices;
use crate::metrics::rules::RuleCounts;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SessionBrief {
    pub active_time_ms: i64,
    pub total_tokens: u64,
    /// Applied edits over decided ones, if any were decided.
    pub acceptance: Option<f64>,
    pub has_applied_edit: bool,
    pub rules: RuleCounts,
    pub practices: Practices,
    /// It ran tests whose summary was read (so regressions look at its facts).
    pub has_test_runs: bool,
}

impl SessionBrief {
    pub fn of(facts: &SessionFacts) -> SessionBrief {
        SessionBrief {
            active_time_ms: facts.active_time_ms,
            total_tokens: facts.usage.total_tokens(),
            acceptance: facts.code.acceptance_rate(),
            has_applied_edit: facts.code.applied_edits > 0,
            rules: facts.rules,
            practices: facts.practices,
            has_test_runs: !facts.test_runs.is_empty(),
        }
    }
}

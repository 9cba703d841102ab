//! Personal baselines (spec 4.5): for each person of the kept sessions, "your best sessions
//! are X–Y minutes", the interquartile range of their sessions with an applied edit, and
//! the count it rests on; below the minimum count, only the count.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::dashboard::Dashboard;
use crate::metrics::trends::{baseline, Baseline, BASELINE_MIN_SESSIONS};
use crate::model::Dataset;

#[derive(Clone, Debug, PartialEq)]
pub struct PersonBaseline {
    pub person: String,
    /// Sessions with an applied edit.
    pub sessions: usize,
    pub baseline: Option<Baseline>,
}

pub fn person_baselines(dataset: &Dataset, dashboard: &Dashboard) -> Vec<PersonBaseline> {
    let mut by_group: BTreeMap<u32, Vec<i64>> = BTreeMap::new();
    for (brief, group, _) in dashboard.briefs_with_group_and_day() {
        if brief.has_applied_edit {
            by_group.entry(group).or_default().push(brief.active_time_ms);
        }
    }
    let mut by_person: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for (group, durations) in by_group {
        if let Some(example) = dashboard.group_example(group) {
            by_person.entry(dataset.conversation(example).person.as_str()).or_default().extend(durations);
        }
    }
    by_person
        .into_iter()
        .map(|(person, durations)| PersonBaseline { person: person.to_owned(), sessions: durations.len(), baseline: baseline(durations) })
        .collect()
}

impl PersonBaseline {
    /// "Best sessions are 12–38 minutes (IQR of 40 sessions with an applied edit)."
    pub fn sentence(&self) -> String {
        let minutes = |ms: f64| (ms / 60_000.0).round() as i64;
        match self.baseline {
            Some(found) => format!(
                "Best sessions are {}–{} minutes (the middle half of {} sessions with an applied edit).",
                minutes(found.low_ms),
                minutes(found.high_ms),
                found.sessions
            ),
            None => format!("Not enough sessions with an applied edit yet ({} of the {BASELINE_MIN_SESSIONS} needed).", self.sessions),
        }
    }
}

/// `summary --json`'s `baselines`, by person.
pub fn baselines_json(baselines: &[PersonBaseline]) -> Value {
    let people: Map<String, Value> = baselines
        .iter()
        .map(|entry| {
            let value = json!({
                "sessions_with_edit": entry.sessions,
                "low_ms": entry.baseline.map(|b| b.low_ms),
                "high_ms": entry.baseline.map(|b| b.high_ms),
            });
            (entry.person.clone(), value)
        })
        .collect();
    json!({"min_sessions": BASELINE_MIN_SESSIONS, "people": people})
}

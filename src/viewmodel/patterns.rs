//! The pattern cards of a dashboard: its sessions grouped by person, each person's read
//! against the thresholds (`metrics::patterns`), people in name order.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::dashboard::Dashboard;
use crate::metrics::patterns::{person_patterns, PatternCard, PatternThresholds, SessionPoint};
use crate::model::Dataset;
use crate::timezone::{LocalDays, Tz};

/// Every card that fires. `period_end` is the last day of the period shown, if it has one
/// (weeks after a person's last session up to it count as weeks without sessions).
pub fn pattern_cards(dataset: &Dataset, dashboard: &Dashboard, thresholds: &PatternThresholds, zone: Tz, period_end: Option<NaiveDate>) -> Vec<PatternCard> {
    let mut local_days = LocalDays::new(zone);
    let mut people: BTreeMap<&str, Vec<SessionPoint>> = BTreeMap::new();
    let mut last_day: Option<NaiveDate> = None;
    for (position, facts) in dashboard.sessions().enumerate() {
        let day = local_days.date(facts.start_ms);
        last_day = Some(last_day.map_or(day, |last| last.max(day)));
        let point = SessionPoint {
            position: position as u32,
            active_time_ms: facts.active_time_ms,
            acceptance: facts.code.acceptance_rate(),
            tokens: facts.usage.total_tokens(),
            has_applied_edit: facts.code.applied_edits > 0,
            day,
        };
        people.entry(dataset.conversation(facts.conversation).person.as_str()).or_default().push(point);
    }
    let Some(last_day) = period_end.into_iter().chain(last_day).max() else { return Vec::new() };
    people.into_iter().flat_map(|(person, sessions)| person_patterns(person, &sessions, last_day, thresholds)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DEMO_SEED};
    use crate::ingest::ingest_files;
    use crate::metrics::patterns::Pattern;
    use crate::metrics::Settings;
    use crate::pricing::PriceTable;

    /// The demo's team is made so that every card has someone to show (spec section 8).
    #[test]
    fn every_pattern_fires_for_someone_in_the_demo() {
        let files = generate(DEMO_SEED);
        let dataset = ingest_files(files.iter().map(|f| (f.path.as_str(), f.person.as_str(), f.text.as_bytes())), PriceTable::embedded());
        let dashboard = Dashboard::unfiltered(&dataset, &Settings::default());
        let cards = pattern_cards(&dataset, &dashboard, &PatternThresholds::default(), Tz::UTC, None);
        for pattern in Pattern::ALL {
            let people: Vec<&str> = cards.iter().filter(|card| card.pattern == pattern).map(|card| card.person.as_str()).collect();
            assert!(!people.is_empty(), "{} fires for nobody", pattern.name());
        }
        let sessions: Vec<_> = dashboard.sessions().collect();
        for card in &cards {
            for position in &card.sessions {
                let facts = &sessions[*position as usize];
                assert_eq!(dataset.conversation(facts.conversation).person, card.person, "a card's sessions are its person's");
            }
        }
    }
}

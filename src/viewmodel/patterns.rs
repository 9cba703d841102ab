//! The pattern cards of a dashboard: its sessions grouped by person, each person's read
//! against the thresholds (`metrics::patterns`), people in name order. A session's day
//! is the first local day of its events, in the display zone (as its base has it).

use chrono::NaiveDate;

use super::dashboard::Dashboard;
use crate::metrics::patterns::{person_patterns, PatternCard, PatternThresholds, SessionPoint};
use crate::model::Dataset;

/// Every card that fires. `period_end` is the last day of the period shown, if it has one
/// (weeks after a person's last session up to it count as weeks without sessions).
pub fn pattern_cards(dataset: &Dataset, dashboard: &Dashboard, thresholds: &PatternThresholds, period_end: Option<NaiveDate>) -> Vec<PatternCard> {
    // The person of each group, looked up once (a filter change reads 100k sessions: the
    // loop below reads only their briefs, side by side).
    let mut group_people: Vec<Option<usize>> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    let mut people: Vec<Vec<SessionPoint>> = Vec::new();
    let mut last_day: Option<NaiveDate> = None;
    for (position, (brief, group, day)) in dashboard.briefs_with_group_and_day().enumerate() {
        let slot = group as usize;
        if group_people.len() <= slot {
            group_people.resize(slot + 1, None);
        }
        let person = match group_people[slot] {
            Some(person) => person,
            None => {
                let name = dashboard.group_example(group).map_or("", |example| dataset.conversation(example).person.as_str());
                let person = names.iter().position(|known| *known == name).unwrap_or_else(|| {
                    names.push(name);
                    people.push(Vec::new());
                    names.len() - 1
                });
                group_people[slot] = Some(person);
                person
            }
        };
        last_day = Some(last_day.map_or(day, |last| last.max(day)));
        people[person].push(SessionPoint {
            position: position as u32,
            active_time_ms: brief.active_time_ms,
            acceptance: brief.acceptance,
            tokens: brief.total_tokens,
            has_applied_edit: brief.has_applied_edit,
            day,
        });
    }
    let Some(last_day) = period_end.into_iter().chain(last_day).max() else { return Vec::new() };
    let mut order: Vec<usize> = (0..names.len()).collect();
    crate::order::sort_by_key(&mut order, |person| names[*person]);
    order.into_iter().flat_map(|person| person_patterns(names[person], &people[person], last_day, thresholds)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DEMO_SEED};
    use crate::metrics::patterns::Pattern;
    use crate::metrics::Settings;
    use crate::pricing::PriceTable;
    use crate::transport::ingest_files;

    /// The demo's team is made so that every card has someone to show (spec section 8).
    #[test]
    fn every_pattern_fires_for_someone_in_the_demo() {
        let files = generate(DEMO_SEED);
        let dataset = ingest_files(files.iter().map(|f| (f.path.as_str(), f.person.as_str(), f.text.as_bytes())), PriceTable::embedded());
        let dashboard = Dashboard::unfiltered(&dataset, &Settings::default());
        let cards = pattern_cards(&dataset, &dashboard, &PatternThresholds::default(), None);
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

//! What a filtered view covers, said in words: the people, projects and agents of its
//! sessions, its days, and the settings its figures depend on. The report's header.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::dashboard::Dashboard;
use super::format;
use crate::metrics::selection::{Filters, Period};
use crate::metrics::Settings;
use crate::model::Dataset;
use crate::timezone::LocalDays;

#[derive(Clone, Debug, PartialEq)]
pub struct Coverage {
    pub people: Vec<String>,
    pub projects: Vec<String>,
    pub agents: Vec<String>,
    /// "All time", "Last 30 days, 2026-10-22 – 2026-11-20", "2026-11-01 – 2026-11-07".
    pub period: String,
    /// The first and last day with a session, in the display zone.
    pub days: Option<(NaiveDate, NaiveDate)>,
    pub time_zone: String,
    pub idle_cutoff: String,
    /// The filters that narrow it, in words ("person bob, model claude-opus-4-6").
    pub filters: Vec<String>,
}

pub fn coverage(dataset: &Dataset, dashboard: &Dashboard, filters: &Filters, settings: &Settings, today: NaiveDate) -> Coverage {
    let mut people = BTreeSet::new();
    let mut projects = BTreeSet::new();
    let mut agents = BTreeSet::new();
    let mut local_days = LocalDays::new(settings.time_zone);
    let mut days: Option<(NaiveDate, NaiveDate)> = None;
    for facts in dashboard.sessions() {
        let conversation = dataset.conversation(facts.conversation);
        people.insert(conversation.person.clone());
        projects.insert(conversation.project_name().to_owned());
        agents.insert(conversation.agent.label().to_owned());
        let day = local_days.date(facts.start_ms);
        days = Some(days.map_or((day, day), |(first, last)| (first.min(day), last.max(day))));
    }
    let period = match (&filters.period, filters.period.dates(today)) {
        (Period::All, _) => String::from("All time"),
        (Period::LastDays(count), Some((from, to))) => format!("Last {count} days, {from} – {to}"),
        (_, Some((from, to))) => format!("{from} – {to}"),
        (_, None) => String::from("All time"),
    };
    let named = [("person", &filters.person), ("project", &filters.project), ("agent", &filters.agent), ("model", &filters.model)];
    Coverage {
        people: people.into_iter().collect(),
        projects: projects.into_iter().collect(),
        agents: agents.into_iter().collect(),
        period,
        days,
        time_zone: settings.time_zone.name().to_owned(),
        idle_cutoff: format::duration(settings.idle_cutoff_ms),
        filters: named.iter().filter_map(|(name, value)| value.as_ref().map(|value| format!("{name} {value}"))).collect(),
    }
}

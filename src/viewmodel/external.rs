//! Other tools' records beside ours (spec section 1, "seed formats"), for the filters in
//! force: each session-metrics log entry and AgileFlow session with the figures it gives
//! and what our sessions of the same person (and project) in the same hours show; each
//! ccusage row, counted only where no transcript of the same person and agent covers its
//! day (a cost-only source: never added into the transcript figures, shown apart).

use std::collections::HashSet;

use chrono::NaiveDate;

use super::dashboard::Dashboard;
use crate::metrics::quality::QualityStats;
use crate::metrics::selection::{Filters, PeriodBounds};
use crate::metrics::Settings;
use crate::model::{agent_of_model, project_name, Agent, Dataset, LoggedSession, ReportKind, ReportedUsage, TokenUsage, TrackedSession};
use crate::timezone::{LocalDays, Tz};

/// What our sessions in a record's hours add up to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ours {
    pub sessions: u64,
    pub active_time_ms: i64,
    pub usage: TokenUsage,
    pub cost_usd: f64,
    pub quality: QualityStats,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoggedRow {
    pub entry: LoggedSession,
    /// `None` when the entry names no start and end (nothing to match).
    pub ours: Option<Ours>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrackedRow {
    pub session: TrackedSession,
    pub ours: Option<Ours>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportedRow {
    pub row: ReportedUsage,
    /// Transcripts of the same person and agent have requests on this day: the row is
    /// listed, not counted.
    pub is_covered: bool,
}

impl ReportedRow {
    /// The row's key on the page (`data-row`): day, agent, person, and session when it
    /// is a session report's.
    pub fn key(&self) -> String {
        let mut key = format!("{} {} {}", self.row.date, self.row.agent.label(), self.row.person);
        if let ReportKind::Session { session_id, .. } = &self.row.kind {
            key.push(' ');
            key.push_str(session_id);
        }
        key
    }
}

/// The rows the filters keep, and the sums of the reported rows no transcript covers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExternalView {
    pub logged: Vec<LoggedRow>,
    pub tracked: Vec<TrackedRow>,
    pub reported: Vec<ReportedRow>,
    /// Days (person, agent, day) only reports give.
    pub reported_days: u64,
    /// Days a report gives that transcripts cover (listed, not counted).
    pub covered_days: u64,
    pub reported_usage: TokenUsage,
    pub reported_cost_usd: f64,
}

impl ExternalView {
    pub fn is_empty(&self) -> bool {
        self.logged.is_empty() && self.tracked.is_empty() && self.reported.is_empty()
    }
}

/// The (person, agent, local day) of every transcript request: the days transcripts cover.
pub fn transcript_days(dataset: &Dataset, zone: Tz) -> HashSet<(String, Agent, NaiveDate)> {
    let mut days = HashSet::new();
    if dataset.external.reported.is_empty() {
        return days;
    }
    let mut local_days = LocalDays::new(zone);
    let mut seen: HashSet<(u32, NaiveDate)> = HashSet::new();
    for request in &dataset.requests {
        let day = local_days.date(request.timestamp_ms);
        if seen.insert((request.conversation.0, day)) {
            let conversation = dataset.conversation(request.conversation);
            days.insert((conversation.person.clone(), conversation.agent, day));
        }
    }
    days
}

/// Our sessions of the dashboard, by person, as (start, end, index) sorted by start.
struct OurSessions<'d> {
    dashboard: &'d Dashboard,
    dataset: &'d Dataset,
    spans: Vec<(i64, i64, usize)>,
    longest_ms: i64,
}

impl<'d> OurSessions<'d> {
    fn new(dataset: &'d Dataset, dashboard: &'d Dashboard, people: &HashSet<&str>) -> OurSessions<'d> {
        let mut spans: Vec<(i64, i64, usize)> = dashboard
            .sessions()
            .enumerate()
            .filter(|(_, facts)| people.contains(dataset.conversation(facts.conversation).person.as_str()))
            .map(|(index, facts)| (facts.start_ms, facts.start_ms + facts.active_time_ms, index))
            .collect();
        spans.sort_unstable();
        let longest_ms = spans.iter().map(|(start, end, _)| end - start).max().unwrap_or(0);
        OurSessions { dashboard, dataset, spans, longest_ms }
    }

    /// The sums of `person`'s sessions (of `project`, when named) that overlap the hours
    /// from `start_ms` to `end_ms`.
    fn within(&self, person: &str, project: &str, start_ms: i64, end_ms: i64) -> Ours {
        let mut ours = Ours::default();
        let last = self.spans.partition_point(|(start, _, _)| *start <= end_ms);
        let first = self.spans[..last].partition_point(|(start, _, _)| *start < start_ms.saturating_sub(self.longest_ms));
        for (_, _, index) in self.spans[first..last].iter().filter(|(_, end, _)| *end >= start_ms) {
            let Some(facts) = self.dashboard.session(*index) else { continue };
            let conversation = self.dataset.conversation(facts.conversation);
            if conversation.person != person || !(project.is_empty() || conversation.project_name() == project) {
                continue;
            }
            ours.sessions += 1;
            ours.active_time_ms += facts.active_time_ms;
            ours.usage.add(&facts.usage);
            ours.cost_usd += facts.cost_usd;
            ours.quality.merge(&facts.quality);
        }
        ours
    }
}

/// Whether the period keeps a time (or a record without one: the period cannot tell).
fn in_period(bounds: Option<PeriodBounds>, local_days: &mut LocalDays, time_ms: Option<i64>) -> bool {
    match (bounds, time_ms) {
        (Some(bounds), Some(time_ms)) => bounds.contains(local_days, time_ms),
        _ => true,
    }
}

/// The end of a tracked session: as written, else its last segment's or its start plus
/// its duration.
fn tracked_end_ms(session: &TrackedSession) -> Option<i64> {
    let last_segment = session.segments.iter().map(|segment| segment.end_ms).max();
    session.end_ms.or(last_segment).or_else(|| Some(session.start_ms? + session.duration_ms?))
}

pub fn external_view(
    dataset: &Dataset,
    dashboard: &Dashboard,
    filters: &Filters,
    settings: &Settings,
    today: NaiveDate,
    covered: &HashSet<(String, Agent, NaiveDate)>,
) -> ExternalView {
    let external = &dataset.external;
    let mut view = ExternalView::default();
    if external.logged.is_empty() && external.tracked.is_empty() && external.reported.is_empty() {
        return view;
    }
    let period = filters.period.dates(today);
    let bounds = period.map(|(from, to)| PeriodBounds::new(from, to));
    let mut local_days = LocalDays::new(settings.time_zone);
    let person_keeps = |person: &str| filters.person.as_deref().is_none_or(|kept| kept == person);
    let project_keeps = |project: &str| filters.project.as_deref().is_none_or(|kept| project_name(project) == kept && !project.is_empty());
    let agent_keeps = |agent: Option<Agent>| filters.agent.as_deref().is_none_or(|kept| agent.is_some_and(|agent| agent.label() == kept));
    let model_keeps = |models: &[&str]| filters.model.as_deref().is_none_or(|kept| models.contains(&kept));

    let people: HashSet<&str> = external.logged.iter().map(|e| e.person.as_str()).chain(external.tracked.iter().map(|s| s.person.as_str())).collect();
    let ours = OurSessions::new(dataset, dashboard, &people);
    for entry in &external.logged {
        let keeps = person_keeps(&entry.person)
            && project_keeps(&entry.project)
            && agent_keeps(agent_of_model(&entry.model))
            && model_keeps(&[entry.model.as_str()])
            && in_period(bounds, &mut local_days, entry.start_ms);
        if keeps {
            let window = entry.start_ms.zip(entry.end_ms.or(entry.start_ms));
            let matched = window.map(|(start_ms, end_ms)| ours.within(&entry.person, &entry.project, start_ms, end_ms));
            view.logged.push(LoggedRow { entry: entry.clone(), ours: matched });
        }
    }
    for session in &external.tracked {
        let keeps = person_keeps(&session.person)
            && filters.project.is_none()
            && filters.agent.is_none()
            && filters.model.is_none()
            && in_period(bounds, &mut local_days, session.start_ms);
        if keeps {
            let window = session.start_ms.zip(tracked_end_ms(session));
            let matched = window.map(|(start_ms, end_ms)| ours.within(&session.person, "", start_ms, end_ms));
            view.tracked.push(TrackedRow { session: session.clone(), ours: matched });
        }
    }
    let mut counted_days: HashSet<(&str, Agent, &str)> = HashSet::new();
    let mut covered_days: HashSet<(&str, Agent, &str)> = HashSet::new();
    for row in &external.reported {
        let Ok(date) = NaiveDate::parse_from_str(&row.date, "%Y-%m-%d") else { continue };
        let project = match &row.kind {
            ReportKind::Daily => "",
            ReportKind::Session { project, .. } => project.as_str(),
        };
        let keeps = person_keeps(&row.person)
            && project_keeps(project)
            && agent_keeps(Some(row.agent))
            && model_keeps(&row.models.iter().map(|model| model.model.as_str()).collect::<Vec<_>>())
            && period.is_none_or(|(from, to)| (from..=to).contains(&date));
        if !keeps {
            continue;
        }
        let is_covered = covered.contains(&(row.person.clone(), row.agent, date));
        let day = (row.person.as_str(), row.agent, row.date.as_str());
        if is_covered {
            covered_days.insert(day);
        } else {
            counted_days.insert(day);
            view.reported_usage.add(&row.usage);
            view.reported_cost_usd += row.cost_usd;
        }
        view.reported.push(ReportedRow { row: row.clone(), is_covered });
    }
    view.reported_days = counted_days.len() as u64;
    view.covered_days = covered_days.len() as u64;
    view
}

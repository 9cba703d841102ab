//! What the figures are computed over: the dataset narrowed by the user's filters
//! (period, person, project, agent, model), split into sessions with the idle cutoff.
//!
//! Filters keep whole conversations (person, project, agent; model keeps conversations
//! with at least one request of that model, and only that model's requests) and, for the
//! period, the events on days inside it, in the display time zone. The requests are
//! those answered by the kept events (of the chosen model, if one is chosen).

use std::ops::Range;

use chrono::{Days, NaiveDate};

use super::Settings;
use crate::model::{Conversation, ConversationId, Dataset, Event, EventKind, Request, TextId};
use crate::sessions::{split_sessions, Session};
use crate::timezone::{utc_midnight_ms, LocalDays, DAY_MS, MAX_ZONE_OFFSET_MS};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Period {
    #[default]
    All,
    /// The last `n` days up to and including today.
    LastDays(u32),
    /// From and to, both included.
    Range { from: NaiveDate, to: NaiveDate },
}

impl Period {
    /// Parses `7d`, `30d`, `90d`, `all`, or `YYYY-MM-DD..YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Period, String> {
        if text == "all" {
            return Ok(Period::All);
        }
        if let Some(days) = text.strip_suffix('d').and_then(|days| days.parse::<u32>().ok()).filter(|days| *days > 0) {
            return Ok(Period::LastDays(days));
        }
        let date = |part: &str| NaiveDate::parse_from_str(part, "%Y-%m-%d").map_err(|_| format!("{part:?} is not a YYYY-MM-DD date"));
        match text.split_once("..") {
            Some((from, to)) => Ok(Period::Range { from: date(from)?, to: date(to)? }),
            None => Err(format!("unknown period {text:?} (7d, 30d, 90d, all, or FROM..TO dates)")),
        }
    }

    /// The inclusive date range, given today's date; `None` for all time.
    pub fn dates(&self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Period::All => None,
            Period::LastDays(days) => Some((today.checked_sub_days(Days::new(u64::from(*days) - 1)).unwrap_or(today), today)),
            Period::Range { from, to } => Some((*from, *to)),
        }
    }

    /// The period of the same length that ends the day before this one starts (what a
    /// headline figure's change is measured against); none for all time.
    pub fn previous(&self, today: NaiveDate) -> Option<Period> {
        let (from, to) = self.dates(today)?;
        let days = u64::try_from((to - from).num_days()).ok()? + 1;
        let previous_to = from.checked_sub_days(Days::new(1))?;
        let previous_from = from.checked_sub_days(Days::new(days))?;
        Some(Period::Range { from: previous_from, to: previous_to })
    }

    pub fn label(&self) -> String {
        match self {
            Period::All => String::from("all"),
            Period::LastDays(days) => format!("{days}d"),
            Period::Range { from, to } => format!("{from}..{to}"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub period: Period,
    pub person: Option<String>,
    /// A project's display name (last path segment).
    pub project: Option<String>,
    pub agent: Option<String>,
    pub model: Option<String>,
}

impl Filters {
    /// These filters without person, project and agent: those only drop whole
    /// conversations, so what is computed per session can be kept while they change.
    pub fn without_conversation_filters(&self) -> Filters {
        Filters { period: self.period.clone(), model: self.model.clone(), ..Filters::default() }
    }

    /// Whether the person, project and agent filters keep a conversation.
    pub fn keeps_conversation(&self, conversation: &Conversation) -> bool {
        self.person.as_deref().is_none_or(|person| conversation.person == person)
            && self.project.as_deref().is_none_or(|project| conversation.project_name() == project)
            && self.agent.as_deref().is_none_or(|agent| conversation.agent.label() == agent)
    }
}

/// The filtered events, requests and sessions.
#[derive(Debug)]
pub struct Selection<'a> {
    pub dataset: &'a Dataset,
    pub settings: Settings,
    pub events: Vec<&'a Event>,
    pub requests: Vec<&'a Request>,
    /// Sessions, with event ranges into `events`.
    pub sessions: Vec<Session>,
    model: ModelFilter,
}

/// The model filter, by text id.
#[derive(Clone, Copy, Debug)]
enum ModelFilter {
    Any,
    Only(TextId),
    /// A model this dataset has no request of.
    Absent,
}

impl ModelFilter {
    fn new(dataset: &Dataset, model: Option<&str>) -> ModelFilter {
        match model {
            None => ModelFilter::Any,
            Some(model) => dataset.texts.find(model).map_or(ModelFilter::Absent, ModelFilter::Only),
        }
    }

    fn passes(self, request: &Request) -> bool {
        match self {
            ModelFilter::Any => true,
            ModelFilter::Only(model) => request.model == model,
            ModelFilter::Absent => false,
        }
    }
}

/// A period's days in the display time zone, and when its first day starts and its last
/// day ends in UTC: times far from those midnights are in or out whatever the zone, and
/// only those near them are looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodBounds {
    pub from: NaiveDate,
    pub to: NaiveDate,
    start_ms: i64,
    end_ms: i64,
}

impl PeriodBounds {
    pub fn new(from: NaiveDate, to: NaiveDate) -> PeriodBounds {
        PeriodBounds { from, to, start_ms: utc_midnight_ms(from), end_ms: utc_midnight_ms(to) + DAY_MS }
    }

    /// Whether a time falls on a day of the period (`local_days` in the display zone).
    pub fn contains(&self, local_days: &mut LocalDays, timestamp_ms: i64) -> bool {
        if timestamp_ms < self.start_ms - MAX_ZONE_OFFSET_MS || timestamp_ms >= self.end_ms + MAX_ZONE_OFFSET_MS {
            false
        } else if timestamp_ms >= self.start_ms + MAX_ZONE_OFFSET_MS && timestamp_ms < self.end_ms - MAX_ZONE_OFFSET_MS {
            true
        } else {
            (self.from..=self.to).contains(&local_days.date(timestamp_ms))
        }
    }

    /// Where the events (sorted by time) that may be in the period begin and end.
    fn candidates(&self, events: &[Event]) -> Range<usize> {
        let from = events.partition_point(|event| event.timestamp_ms < self.start_ms - MAX_ZONE_OFFSET_MS);
        let to = events.partition_point(|event| event.timestamp_ms < self.end_ms + MAX_ZONE_OFFSET_MS);
        from..to.max(from)
    }

    /// The events of a run (sorted by time) on the period's days.
    pub fn events_within<'e, 'd>(self, run: &'e [Event], local_days: &'d mut LocalDays) -> impl Iterator<Item = &'e Event> + use<'e, 'd> {
        let candidates = if run.len() > SHORT_RUN { self.candidates(run) } else { 0..run.len() };
        run[candidates].iter().filter(move |event| self.contains(local_days, event.timestamp_ms))
    }
}

impl<'a> Selection<'a> {
    pub fn new(dataset: &'a Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> Selection<'a> {
        let mut local_days = LocalDays::new(settings.time_zone);
        let period = filters.period.dates(today).map(|(from, to)| PeriodBounds::new(from, to));
        let model_filter = ModelFilter::new(dataset, filters.model.as_deref());
        let mut has_model = vec![filters.model.is_none(); dataset.conversations.len()];
        if filters.model.is_some() {
            for request in dataset.requests.iter().filter(|r| model_filter.passes(r)) {
                has_model[request.conversation.0 as usize] = true;
            }
        }
        let kept: Vec<bool> =
            dataset.conversations.iter().enumerate().map(|(index, conversation)| has_model[index] && filters.keeps_conversation(conversation)).collect();
        let is_kept = |id: ConversationId| kept[id.0 as usize];
        let mut events: Vec<&Event> = Vec::with_capacity(if period.is_none() { dataset.events.len() } else { 0 });
        // Conversation by conversation: a dropped conversation, and a kept one's events
        // long before or after the period, are stepped over without being read.
        let mut start = 0;
        while let Some(first) = dataset.events.get(start) {
            let end = start + run_length(&dataset.events[start..], first.conversation);
            if is_kept(first.conversation) {
                let run = &dataset.events[start..end];
                match &period {
                    Some(period) => events.extend(period.events_within(run, &mut local_days)),
                    None => events.extend(run),
                }
            }
            start = end;
        }
        Selection::of_events(dataset, model_filter, settings, events)
    }

    /// The selection of the given events (sorted by conversation, then time; each
    /// conversation's events of a stretch of time), with the model filter `model`, which
    /// the caller has checked the events' conversations against.
    pub fn of_kept_events(dataset: &'a Dataset, model: Option<&str>, settings: &Settings, events: Vec<&'a Event>) -> Selection<'a> {
        Selection::of_events(dataset, ModelFilter::new(dataset, model), settings, events)
    }

    fn of_events(dataset: &'a Dataset, model: ModelFilter, settings: &Settings, events: Vec<&'a Event>) -> Selection<'a> {
        // Requests follow their response events, so per-session sums equal the totals.
        let requests = events
            .iter()
            .filter_map(|event| match event.kind {
                EventKind::AgentMessage { request: Some(index), .. } => dataset.requests.get(index as usize),
                _ => None,
            })
            .filter(|request| model.passes(request))
            .collect();
        let sessions = split_sessions(&events, settings.idle_cutoff_ms);
        Selection { dataset, settings: *settings, events, requests, sessions, model }
    }

    pub fn session_events(&self, session: &Session) -> &[&'a Event] {
        &self.events[session.events.clone()]
    }

    /// Whether a request passes the model filter.
    pub fn passes_model_filter(&self, request: &Request) -> bool {
        self.model.passes(request)
    }
}

/// Events a conversation's run is read one by one up to; longer runs are searched.
const SHORT_RUN: usize = 32;

/// How many of the first events are of `conversation` (events sorted by conversation,
/// the first of them of `conversation`): read one by one for a short run, then a
/// galloping search, a few reads for a long run.
fn run_length(events: &[Event], conversation: ConversationId) -> usize {
    let is_of = |event: &Event| event.conversation == conversation;
    if let Some(end) = events.iter().take(SHORT_RUN).position(|event| !is_of(event)) {
        return end;
    }
    if events.len() <= SHORT_RUN {
        return events.len();
    }
    let mut step = SHORT_RUN;
    while events.get(step).is_some_and(is_of) {
        step *= 2;
    }
    let low = step / 2;
    let high = step.min(events.len());
    low + events[low..high].partition_point(is_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_previous_period_has_the_same_length_and_ends_the_day_before() {
        let today = date("2026-03-10");
        assert_eq!(Period::All.previous(today), None);
        assert_eq!(Period::LastDays(7).previous(today), Some(Period::Range { from: date("2026-02-25"), to: date("2026-03-03") }));
        assert_eq!(Period::LastDays(1).previous(today), Some(Period::Range { from: date("2026-03-09"), to: date("2026-03-09") }));
        // Across a leap day: February 2024 has 29 days, so 29 days before 1 March is 1 February.
        let february = Period::Range { from: date("2024-03-01"), to: date("2024-03-29") };
        assert_eq!(february.previous(today), Some(Period::Range { from: date("2024-02-01"), to: date("2024-02-29") }));
    }

    #[test]
    fn runs_of_any_length_are_measured() {
        let lengths = [1, 5, 31, 32, 33, 64, 65, 100, 1000, 3];
        let events: Vec<Event> = lengths
            .iter()
            .enumerate()
            .flat_map(|(conversation, length)| {
                (0..*length).map(move |minute| Event {
                    timestamp_ms: minute as i64 * 60_000,
                    line: crate::model::LineKey::NONE,
                    conversation: ConversationId(conversation as u32),
                    is_sidechain: false,
                    kind: EventKind::SystemMeta,
                })
            })
            .collect();
        let mut start = 0;
        for length in lengths {
            assert_eq!(run_length(&events[start..], events[start].conversation), length, "run at {start}");
            start += length;
        }
    }

    #[test]
    fn periods_parse_and_resolve() {
        let today = date("2026-11-20");
        assert_eq!(Period::parse("7d").map(|p| p.dates(today)), Ok(Some((date("2026-11-14"), today))));
        assert_eq!(Period::parse("all"), Ok(Period::All));
        assert_eq!(Period::parse("2026-10-01..2026-10-31"), Ok(Period::Range { from: date("2026-10-01"), to: date("2026-10-31") }));
        assert!(Period::parse("0d").is_err());
        assert!(Period::parse("last week").is_err());
        assert_eq!(Period::LastDays(30).label(), "30d");
    }
}

//! A session base's sums per group of conversations (person, project, agent) and, within
//! a group, per day span (the first and last local day of a session's events). A period
//! inside a base's period keeps every span that lies within it as it is, so narrowing a
//! base to a shorter period (`session_base::narrowed`) sums again only the spans its edges touch.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::chart_series::{duration_bucket, DurationCounts};
use super::session_facts::SessionFacts;
use super::tables::TableParts;
use crate::metrics::code::CodeStats;
use crate::metrics::conversation::ConversationStats;
use crate::metrics::quality::QualityStats;
use crate::metrics::rules::RuleCounts;
use crate::metrics::selection::{PeriodBounds, Selection};
use crate::metrics::tools::ToolStats;
use crate::metrics::trends::WeekHours;
use crate::metrics::{activity, usage};
use crate::model::{ConversationId, Request, TokenUsage};
use crate::sessions::Session;
use crate::timezone::{LocalDays, Tz};

/// What adds up across sessions and requests: the summary's sums and the tables' parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub sessions: u64,
    /// Set for a whole group (a conversation may have sessions in several spans).
    pub conversations: u64,
    pub requests: u64,
    pub tokens: TokenUsage,
    pub cost_usd: f64,
    pub active_time_ms: i64,
    pub code: CodeStats,
    pub conversation: ConversationStats,
    pub rules: RuleCounts,
    pub quality: QualityStats,
    /// Sessions by class (`Classification::ALL` order) and by outcome (`Outcome::ALL`).
    pub classes: [u64; 4],
    pub outcomes: [u64; 3],
    pub tools: ToolStats,
    pub tables: TableParts,
    pub durations: DurationCounts,
    /// Active time by local weekday and hour (the activity heatmap).
    pub active_hours: WeekHours,
}

impl Totals {
    /// The totals of sessions of one project and their requests.
    pub fn of(project: &str, sessions: &[&SessionFacts], requests: &[&Request], local_days: &mut LocalDays) -> Totals {
        let mut totals = Totals {
            sessions: sessions.len() as u64,
            requests: requests.len() as u64,
            tokens: usage::token_totals(requests.iter().copied()),
            cost_usd: usage::cost_usd(requests.iter().copied()),
            active_time_ms: activity::active_time_ms(sessions.iter().map(|facts| facts.active_time_ms)),
            ..Totals::default()
        };
        for facts in sessions {
            totals.code.merge(&facts.code);
            totals.conversation.merge(&facts.conversation_stats);
            totals.rules.merge(&facts.rules);
            totals.quality.merge(&facts.quality);
            totals.classes[facts.quality.classification() as usize] += 1;
            totals.outcomes[facts.outcome as usize] += 1;
            for stats in facts.tools.values() {
                totals.tools.merge(stats);
            }
            totals.durations[duration_bucket(facts.active_time_ms)] += 1;
            totals.active_hours.add_session(facts.start_ms, facts.start_ms + facts.active_time_ms, local_days);
        }
        totals.tables.add_requests(requests, local_days);
        totals.tables.add_sessions(project, sessions.iter().copied(), local_days);
        totals
    }

    /// Adds the totals of other sessions (of other conversations, for the conversation
    /// counts to add up).
    pub fn merge(&mut self, other: &Totals) {
        self.sessions += other.sessions;
        self.conversations += other.conversations;
        self.requests += other.requests;
        self.tokens.add(&other.tokens);
        self.cost_usd += other.cost_usd;
        self.active_time_ms += other.active_time_ms;
        self.code.merge(&other.code);
        self.conversation.merge(&other.conversation);
        self.rules.merge(&other.rules);
        self.quality.merge(&other.quality);
        for (count, other) in self.classes.iter_mut().zip(&other.classes) {
            *count += other;
        }
        for (count, other) in self.outcomes.iter_mut().zip(&other.outcomes) {
            *count += other;
        }
        self.tools.merge(&other.tools);
        self.tables.merge(&other.tables);
        for (count, other) in self.durations.iter_mut().zip(&other.durations) {
            *count += other;
        }
        self.active_hours.merge(&other.active_hours);
    }
}

/// The first and last local day of a session's events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DaySpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DaySpan {
    /// The span of a session of a selection: the days of its first and last event,
    /// unless the zone's clock changes between them (going back over midnight, it puts a
    /// later event on an earlier day), when every event is looked at.
    pub fn of(selection: &Selection<'_>, session: &Session, local_days: &mut LocalDays) -> DaySpan {
        if local_days.offset_steady_between(session.start_ms, session.end_ms) {
            return DaySpan { first: local_days.date(session.start_ms), last: local_days.date(session.end_ms) };
        }
        let events = selection.session_events(session);
        let mut dates = events.iter().map(|event| local_days.date(event.timestamp_ms));
        let first = dates.next().unwrap_or_default();
        dates.fold(DaySpan { first, last: first }, |span, date| DaySpan { first: span.first.min(date), last: span.last.max(date) })
    }

    /// Whether every day of the span is in the period.
    pub fn is_within(&self, period: &PeriodBounds) -> bool {
        self.first >= period.from && self.last <= period.to
    }

    /// Whether no day of the span is in the period.
    pub fn is_outside(&self, period: &PeriodBounds) -> bool {
        self.last < period.from || self.first > period.to
    }
}

/// The totals of one group's sessions of one day span.
#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    pub days: DaySpan,
    pub totals: Arc<Totals>,
}

/// Conversations of one person, project and agent, and the sums of their sessions and
/// requests.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSums {
    /// One conversation of the group: the filters keep the whole group or none of it.
    pub example: ConversationId,
    /// By day span, in order.
    pub buckets: Vec<Bucket>,
    pub totals: Totals,
}

impl GroupSums {
    /// A group's sums from its buckets (sorted by span) and its count of conversations.
    pub fn new(example: ConversationId, buckets: Vec<Bucket>, conversations: u64) -> GroupSums {
        let mut totals = Totals::default();
        for bucket in &buckets {
            totals.merge(&bucket.totals);
        }
        totals.conversations = conversations;
        GroupSums { example, buckets, totals }
    }
}

/// One bucket's sessions and their requests, in the base's order.
type Gathered<'a> = (Vec<&'a SessionFacts>, Vec<&'a Request>);

/// Sessions and their requests gathered by group and day span, to be summed per bucket.
#[derive(Default)]
pub struct BucketSessions<'a> {
    buckets: BTreeMap<(u32, DaySpan), Gathered<'a>>,
}

impl<'a> BucketSessions<'a> {
    /// Adds a session (in the base's order) with its requests.
    pub fn add(&mut self, group: u32, days: DaySpan, facts: &'a SessionFacts, requests: &[&'a Request]) {
        let (sessions, bucket_requests) = self.buckets.entry((group, days)).or_default();
        sessions.push(facts);
        bucket_requests.extend_from_slice(requests);
    }

    /// Each bucket's totals, by group and span in order (`project` names a group's project).
    pub fn totals(self, project: impl Fn(u32) -> &'a str, zone: Tz) -> Vec<(u32, Bucket)> {
        let mut local_days = LocalDays::new(zone);
        self.buckets
            .into_iter()
            .map(|((group, days), (sessions, requests))| {
                (group, Bucket { days, totals: Arc::new(Totals::of(project(group), &sessions, &requests, &mut local_days)) })
            })
            .collect()
    }
}

/// Each group's sums, from its example conversation and its buckets (in any order), and
/// the base's sessions (conversation, group) for its count of conversations.
pub fn group_sums(examples: impl ExactSizeIterator<Item = ConversationId>, buckets: Vec<Vec<Bucket>>, sessions: &[(ConversationId, u32)]) -> Vec<GroupSums> {
    let conversations = group_conversations(sessions.iter().copied(), examples.len());
    examples
        .zip(buckets)
        .zip(conversations)
        .map(|((example, mut buckets), conversations)| {
            crate::order::sort_by_key(&mut buckets, |bucket| bucket.days);
            GroupSums::new(example, buckets, conversations)
        })
        .collect()
}

/// For each group, how many distinct conversations its sessions (conversation, group)
/// are of.
fn group_conversations(sessions: impl IntoIterator<Item = (ConversationId, u32)>, group_count: usize) -> Vec<u64> {
    let mut conversations: Vec<Vec<ConversationId>> = vec![Vec::new(); group_count];
    for (conversation, group) in sessions {
        if let Some(list) = conversations.get_mut(group as usize) {
            list.push(conversation);
        }
    }
    conversations.into_iter().map(|list| activity::conversation_count(list) as u64).collect()
}

/// Each session's requests, cut from the requests of all of them (in the same order:
/// requests follow their response events, and a session's facts count its requests).
pub fn requests_per_session<'s, 'r>(sessions: &[Arc<SessionFacts>], requests: &'s [&'r Request]) -> Vec<&'s [&'r Request]> {
    let mut start = 0;
    sessions
        .iter()
        .map(|facts| {
            let end = (start + facts.requests as usize).min(requests.len());
            let slice = &requests[start..end];
            start = end;
            slice
        })
        .collect()
}

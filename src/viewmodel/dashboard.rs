//! Everything the dashboard shows for one choice of filters and settings, computed once
//! (the page keeps it in memos; the CLI prints its summary).
//!
//! Two stages, so that the common filter changes are cheap: [`SessionBase`] holds the
//! per-session facts for the period, model and settings (the expensive part: pairing
//! tool calls, counting lines) and their sums per person, project and agent;
//! [`Dashboard::from_base`] merges the sums of the groups the person, project and agent
//! filters keep, and lists their sessions.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;

use super::facts_reuse::{dataset_range, FactsReuse};
use super::session_facts::{session_facts, SessionFacts};
use super::summary::Summary;
use super::tables::{TableParts, Tables};
use crate::metrics::code::CodeStats;
use crate::metrics::conversation::ConversationStats;
use crate::metrics::rules::RuleCounts;
use crate::metrics::selection::{Filters, Selection};
use crate::metrics::tools::ToolStats;
use crate::metrics::{activity, usage, Settings};
use crate::model::{Conversation, ConversationId, Dataset, Request, TokenUsage};
use crate::timezone::Tz;

/// Per-session facts and the requests of a period and model, for every conversation,
/// with their sums kept per group of conversations the person, project and agent filters
/// tell apart (so a filter change merges a few groups' sums instead of every session's).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionBase {
    pub sessions: Vec<Arc<SessionFacts>>,
    /// For each session, its group in `groups`.
    session_groups: Vec<u32>,
    groups: Vec<Group>,
    /// The model filter the facts are for (they depend on nothing else but the
    /// sessions' events).
    model: Option<String>,
    /// For each session, its events as a range of the dataset's (see `dataset_range`).
    event_ranges: Vec<Option<Range<u32>>>,
}

/// Conversations of one person, project and agent, and the sums of their sessions and
/// requests in the base.
#[derive(Clone, Debug, PartialEq)]
struct Group {
    /// One conversation of the group: the filters keep the whole group or none of it.
    example: ConversationId,
    totals: Totals,
}

/// What adds up across sessions and requests: the summary's sums and the tables' parts.
#[derive(Clone, Debug, Default, PartialEq)]
struct Totals {
    sessions: u64,
    conversations: u64,
    requests: u64,
    tokens: TokenUsage,
    cost_usd: f64,
    active_time_ms: i64,
    code: CodeStats,
    conversation: ConversationStats,
    rules: RuleCounts,
    tools: ToolStats,
    tables: TableParts,
}

impl Totals {
    /// The totals of one group's sessions and requests.
    fn of(project: &str, sessions: &[&SessionFacts], requests: &[&Request], zone: Tz) -> Totals {
        let mut totals = Totals {
            sessions: sessions.len() as u64,
            conversations: activity::conversation_count(sessions.iter().map(|facts| facts.conversation)) as u64,
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
            for stats in facts.tools.values() {
                totals.tools.merge(stats);
            }
        }
        totals.tables.add_requests(requests, zone);
        totals.tables.add_sessions(project, sessions.iter().copied(), zone);
        totals
    }

    /// Adds another group's totals (groups share no conversation, so conversation
    /// counts add up too).
    fn merge(&mut self, other: &Totals) {
        self.sessions += other.sessions;
        self.conversations += other.conversations;
        self.requests += other.requests;
        self.tokens.add(&other.tokens);
        self.cost_usd += other.cost_usd;
        self.active_time_ms += other.active_time_ms;
        self.code.merge(&other.code);
        self.conversation.merge(&other.conversation);
        self.rules.merge(&other.rules);
        self.tools.merge(&other.tools);
        self.tables.merge(&other.tables);
    }
}

/// The filters' view of a conversation: person, project, agent.
fn group_key(conversation: &Conversation) -> (&str, &str, &'static str) {
    (conversation.person.as_str(), conversation.project_name(), conversation.agent.label())
}

impl SessionBase {
    /// Computed with `filters.without_conversation_filters()`.
    pub fn build(dataset: &Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> SessionBase {
        SessionBase::build_reusing(dataset, filters, settings, today, &[])
    }

    /// [`SessionBase::build`], taking the facts of sessions that `earlier` bases (of the
    /// same dataset) already computed.
    pub fn build_reusing(dataset: &Dataset, filters: &Filters, settings: &Settings, today: NaiveDate, earlier: &[&SessionBase]) -> SessionBase {
        let selection = Selection::new(dataset, &filters.without_conversation_filters(), settings, today);
        let mut reuse = FactsReuse::new(
            earlier
                .iter()
                .filter(|base| base.model == filters.model)
                .map(|base| (base.event_ranges.as_slice(), base.sessions.as_slice())),
        );
        let event_ranges: Vec<Option<Range<u32>>> =
            selection.sessions.iter().map(|session| dataset_range(&dataset.events, selection.session_events(session))).collect();
        let sessions: Vec<Arc<SessionFacts>> = selection
            .sessions
            .iter()
            .zip(&event_ranges)
            .map(|(session, range)| {
                range.as_ref().and_then(|range| reuse.find(range)).unwrap_or_else(|| Arc::new(session_facts(&selection, session)))
            })
            .collect();
        let requests = &selection.requests;
        let mut group_of: BTreeMap<(&str, &str, &str), u32> = BTreeMap::new();
        let mut examples = Vec::new();
        // Looked up by key once per conversation, not per session and request.
        let mut conversation_groups: Vec<Option<u32>> = vec![None; dataset.conversations.len()];
        let mut group_index = |id: ConversationId| {
            if let Some(Some(group)) = conversation_groups.get(id.0 as usize) {
                return *group;
            }
            let key = group_key(dataset.conversation(id));
            let group = *group_of.entry(key).or_insert_with(|| {
                examples.push(id);
                examples.len() as u32 - 1
            });
            if let Some(slot) = conversation_groups.get_mut(id.0 as usize) {
                *slot = Some(group);
            }
            group
        };
        // (From the selection's sessions, not their facts: those lie all over the heap.)
        let session_groups: Vec<u32> = selection.sessions.iter().map(|session| group_index(session.conversation)).collect();
        let request_groups: Vec<u32> = requests.iter().map(|request| group_index(request.conversation)).collect();
        let mut group_sessions: Vec<Vec<&SessionFacts>> = vec![Vec::new(); examples.len()];
        for (facts, group) in sessions.iter().zip(&session_groups) {
            group_sessions[*group as usize].push(facts);
        }
        let mut group_requests: Vec<Vec<&Request>> = vec![Vec::new(); examples.len()];
        for (request, group) in requests.iter().zip(&request_groups) {
            group_requests[*group as usize].push(request);
        }
        let groups = examples
            .iter()
            .zip(group_sessions.iter().zip(&group_requests))
            .map(|(example, (sessions, requests))| Group {
                example: *example,
                totals: Totals::of(dataset.conversation(*example).project_name(), sessions, requests, settings.time_zone),
            })
            .collect();
        SessionBase { sessions, session_groups, groups, model: filters.model.clone(), event_ranges }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dashboard {
    pub summary: Summary,
    pub tables: Tables,
    pub sessions: Vec<Arc<SessionFacts>>,
    /// Where each of `sessions` sits in the base's sessions.
    pub base_indexes: Vec<u32>,
}

impl Dashboard {
    pub fn build(dataset: &Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> Dashboard {
        Dashboard::from_base(dataset, &SessionBase::build(dataset, filters, settings, today), filters, settings)
    }

    /// The dashboard of the conversations `filters` keep, from facts computed for all:
    /// the kept groups' totals merged, and their sessions in the base's order.
    pub fn from_base(dataset: &Dataset, base: &SessionBase, filters: &Filters, settings: &Settings) -> Dashboard {
        let kept: Vec<bool> = base.groups.iter().map(|group| filters.keeps_conversation(dataset.conversation(group.example))).collect();
        let mut totals = Totals::default();
        for (group, _) in base.groups.iter().zip(&kept).filter(|(_, keep)| **keep) {
            totals.merge(&group.totals);
        }
        let base_indexes: Vec<u32> = base
            .session_groups
            .iter()
            .enumerate()
            .filter(|(_, group)| kept[**group as usize])
            .map(|(index, _)| index as u32)
            .collect();
        let sessions = base_indexes.iter().map(|index| Arc::clone(&base.sessions[*index as usize])).collect();
        let mut summary = Summary {
            sessions: totals.sessions,
            conversations: totals.conversations,
            tokens: totals.tokens,
            cost_usd: totals.cost_usd,
            active_time_ms: totals.active_time_ms,
            requests: totals.requests,
            skipped_lines: dataset.diagnostics.skipped_lines(),
            code: totals.code,
            conversation: totals.conversation,
            rules: totals.rules,
            tools: totals.tools,
            ..Summary::default()
        };
        summary.estimated_loss_usd = summary.rules.estimated_loss_usd(settings.hourly_rate_usd);
        Dashboard { summary, tables: totals.tables.rows(&dataset.texts), sessions, base_indexes }
    }

    /// Everything in the dataset, unfiltered.
    pub fn unfiltered(dataset: &Dataset, settings: &Settings) -> Dashboard {
        Dashboard::build(dataset, &Filters::default(), settings, NaiveDate::default())
    }
}

/// The values each filter can take in a dataset, for the page's selectors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterChoices {
    pub people: Vec<String>,
    pub projects: Vec<String>,
    pub agents: Vec<String>,
    pub models: Vec<String>,
}

pub fn filter_choices(dataset: &Dataset) -> FilterChoices {
    let sorted = |items: BTreeSet<String>| items.into_iter().collect::<Vec<_>>();
    let mut models: BTreeMap<&str, u64> = BTreeMap::new();
    for request in &dataset.requests {
        *models.entry(dataset.text(request.model)).or_default() += 1;
    }
    FilterChoices {
        people: sorted(dataset.conversations.iter().map(|c| c.person.clone()).collect()),
        projects: sorted(dataset.conversations.iter().map(|c| c.project_name().to_owned()).collect()),
        agents: sorted(dataset.conversations.iter().map(|c| c.agent.label().to_owned()).collect()),
        models: models.into_keys().map(str::to_owned).collect(),
    }
}

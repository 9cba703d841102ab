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

use super::chart_series::DurationCounts;
use super::facts_reuse::{dataset_range, FactsReuse};
use super::group_totals::{group_sums, requests_per_session, Bucket, BucketSessions, DaySpan, GroupSums, Totals};
use super::narrowed_base::Origin;
use super::regressions::{base_runs, BaseRun};
use super::session_brief::SessionBrief;
use super::session_facts::{session_facts, SessionFacts};
use super::summary::Summary;
use super::tables::Tables;
use crate::metrics::selection::{Filters, Selection};
use crate::metrics::trends::WeekHours;
use crate::metrics::Settings;
use crate::model::{Conversation, ConversationId, Dataset};
use crate::timezone::LocalDays;

/// Per-session facts and the requests of a period and model, for every conversation,
/// with their sums kept per group of conversations the person, project and agent filters
/// tell apart (so a filter change merges a few groups' sums instead of every session's),
/// and within a group per day span (so a shorter period keeps most of them).
#[derive(Clone, Debug, Default)]
pub struct SessionBase {
    pub sessions: Vec<Arc<SessionFacts>>,
    /// For each session, what the cards and the rule catalogue read of its facts.
    pub(super) briefs: Vec<SessionBrief>,
    /// For each session, its conversation and its group in `groups`.
    pub(super) session_groups: Vec<(ConversationId, u32)>,
    /// For each session, the first and last local day of its events.
    pub(super) session_days: Vec<DaySpan>,
    pub(super) groups: Vec<GroupSums>,
    /// The model filter the facts are for (they depend on nothing else but the
    /// sessions' events).
    pub(super) model: Option<String>,
    /// For each session, its events as a range of the dataset's (see `dataset_range`).
    pub(super) event_ranges: Vec<Option<Range<u32>>>,
    /// The base this one was narrowed from, if it was.
    pub(super) origin: Option<Origin>,
    /// Its sessions' test runs, by project and runner, then time (see `regressions`).
    pub(super) test_runs: Vec<BaseRun>,
}

/// Two bases are equal when their sessions and sums are: where one was narrowed from
/// is not part of what it is.
impl PartialEq for SessionBase {
    fn eq(&self, other: &SessionBase) -> bool {
        self.sessions == other.sessions
            && self.briefs == other.briefs
            && self.session_groups == other.session_groups
            && self.session_days == other.session_days
            && self.groups == other.groups
            && self.model == other.model
            && self.event_ranges == other.event_ranges
            && self.test_runs == other.test_runs
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
        let (sessions, event_ranges) = facts_reusing(&selection, filters.model.as_ref(), earlier);
        let mut group_of: BTreeMap<(&str, &str, &str), u32> = BTreeMap::new();
        let mut examples = Vec::new();
        // Looked up by key once per conversation, not per session.
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
        let session_groups: Vec<(ConversationId, u32)> =
            selection.sessions.iter().map(|session| (session.conversation, group_index(session.conversation))).collect();
        let mut local_days = LocalDays::new(settings.time_zone);
        let session_days: Vec<DaySpan> = selection.sessions.iter().map(|session| DaySpan::of(&selection, session, &mut local_days)).collect();
        let mut buckets = BucketSessions::default();
        for (((facts, requests), (_, group)), days) in
            sessions.iter().zip(requests_per_session(&sessions, &selection.requests)).zip(&session_groups).zip(&session_days)
        {
            buckets.add(*group, *days, facts, requests);
        }
        let mut group_buckets: Vec<Vec<Bucket>> = vec![Vec::new(); examples.len()];
        let project = |group: u32| examples.get(group as usize).map_or("", |example| dataset.conversation(*example).project_name());
        for (group, bucket) in buckets.totals(project, settings.time_zone) {
            group_buckets[group as usize].push(bucket);
        }
        let groups = group_sums(examples.iter().copied(), group_buckets, &session_groups);
        let briefs: Vec<SessionBrief> = sessions.iter().map(|facts| SessionBrief::of(facts)).collect();
        let test_runs = base_runs(dataset, &sessions, &briefs, &session_groups);
        SessionBase { sessions, briefs, session_groups, session_days, groups, model: filters.model.clone(), event_ranges, origin: None, test_runs }
    }
}

/// The facts of the selection's sessions (taken from `earlier` bases of the model
/// `model` where they have them), and each session's events as a range of the dataset's.
pub(super) fn facts_reusing(selection: &Selection<'_>, model: Option<&String>, earlier: &[&SessionBase]) -> (Vec<Arc<SessionFacts>>, Vec<Option<Range<u32>>>) {
    let mut reuse =
        FactsReuse::new(earlier.iter().filter(|base| base.model.as_ref() == model).map(|base| (base.event_ranges.as_slice(), base.sessions.as_slice())));
    let event_ranges: Vec<Option<Range<u32>>> =
        selection.sessions.iter().map(|session| dataset_range(&selection.dataset.events, selection.session_events(session))).collect();
    let sessions: Vec<Arc<SessionFacts>> = selection
        .sessions
        .iter()
        .zip(&event_ranges)
        .map(|(session, range)| range.as_ref().and_then(|range| reuse.find(range)).unwrap_or_else(|| Arc::new(session_facts(selection, session))))
        .collect();
    (sessions, event_ranges)
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dashboard {
    pub summary: Summary,
    pub tables: Tables,
    pub durations: DurationCounts,
    /// Active time by local weekday and hour (the activity heatmap).
    pub active_hours: WeekHours,
    /// The base the dashboard is of, and where each of its sessions sits in the base's.
    base: Arc<SessionBase>,
    pub base_indexes: Vec<u32>,
    /// The base's groups the filters keep.
    kept_groups: Vec<u32>,
}

impl Dashboard {
    pub fn build(dataset: &Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> Dashboard {
        Dashboard::from_base(dataset, &Arc::new(SessionBase::build(dataset, filters, settings, today)), filters, settings)
    }

    /// The dashboard of the conversations `filters` keep, from facts computed for all:
    /// the kept groups' totals merged, and their sessions in the base's order.
    pub fn from_base(dataset: &Dataset, base: &Arc<SessionBase>, filters: &Filters, settings: &Settings) -> Dashboard {
        let kept: Vec<bool> = base.groups.iter().map(|group| filters.keeps_conversation(dataset.conversation(group.example))).collect();
        let mut totals = Totals::default();
        for (group, _) in base.groups.iter().zip(&kept).filter(|(_, keep)| **keep) {
            totals.merge(&group.totals);
        }
        let base_indexes: Vec<u32> =
            base.session_groups.iter().enumerate().filter(|(_, (_, group))| kept[*group as usize]).map(|(index, _)| index as u32).collect();
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
            quality: totals.quality,
            classes: totals.classes,
            outcomes: totals.outcomes,
            tools: totals.tools,
            ..Summary::default()
        };
        summary.estimated_loss_usd = summary.rules.estimated_loss_usd(&settings.minutes_to_fix, settings.hourly_rate_usd, summary.active_time_ms);
        let kept_groups = kept.iter().enumerate().filter(|(_, keep)| **keep).map(|(group, _)| group as u32).collect();
        Dashboard {
            summary,
            tables: totals.tables.rows(&dataset.texts),
            durations: totals.durations,
            active_hours: totals.active_hours,
            base: Arc::clone(base),
            base_indexes,
            kept_groups,
        }
    }

    /// The groups (person, project, agent) the filters keep: an example conversation of
    /// each and its totals.
    pub fn kept_groups(&self) -> impl Iterator<Item = (ConversationId, &Totals)> {
        self.kept_groups.iter().filter_map(|group| self.base.groups.get(*group as usize).map(|sums| (sums.example, &sums.totals)))
    }

    /// [`Dashboard::sessions`]' briefs.
    pub fn briefs(&self) -> impl Iterator<Item = &SessionBrief> {
        self.base_indexes.iter().filter_map(|index| self.base.briefs.get(*index as usize))
    }

    /// [`Dashboard::briefs`] with each session's group (see `group_example`) and the
    /// first local day of its events.
    pub fn briefs_with_group_and_day(&self) -> impl Iterator<Item = (&SessionBrief, u32, NaiveDate)> {
        self.base_indexes.iter().filter_map(|index| {
            let index = *index as usize;
            Some((self.base.briefs.get(index)?, self.base.session_groups.get(index)?.1, self.base.session_days.get(index)?.first))
        })
    }

    /// The base's test runs (see `regressions::base_runs`) and its number of sessions.
    pub fn base_runs(&self) -> (&[BaseRun], usize) {
        (&self.base.test_runs, self.base.sessions.len())
    }

    /// An example conversation of a group of the base.
    pub fn group_example(&self, group: u32) -> Option<ConversationId> {
        self.base.groups.get(group as usize).map(|sums| sums.example)
    }

    /// The sessions the filters keep, in the base's order.
    pub fn sessions(&self) -> impl Iterator<Item = &Arc<SessionFacts>> {
        self.base_indexes.iter().filter_map(|index| self.base.sessions.get(*index as usize))
    }

    /// The `index`th of [`Dashboard::sessions`].
    pub fn session(&self, index: usize) -> Option<&Arc<SessionFacts>> {
        self.base.sessions.get(*self.base_indexes.get(index)? as usize)
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
    // Other tools' records name people and (ccusage rows) agents too.
    let external = &dataset.external;
    let record_people =
        external.logged.iter().map(|e| &e.person).chain(external.tracked.iter().map(|s| &s.person)).chain(external.reported.iter().map(|r| &r.person));
    FilterChoices {
        people: sorted(dataset.conversations.iter().map(|c| &c.person).chain(record_people).cloned().collect()),
        projects: sorted(dataset.conversations.iter().map(|c| c.project_name().to_owned()).collect()),
        agents: sorted(
            dataset.conversations.iter().map(|c| c.agent).chain(external.reported.iter().map(|r| r.agent)).map(|agent| agent.label().to_owned()).collect(),
        ),
        models: models.into_keys().map(str::to_owned).collect(),
    }
}

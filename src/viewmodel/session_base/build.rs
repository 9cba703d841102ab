//! Building a session base from the dataset's selection, taking the facts of sessions
//! that earlier bases computed.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;

use super::facts_reuse::{dataset_range, FactsReuse};
use super::{BaseId, SessionBase};
use crate::metrics::selection::{Filters, Selection};
use crate::metrics::Settings;
use crate::model::{Conversation, ConversationId, Dataset};
use crate::timezone::LocalDays;
use crate::viewmodel::group_totals::{group_sums, requests_per_session, Bucket, BucketSessions, DaySpan};
use crate::viewmodel::regressions::base_runs;
use crate::viewmodel::session_brief::SessionBrief;
use crate::viewmodel::session_facts::{session_facts, SessionFacts};

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
        let Reused { sessions, event_ranges, facts_from } = facts_reusing(&selection, filters.model.as_ref(), earlier);
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
        SessionBase {
            id: BaseId::next(),
            sessions,
            briefs,
            session_groups,
            session_days,
            groups,
            model: filters.model.clone(),
            event_ranges,
            facts_from,
            test_runs,
        }
    }
}

/// The facts of the selection's sessions, taken from `earlier` bases of the model `model`
/// where they have them.
pub(super) struct Reused {
    pub sessions: Vec<Arc<SessionFacts>>,
    /// Each session's events as a range of the dataset's.
    pub event_ranges: Vec<Option<Range<u32>>>,
    /// For each session, the base its facts were taken from and their position there.
    pub facts_from: Vec<Option<(BaseId, u32)>>,
}

pub(super) fn facts_reusing(selection: &Selection<'_>, model: Option<&String>, earlier: &[&SessionBase]) -> Reused {
    let mut reuse = FactsReuse::new(
        earlier.iter().filter(|base| base.model.as_ref() == model).map(|base| (base.id, base.event_ranges.as_slice(), base.sessions.as_slice())),
    );
    let event_ranges: Vec<Option<Range<u32>>> =
        selection.sessions.iter().map(|session| dataset_range(&selection.dataset.events, selection.session_events(session))).collect();
    let mut facts_from = Vec::with_capacity(event_ranges.len());
    let sessions: Vec<Arc<SessionFacts>> = selection
        .sessions
        .iter()
        .zip(&event_ranges)
        .map(|(session, range)| match range.as_ref().and_then(|range| reuse.find(range)) {
            Some(found) => {
                facts_from.push(Some(found.from));
                found.facts
            }
            None => {
                facts_from.push(None);
                Arc::new(session_facts(selection, session))
            }
        })
        .collect();
    Reused { sessions, event_ranges, facts_from }
}

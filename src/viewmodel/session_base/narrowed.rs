//! A session base for a period inside another base's period (same model and settings),
//! made from that base instead of from the dataset. A session of the wider base whose
//! days all lie in the period is a session of the period as it is, with its facts; one
//! with no day in it is dropped; only those the period's edges cut are split again. The
//! sums of a day span that lies in the period are kept as they are (`group_totals`);
//! only the spans that the cut sessions fall in are summed again. So a period change
//! costs a walk over the wider base's sessions, not a selection of the dataset's events
//! and sums over every request.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use super::build::{facts_reusing, Reused};
use super::{BaseId, SessionBase};
use crate::metrics::selection::{PeriodBounds, Selection};
use crate::metrics::Settings;
use crate::model::{ConversationId, Dataset, Event};
use crate::timezone::LocalDays;
use crate::viewmodel::group_totals::{group_sums, requests_per_session, Bucket, BucketSessions, DaySpan};
use crate::viewmodel::regressions::narrowed_runs;
use crate::viewmodel::session_brief::SessionBrief;
use crate::viewmodel::session_facts::SessionFacts;

/// Where a session of the wider base lies against the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Within,
    Outside,
    Cut,
}

/// Events gathered from some of the wider base's sessions, each with the index of the
/// session it came from.
struct Gathered<'a> {
    events: Vec<&'a Event>,
    sources: Vec<u32>,
}

impl<'a> Gathered<'a> {
    fn new() -> Self {
        Gathered { events: Vec::new(), sources: Vec::new() }
    }

    fn add(&mut self, source: usize, events: impl IntoIterator<Item = &'a Event>) {
        let before = self.events.len();
        self.events.extend(events);
        self.sources.resize(self.sources.len() + self.events.len() - before, source as u32);
    }

    /// The selection of the gathered events, and the wider session each of its sessions
    /// came from (sessions never join across wider sessions: those are apart by more
    /// than the idle cutoff, and dropping events only widens gaps).
    fn select(self, dataset: &'a Dataset, model: Option<&str>, settings: &Settings) -> (Selection<'a>, Vec<Option<u32>>) {
        let sources = self.sources;
        let selection = Selection::of_kept_events(dataset, model, settings, self.events);
        let session_sources = selection.sessions.iter().map(|session| sources.get(session.events.start).copied()).collect();
        (selection, session_sources)
    }
}

impl SessionBase {
    /// The base of `period`, which lies inside `wider`'s period (of the same model and
    /// settings), taking facts from `earlier` bases where they have them. `None` when
    /// `wider` does not know its sessions' events as ranges of the dataset's.
    pub fn narrowed(dataset: &Dataset, wider: &Arc<SessionBase>, period: PeriodBounds, settings: &Settings, earlier: &[&SessionBase]) -> Option<SessionBase> {
        let mut local_days = LocalDays::new(settings.time_zone);
        let places: Vec<Place> = wider
            .session_days
            .iter()
            .map(|days| {
                if days.is_within(&period) {
                    Place::Within
                } else if days.is_outside(&period) {
                    Place::Outside
                } else {
                    Place::Cut
                }
            })
            .collect();
        let events_of = |index: usize| -> Option<&[Event]> {
            let range = wider.event_ranges.get(index)?.as_ref()?;
            dataset.events.get(range.start as usize..range.end as usize)
        };
        let model = wider.model.as_deref();
        // The cut sessions split again, for the day spans they fall in.
        let mut cut = Gathered::new();
        for (index, _) in places.iter().enumerate().filter(|(_, place)| **place == Place::Cut) {
            cut.add(index, period.events_within(events_of(index)?, &mut local_days));
        }
        let (cut_selection, cut_sources) = cut.select(dataset, model, settings);
        let group_of = |source: Option<u32>| Some(wider.session_groups.get(source? as usize)?.1);
        let touched: BTreeSet<(u32, DaySpan)> = cut_selection
            .sessions
            .iter()
            .zip(&cut_sources)
            .filter_map(|(session, source)| Some((group_of(*source)?, DaySpan::of(&cut_selection, session, &mut local_days))))
            .collect();
        // Every session of those spans, cut or not, for their sums.
        let mut spans = Gathered::new();
        for (index, place) in places.iter().enumerate() {
            match place {
                Place::Cut => spans.add(index, period.events_within(events_of(index)?, &mut local_days)),
                Place::Within if touched.contains(&(wider.session_groups[index].1, wider.session_days[index])) => spans.add(index, events_of(index)?),
                _ => {}
            }
        }
        let (selection, sources) = spans.select(dataset, model, settings);
        let mut with_wider = earlier.to_vec();
        with_wider.push(wider.as_ref());
        let Reused { sessions: facts, event_ranges, facts_from } = facts_reusing(&selection, wider.model.as_ref(), &with_wider);
        let days: Vec<DaySpan> = selection.sessions.iter().map(|session| DaySpan::of(&selection, session, &mut local_days)).collect();

        // The period's sessions in the wider base's order: its own where within, the
        // new ones where cut; groups numbered as they first come.
        let count = places.iter().filter(|place| **place != Place::Outside).count() + facts.len();
        let mut narrowed = SessionBase {
            id: BaseId::next(),
            sessions: Vec::with_capacity(count),
            briefs: Vec::with_capacity(count),
            session_groups: Vec::with_capacity(count),
            session_days: Vec::with_capacity(count),
            event_ranges: Vec::with_capacity(count),
            facts_from: Vec::with_capacity(count),
            model: wider.model.clone(),
            ..SessionBase::default()
        };
        let mut positions = Vec::with_capacity(count);
        let mut group_numbers: Vec<Option<u32>> = vec![None; wider.groups.len()];
        let mut examples: Vec<(ConversationId, u32)> = Vec::new();
        let mut number = |conversation: ConversationId, wider_group: u32| -> u32 {
            let slot = &mut group_numbers[wider_group as usize];
            *slot.get_or_insert_with(|| {
                examples.push((conversation, wider_group));
                examples.len() as u32 - 1
            })
        };
        let mut next_new = 0;
        for (index, place) in places.iter().enumerate() {
            match place {
                Place::Within => {
                    let (conversation, wider_group) = wider.session_groups[index];
                    narrowed.push(
                        Arc::clone(&wider.sessions[index]),
                        wider.briefs[index],
                        (conversation, number(conversation, wider_group)),
                        wider.session_days[index],
                        wider.event_ranges[index].clone(),
                        Some((wider.id, index as u32)),
                    );
                    positions.push(Some(index as u32));
                }
                Place::Cut => {
                    // (The sessions before it in `sources` are within ones, pushed above.)
                    let from = |new: usize| sources.get(new).copied().flatten().map(|source| source as usize);
                    while from(next_new).is_some_and(|source| source < index) {
                        next_new += 1;
                    }
                    while from(next_new) == Some(index) {
                        let (conversation, wider_group) = wider.session_groups[index];
                        let new = next_new;
                        narrowed.push(
                            Arc::clone(&facts[new]),
                            SessionBrief::of(&facts[new]),
                            (conversation, number(conversation, wider_group)),
                            days[new],
                            event_ranges[new].clone(),
                            facts_from[new],
                        );
                        positions.push(None);
                        next_new += 1;
                    }
                }
                Place::Outside => {}
            }
        }
        let mut recounted = BucketSessions::default();
        for (((new_facts, requests), source), days) in facts.iter().zip(requests_per_session(&facts, &selection.requests)).zip(&sources).zip(&days) {
            if let Some(Some(group)) = group_of(*source).and_then(|wider_group| group_numbers.get(wider_group as usize)) {
                recounted.add(*group, *days, new_facts, requests);
            }
        }
        let project = |group: u32| examples.get(group as usize).map_or("", |(example, _)| dataset.conversation(*example).project_name());
        let mut group_buckets: Vec<Vec<Bucket>> = examples
            .iter()
            .map(|(_, wider_group)| {
                wider.groups[*wider_group as usize]
                    .buckets
                    .iter()
                    .filter(|bucket| bucket.days.is_within(&period) && !touched.contains(&(*wider_group, bucket.days)))
                    .cloned()
                    .collect()
            })
            .collect();
        for (group, bucket) in recounted.totals(project, settings.time_zone) {
            group_buckets[group as usize].push(bucket);
        }
        narrowed.groups = group_sums(examples.iter().map(|(example, _)| *example), group_buckets, &narrowed.session_groups);
        let cut_runs: Vec<(u32, i64, u32)> = positions
            .iter()
            .enumerate()
            .filter(|(at, position)| position.is_none() && narrowed.briefs.get(*at).is_some_and(|brief| brief.has_test_runs))
            .flat_map(|(at, _)| narrowed.sessions[at].test_runs.iter().map(move |(time_ms, check)| (at as u32, *time_ms, *check)))
            .collect();
        narrowed.test_runs = narrowed_runs(&wider.test_runs, wider.sessions.len(), &positions, &cut_runs);
        Some(narrowed)
    }

    fn push(
        &mut self,
        facts: Arc<SessionFacts>,
        brief: SessionBrief,
        group: (ConversationId, u32),
        days: DaySpan,
        events: Option<Range<u32>>,
        from: Option<(BaseId, u32)>,
    ) {
        self.sessions.push(facts);
        self.briefs.push(brief);
        self.session_groups.push(group);
        self.session_days.push(days);
        self.event_ranges.push(events);
        self.facts_from.push(from);
    }
}

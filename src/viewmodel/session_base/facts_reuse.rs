//! Finding a session's facts in bases computed before. A session's facts depend on its
//! events and the model filter only, so a session that another period or idle cutoff
//! split out the same (the same run of the dataset's events) has the same facts: a
//! period change recomputes only the sessions its edges cut. Where a session's facts
//! were found is kept with it (the base and the position there), so that what was made
//! of those facts (the sessions list's cells) is found again the same way.

use std::ops::Range;
use std::sync::Arc;

use super::BaseId;
use crate::model::Event;
use crate::viewmodel::session_facts::SessionFacts;

/// A session's events as a range of the dataset's events, when they are every event of
/// the dataset in that range (what [`FactsReuse`] can match); `None` otherwise.
pub fn dataset_range(dataset_events: &[Event], session_events: &[&Event]) -> Option<Range<u32>> {
    let start = dataset_events.as_ptr() as usize;
    let index = |event: &Event| (event as *const Event as usize).checked_sub(start).map(|offset| offset / size_of::<Event>());
    let first = index(session_events.first()?)?;
    let last = index(session_events.last()?)?;
    (last + 1 - first == session_events.len() && last < dataset_events.len())
        .then(|| u32::try_from(first).ok().zip(u32::try_from(last + 1).ok()))
        .flatten()
        .map(|(first, end)| first..end)
}

/// An earlier base's sessions: the base, their events' ranges and facts, and how far the
/// lookups got.
type Earlier<'a> = (BaseId, &'a [Option<Range<u32>>], &'a [Arc<SessionFacts>], usize);

/// A session's facts found in an earlier base, with where: that base and the session's
/// position in it.
pub struct Found {
    pub facts: Arc<SessionFacts>,
    pub from: (BaseId, u32),
}

/// Earlier bases' sessions, looked up in the dataset's order.
pub struct FactsReuse<'a> {
    earlier: Vec<Earlier<'a>>,
}

impl<'a> FactsReuse<'a> {
    pub fn new(earlier: impl IntoIterator<Item = (BaseId, &'a [Option<Range<u32>>], &'a [Arc<SessionFacts>])>) -> Self {
        FactsReuse { earlier: earlier.into_iter().map(|(base, ranges, facts)| (base, ranges, facts, 0)).collect() }
    }

    /// The facts of the session over `range`, if an earlier base has it. Lookups must come
    /// in ascending order of range (sessions in the dataset's order).
    pub fn find(&mut self, range: &Range<u32>) -> Option<Found> {
        for (base, ranges, facts, next) in &mut self.earlier {
            while let Some(candidate) = ranges.get(*next) {
                match candidate {
                    Some(candidate) if candidate.start >= range.start => break,
                    _ => *next += 1,
                }
            }
            if ranges.get(*next).and_then(Option::as_ref) == Some(range) {
                return facts.get(*next).map(|facts| Found { facts: Arc::clone(facts), from: (*base, *next as u32) });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConversationId, EventKind};
    use crate::viewmodel::session_facts::Outcome;

    fn events(count: usize) -> Vec<Event> {
        (0..count)
            .map(|index| Event {
                timestamp_ms: index as i64,
                line: crate::model::LineKey::NONE,
                conversation: ConversationId(0),
                is_sidechain: false,
                kind: EventKind::SystemMeta,
            })
            .collect()
    }

    #[test]
    fn only_unbroken_runs_have_a_range() {
        let all = events(6);
        assert_eq!(dataset_range(&all, &[&all[1], &all[2], &all[3]]), Some(1..4));
        assert_eq!(dataset_range(&all, &[&all[1], &all[3]]), None);
        assert_eq!(dataset_range(&all, &[]), None);
        let elsewhere = events(2);
        assert_eq!(dataset_range(&all, &[&elsewhere[0]]), None);
    }

    #[test]
    fn finds_equal_ranges_in_any_earlier_base() {
        let facts = |start_ms: i64| {
            Arc::new(SessionFacts {
                conversation: ConversationId(0),
                start_ms,
                active_time_ms: 0,
                conversation_stats: Default::default(),
                tools: Default::default(),
                code: Default::default(),
                files: Default::default(),
                rules: Default::default(),
                quality: Default::default(),
                requests: 0,
                first_prompt: String::new(),
                models: Vec::new(),
                usage: Default::default(),
                cost_usd: 0.0,
                outcome: Outcome::Abandoned,
                committed: None,
                practices: Default::default(),
                test_runs: Vec::new(),
            })
        };
        let first_ranges = [Some(0..3), None, Some(5..9)];
        let first_facts = [facts(0), facts(1), facts(5)];
        let second_ranges = [Some(3..5), Some(9..12)];
        let second_facts = [facts(3), facts(9)];
        let (first, second) = (BaseId(1), BaseId(2));
        let mut reuse = FactsReuse::new([(first, &first_ranges[..], &first_facts[..]), (second, &second_ranges[..], &second_facts[..])]);
        let mut find = |range: std::ops::Range<u32>| reuse.find(&range).map(|found| (found.facts.start_ms, found.from));
        assert_eq!(find(0..2), None);
        assert_eq!(find(3..5), Some((3, (second, 0))));
        assert_eq!(find(5..9), Some((5, (first, 2))));
        assert_eq!(find(9..11), None);
        assert_eq!(find(9..12), Some((9, (second, 1))));
    }
}

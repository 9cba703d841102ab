//! The session base: the expensive stage of a dashboard, and the cache that keeps a few.
//!
//! Contract:
//! - A [`SessionBase`] holds, for one dataset, period, model filter and settings (all but
//!   the hourly rate and minutes to fix), every session's facts (`SessionFacts`) and their
//!   sums per group of conversations (person, project, agent) and day span. What it holds
//!   is what [`SessionBase::build`] computes from the dataset, however it was made: built,
//!   built reusing earlier bases' facts (`facts_reuse`), or narrowed from a base of a wider
//!   period (`narrowed`). The tests `session_bases` and `narrowed_bases` hold it to that.
//! - [`SessionBases`] (`cache`) keeps the last few bases of one dataset and hands out the
//!   one for a [`BaseKey`]; [`SessionCells`] (`cells`) keeps the sessions list's cells of
//!   the bases still alive.
//! - Its fields are this folder's; views read them through the accessors below.
//!   Sessions are named by their position in a base, a base by its [`BaseId`], and a
//!   session's events by their range of the dataset's events.

mod build;
mod cache;
mod cells;
mod facts_reuse;
mod narrowed;

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::group_totals::{DaySpan, GroupSums};
use super::regressions::BaseRun;
use super::session_brief::SessionBrief;
use super::session_facts::SessionFacts;
use crate::metrics::selection::PeriodBounds;
use crate::model::ConversationId;

pub use cache::{BaseKey, SessionBases, KEPT_BASES};
pub use cells::{BaseCells, SessionCells};

/// A base's identity: a number no other base of this run of the program has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BaseId(u64);

impl BaseId {
    fn next() -> BaseId {
        static LAST: AtomicU64 = AtomicU64::new(0);
        BaseId(LAST.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

/// Every base made, an empty one too, is a base of its own.
impl Default for BaseId {
    fn default() -> Self {
        BaseId::next()
    }
}

/// Per-session facts and the requests of a period and model, for every conversation,
/// with their sums kept per group of conversations the person, project and agent filters
/// tell apart (so a filter change merges a few groups' sums instead of every session's),
/// and within a group per day span (so a shorter period keeps most of them).
#[derive(Clone, Debug, Default)]
pub struct SessionBase {
    id: BaseId,
    sessions: Vec<Arc<SessionFacts>>,
    /// For each session, what the cards and the rule catalogue read of its facts.
    briefs: Vec<SessionBrief>,
    /// For each session, its conversation and its group in `groups`.
    session_groups: Vec<(ConversationId, u32)>,
    /// For each session, the first and last local day of its events.
    session_days: Vec<DaySpan>,
    groups: Vec<GroupSums>,
    /// The model filter the facts are for (they depend on nothing else but the
    /// sessions' events).
    model: Option<String>,
    /// For each session, its events as a range of the dataset's (see `dataset_range`).
    event_ranges: Vec<Option<Range<u32>>>,
    /// For each session, the base its facts were taken from and their position there (a
    /// base it was narrowed from, or one whose sessions it shares).
    facts_from: Vec<Option<(BaseId, u32)>>,
    /// Its sessions' test runs, by project and runner, then time (see `regressions`).
    test_runs: Vec<BaseRun>,
}

/// Two bases are equal when their sessions and sums are: which base one is, and where
/// its facts were taken from, are not part of what it is.
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

impl SessionBase {
    pub fn id(&self) -> BaseId {
        self.id
    }

    /// Each session's facts, in the dataset's order.
    pub fn sessions(&self) -> &[Arc<SessionFacts>] {
        &self.sessions
    }

    /// For each session, what the cards and the rule catalogue read of its facts.
    pub fn briefs(&self) -> &[SessionBrief] {
        &self.briefs
    }

    /// For each session, its conversation and its group (an index into `groups`).
    pub fn session_groups(&self) -> &[(ConversationId, u32)] {
        &self.session_groups
    }

    /// For each session, the first and last local day of its events.
    pub fn session_days(&self) -> &[DaySpan] {
        &self.session_days
    }

    /// The sums per group of conversations.
    pub fn groups(&self) -> &[GroupSums] {
        &self.groups
    }

    /// Its sessions' test runs, by project and runner, then time.
    pub fn test_runs(&self) -> &[BaseRun] {
        &self.test_runs
    }

    /// Whether every day of every session lies in `period`: its base of that period is
    /// this one.
    pub fn lies_within(&self, period: &PeriodBounds) -> bool {
        self.session_days.iter().all(|days| days.is_within(period))
    }
}

//! The last few session bases of one dataset, so that going back to a period, model or
//! idle cutoff shown before costs nothing, and a new one reuses the facts of every
//! session they share (see `facts_reuse`).

use std::sync::{Arc, Weak};

use chrono::NaiveDate;

use super::SessionBase;
use crate::metrics::rules::MinutesToFix;
use crate::metrics::selection::{Filters, PeriodBounds};
use crate::metrics::{Settings, DEFAULT_HOURLY_RATE_USD};
use crate::model::Dataset;

/// Bases kept. Those of other periods share most of their facts with each other; one of
/// another idle cutoff or model shares few (at 100k sessions about 40 MB).
pub const KEPT_BASES: usize = 3;

/// What a session base depends on: the filters that do not drop whole conversations,
/// the settings but the hourly rate and minutes to fix, and the day periods end on.
#[derive(Clone, Debug, PartialEq)]
pub struct BaseKey {
    pub filters: Filters,
    pub settings: Settings,
    pub today: NaiveDate,
}

impl BaseKey {
    pub fn new(filters: &Filters, settings: &Settings, today: NaiveDate) -> BaseKey {
        BaseKey {
            filters: filters.without_conversation_filters(),
            settings: Settings { hourly_rate_usd: DEFAULT_HOURLY_RATE_USD, minutes_to_fix: MinutesToFix::default(), ..*settings },
            today,
        }
    }

    /// The period's days, `None` for all time.
    pub fn period(&self) -> Option<PeriodBounds> {
        self.filters.period.dates(self.today).map(|(from, to)| PeriodBounds::new(from, to))
    }

    /// Whether sessions are split and their facts computed the same for both keys (the
    /// same model filter and settings).
    fn same_sessions_as(&self, other: &BaseKey) -> bool {
        self.filters.model == other.filters.model && self.settings == other.settings
    }

    /// Whether the base of `other` is this one's narrowed to a period inside this one's.
    fn contains(&self, other: &BaseKey) -> bool {
        self.same_sessions_as(other)
            && match (self.period(), other.period()) {
                (None, _) => true,
                (Some(wide), Some(narrow)) => wide.from <= narrow.from && narrow.to <= wide.to,
                (Some(_), None) => false,
            }
    }
}

#[derive(Debug, Default)]
pub struct SessionBases {
    /// The dataset the bases are of (held weakly, so it is freed with its last user and
    /// its address is not reused while this remembers it).
    dataset: Weak<Dataset>,
    /// Least recently used first.
    bases: Vec<(BaseKey, Arc<SessionBase>)>,
}

impl SessionBases {
    /// The base for `key`: kept, or built reusing the kept ones' facts. Also returns the
    /// bases let go (of another dataset, or beyond [`KEPT_BASES`]), for the caller to
    /// free when it suits it.
    pub fn get(&mut self, dataset: &Arc<Dataset>, key: &BaseKey) -> (Arc<SessionBase>, Vec<Arc<SessionBase>>) {
        let mut let_go = Vec::new();
        if !Weak::ptr_eq(&self.dataset, &Arc::downgrade(dataset)) {
            self.dataset = Arc::downgrade(dataset);
            let_go.extend(self.bases.drain(..).map(|(_, base)| base));
        }
        if let Some(index) = self.bases.iter().position(|(kept, _)| kept == key) {
            let entry = self.bases.remove(index);
            let base = Arc::clone(&entry.1);
            self.bases.push(entry);
            return (base, let_go);
        }
        let earlier: Vec<&SessionBase> = self.bases.iter().map(|(_, base)| base.as_ref()).collect();
        let wider = key
            .period()
            .and_then(|period| Some((period, self.bases.iter().filter(|(kept, _)| kept.contains(key)).min_by_key(|(_, base)| base.sessions.len())?)));
        let base = match wider {
            // Every session of the wider base lies in the period (a folder the agent
            // purges after 30 days, seen for 90): the same sessions, the same sums.
            Some((period, (_, wider))) if wider.lies_within(&period) => Some(Arc::clone(wider)),
            Some((period, (_, wider))) => SessionBase::narrowed(dataset, wider, period, &key.settings, &earlier).map(Arc::new),
            None => None,
        }
        .unwrap_or_else(|| Arc::new(SessionBase::build_reusing(dataset, &key.filters, &key.settings, key.today, &earlier)));
        self.bases.push((key.clone(), Arc::clone(&base)));
        // The least recently used go first, but all time (of this model and settings)
        // stays while there is another to let go: every period narrows it.
        while self.bases.len() > KEPT_BASES {
            let index = self.bases.iter().position(|(kept, _)| !(kept.period().is_none() && kept.same_sessions_as(key))).unwrap_or(0);
            let_go.push(self.bases.remove(index).1);
        }
        (base, let_go)
    }
}

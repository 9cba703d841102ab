//! The page's shared state: one signal for the loaded dataset (behind an `Arc`, never
//! one signal per event), the load phase and progress, the user's controls, and the
//! dashboard computed once from them.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use super::drop_later::drop_later;
use super::keeping::KeepStatus;
use super::worker_host::LoadStats;
use crate::keep::history::DropMode;
use crate::model::{Dataset, PersonLabels};
use crate::timezone::{local_date, Tz};
use crate::viewmodel::controls::Controls;
use crate::viewmodel::dashboard::Dashboard;
use crate::viewmodel::page_views::PageView;
use crate::viewmodel::session_base::SessionBase;
use crate::viewmodel::session_base::{BaseKey, SessionBases};
use crate::viewmodel::trends::{dashboard_trends, Trends};

/// What the app root's `data-state` says.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Empty,
    Loading,
    Ready,
    Error(String),
}

impl Phase {
    pub fn data_state(&self) -> &'static str {
        match self {
            Phase::Empty => "empty",
            Phase::Loading => "loading",
            Phase::Ready => "ready",
            Phase::Error(_) => "error",
        }
    }
}

/// Bytes read so far of the bytes to read.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub done_bytes: u64,
    pub total_bytes: u64,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub phase: RwSignal<Phase>,
    pub progress: RwSignal<Progress>,
    /// Counts loads started or cancelled; a load whose number is no longer current is dropped.
    pub load_generation: RwSignal<u64>,
    /// How many workers parsed the last load (none: the page's thread did), and where
    /// their time went.
    pub load_stats: RwSignal<LoadStats>,
    pub dataset: RwSignal<Option<Arc<Dataset>>>,
    /// What this browser keeps (kept history), and what the last drop read.
    pub keep: RwSignal<KeepStatus>,
    /// The person the transcripts of a drop are labelled with (exports carry their own).
    pub person_label: RwSignal<String>,
    /// The person labels as the user renamed them (kept with the parts).
    pub labels: RwSignal<PersonLabels>,
    /// Whether the dataset shown is the demo (never kept, its renames neither).
    pub shows_demo: RwSignal<bool>,
    pub controls: RwSignal<Controls>,
    /// What a new drop does with what is kept (chosen beside the inputs).
    pub drop_mode: RwSignal<DropMode>,
    /// The view below the top bar (kept in the URL as `view=`).
    pub view: RwSignal<PageView>,
    /// The browser's own zone: the default, left out of the URL.
    pub browser_zone: Tz,
    /// Per-session facts for the period and settings (see `SessionBase`).
    pub base: Memo<Option<Arc<SessionBase>>>,
    pub dashboard: Memo<Option<Arc<Dashboard>>>,
    /// The dashboard's measures per day over the period, with their rolling averages
    /// (the trends chart and the cards' sparklines).
    pub trends: Memo<Trends>,
}

impl AppState {
    pub fn new(controls: Controls, view: PageView, browser_zone: Tz) -> Self {
        let dataset = RwSignal::new(None::<Arc<Dataset>>);
        let controls = RwSignal::new(controls);
        // What the per-session facts depend on: changing only the person, project or agent
        // filter or the hourly rate reuses them.
        let base_key = Memo::new(move |_| {
            controls.with(|c| {
                let today = c.today.unwrap_or_else(|| today_in(c.settings.time_zone));
                BaseKey::new(&c.filters, &c.settings, today)
            })
        });
        // The last few bases: a period, model or idle cutoff shown before comes back at
        // once, and a new one reuses the facts of the sessions they share.
        let kept_bases = StoredValue::new(SessionBases::default());
        let base = Memo::new_with_compare(
            move |_| {
                let key = base_key.get();
                dataset.with(|dataset| {
                    let Some(dataset) = dataset.as_ref() else {
                        // Nothing shown (a load is merging its replacement): the old bases go
                        // now, before the new dataset takes their memory's place.
                        kept_bases.update_value(|bases| *bases = SessionBases::default());
                        return None;
                    };
                    cached_base(kept_bases, dataset, &key)
                })
            },
            changed_by_identity,
        );
        let dashboard = Memo::new_with_compare(
            move |_| {
                let (filters, settings) = controls.with(|c| (c.filters.clone(), c.settings));
                dataset.with(|dataset| {
                    base.with(|base| match (dataset, base) {
                        (Some(dataset), Some(base)) => Some(Arc::new(Dashboard::from_base(dataset, base, &filters, &settings))),
                        _ => None,
                    })
                })
            },
            changed_by_identity,
        );
        let trends = Memo::new(move |_| {
            let period = controls.with(|c| {
                let today = c.today.unwrap_or_else(|| today_in(c.settings.time_zone));
                c.filters.period.dates(today)
            });
            dashboard.with(|dashboard| dashboard.as_deref().map(|dashboard| dashboard_trends(dashboard, period)).unwrap_or_default())
        });
        AppState {
            phase: RwSignal::new(Phase::Empty),
            progress: RwSignal::new(Progress::default()),
            load_generation: RwSignal::new(0),
            load_stats: RwSignal::new(LoadStats::default()),
            dataset,
            keep: RwSignal::new(KeepStatus::default()),
            person_label: RwSignal::new(String::from(super::loader::DEFAULT_PERSON)),
            labels: RwSignal::new(PersonLabels::default()),
            shows_demo: RwSignal::new(false),
            controls,
            view: RwSignal::new(view),
            drop_mode: RwSignal::new(DropMode::default()),
            browser_zone,
            base,
            dashboard,
            trends,
        }
    }

    /// Labels the loaded transcripts of `from` with `to` (and the person filter with
    /// them), and notes the rename for kept data (not for the demo's). The dataset is
    /// replaced, so everything computed from it is computed again.
    pub fn relabel_person(&self, from: &str, to: &str) {
        if from == to {
            return;
        }
        if !self.shows_demo.get_untracked() {
            self.labels.update(|labels| labels.rename(from, to));
        }
        let Some(shared) = self.dataset.try_update_untracked(Option::take).flatten() else { return };
        let mut dataset = Arc::try_unwrap(shared).unwrap_or_else(|shared| (*shared).clone());
        dataset.relabel_person(from, to);
        self.dataset.set(Some(Arc::new(dataset)));
        if self.controls.with_untracked(|c| c.filters.person.as_deref() == Some(from)) {
            self.controls.update(|c| c.filters.person = Some(to.to_owned()));
        }
    }

    /// What `build` makes of the loaded dataset and its dashboard (tracked by the caller's
    /// memo or view); the default before anything is loaded.
    pub fn with_loaded<T: Default>(&self, build: impl FnOnce(&Dataset, &Dashboard) -> T) -> T {
        self.dataset.with(|dataset| {
            self.dashboard.with(|dashboard| match (dataset, dashboard) {
                (Some(dataset), Some(dashboard)) => build(dataset, dashboard),
                _ => T::default(),
            })
        })
    }

    /// The day periods end on.
    pub fn today(&self) -> NaiveDate {
        self.controls.with(|c| c.today.unwrap_or_else(|| today_in(c.settings.time_zone)))
    }
}

/// The session base of `key` from `kept` (made and kept there when it is not), the bases
/// it lets go dropped after the frame.
pub fn cached_base(kept: StoredValue<SessionBases>, dataset: &Arc<Dataset>, key: &BaseKey) -> Option<Arc<SessionBase>> {
    let (base, let_go) = kept.try_update_value(|bases| bases.get(dataset, key))?;
    if !let_go.is_empty() {
        drop_later(let_go);
    }
    Some(base)
}

/// Whether a memo's shared value changed, by identity: it is recomputed only when its
/// inputs changed, and comparing two dashboards (or two session bases) field by field
/// cost more than recomputing them (35 ms per filter change at 100k sessions, profiled).
pub fn changed_by_identity<T>(old: Option<&Option<Arc<T>>>, new: Option<&Option<Arc<T>>>) -> bool {
    match (old, new) {
        (Some(Some(old)), Some(Some(new))) => !Arc::ptr_eq(old, new),
        (Some(None), Some(None)) => false,
        _ => true,
    }
}

/// Today in `zone`, from the browser's clock.
pub fn today_in(zone: Tz) -> NaiveDate {
    local_date(js_sys::Date::now() as i64, zone)
}

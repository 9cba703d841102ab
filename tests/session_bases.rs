//! Session bases built reusing earlier bases' facts (`viewmodel::base_cache`) equal
//! bases built afresh, across periods, idle cutoffs, models and time zones; the sessions
//! list's cells are kept per session (`viewmodel::session_cells`).
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::sync::Arc;

use chrono::NaiveDate;
use session_lens::metrics::selection::{Filters, Period};
use session_lens::metrics::Settings;
use session_lens::timezone::parse_time_zone;
use session_lens::viewmodel::dashboard::{filter_choices, Dashboard};
use session_lens::viewmodel::session_base::SessionBase;
use session_lens::viewmodel::session_base::SessionCells;
use session_lens::viewmodel::session_base::{BaseKey, SessionBases, KEPT_BASES};
use session_lens::viewmodel::table_view;

#[test]
fn reused_facts_give_the_same_bases_as_building_afresh() {
    let dataset = Arc::new(common::demo_dataset());
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    // Midnight in Kolkata is 18:30 UTC: the demo's evening sessions cross it.
    let settings = Settings { time_zone: parse_time_zone("Asia/Kolkata").expect("zone"), ..Settings::default() };
    let model = filter_choices(&dataset).models.first().cloned();
    assert!(model.is_some());
    // A period whose first midnight cuts some session (the demo's evening sessions cross
    // midnight in Kolkata on some days, not on others): found, not assumed.
    let cuts = |days: u32| {
        let mut scratch = SessionBases::default();
        let all_time = scratch.get(&dataset, &BaseKey::new(&Filters::default(), &settings, today)).0;
        let filters = Filters { period: Period::LastDays(days), ..Filters::default() };
        let period = scratch.get(&dataset, &BaseKey::new(&filters, &settings, today)).0;
        period.sessions().iter().any(|facts| !all_time.sessions().iter().any(|kept| Arc::ptr_eq(kept, facts)))
    };
    let days = (3..=60).find(|days| cuts(*days)).expect("a period that cuts a session");
    let steps = [
        (Period::All, 10, None),
        (Period::LastDays(days), 10, None),
        (Period::LastDays(30), 2, None),
        (Period::All, 10, model),
        (Period::Range { from: NaiveDate::from_ymd_opt(2026, 10, 5).expect("date"), to: NaiveDate::from_ymd_opt(2026, 11, 2).expect("date") }, 10, None),
        (Period::LastDays(days), 10, None),
    ];
    let mut bases = SessionBases::default();
    let mut shown = Vec::new();
    for (period, idle_minutes, model) in steps {
        let filters = Filters { period, model, ..Filters::default() };
        let settings = Settings { idle_cutoff_ms: idle_minutes * 60_000, ..settings };
        let (base, _) = bases.get(&dataset, &BaseKey::new(&filters, &settings, today));
        assert_eq!(*base, SessionBase::build(&dataset, &filters, &settings, today), "{filters:?}, {idle_minutes} min");
        shown.push(Dashboard::from_base(&dataset, &base, &filters, &settings));
    }
    // The shorter period took most of its sessions' facts from all time, and computed
    // those its first day's midnight cut.
    let all_time: Vec<_> = shown[0].sessions().collect();
    let week: Vec<_> = shown[1].sessions().collect();
    let shared = week.iter().filter(|facts| all_time.iter().any(|kept| Arc::ptr_eq(kept, facts))).count();
    assert!(shared > 0 && shared < week.len(), "{shared} of {} shared", week.len());
    // The last key again: the kept base itself, nothing let go.
    let filters = Filters { period: Period::LastDays(days), ..Filters::default() };
    let key = BaseKey::new(&filters, &Settings { idle_cutoff_ms: 10 * 60_000, ..settings }, today);
    let (again, let_go) = bases.get(&dataset, &key);
    let (same, _) = bases.get(&dataset, &key);
    assert!(Arc::ptr_eq(&again, &same));
    assert!(let_go.is_empty());
    // Another dataset lets every kept base go.
    let (_, let_go) = bases.get(&Arc::new(common::demo_dataset()), &key);
    assert_eq!(let_go.len(), KEPT_BASES);
}

#[test]
fn session_cells_are_made_once_per_session_and_zone() {
    let dataset = common::demo_dataset();
    let utc = Settings::default();
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let all_time = Arc::new(SessionBase::build(&dataset, &Filters::default(), &utc, today));
    let week_filters = Filters { period: Period::LastDays(7), ..Filters::default() };
    let week = Arc::new(SessionBase::build_reusing(&dataset, &week_filters, &utc, today, &[&all_time]));
    let mut kept = SessionCells::default();
    let all_cells = kept.cells(&dataset, &all_time, utc.time_zone);
    assert_eq!(all_cells.len(), all_time.sessions().len());
    for (facts, cells) in all_time.sessions().iter().zip(all_cells.iter()) {
        assert_eq!(*cells, table_view::session_cells(&dataset, facts, utc.time_zone));
    }
    // The week's sessions are all-time sessions (UTC days cut no demo session): their
    // cells are the ones made before.
    let week_cells = kept.cells(&dataset, &week, utc.time_zone);
    assert!(!week_cells.is_empty());
    assert!(week_cells.iter().all(|cells| all_cells.iter().any(|kept| Arc::ptr_eq(kept, cells))));
    // A base shown before: its very list.
    assert!(Arc::ptr_eq(&kept.cells(&dataset, &all_time, utc.time_zone), &all_cells));
    // Another zone: made again, in that zone.
    let tokyo = parse_time_zone("Asia/Tokyo").expect("zone");
    let tokyo_cells = kept.cells(&dataset, &week, tokyo);
    assert!(!Arc::ptr_eq(&tokyo_cells[0], &week_cells[0]));
    assert_eq!(tokyo_cells[0], table_view::session_cells(&dataset, &week.sessions()[0], tokyo));
    // Facts nobody holds any more are let go.
    let week_sessions = week.sessions().len();
    drop((all_time, week, all_cells, week_cells, tokyo_cells));
    kept.cells(&dataset, &Arc::new(SessionBase::default()), tokyo);
    assert_eq!(kept.lists_kept(), 1, "only the live base's list is kept ({week_sessions} sessions let go)");
}

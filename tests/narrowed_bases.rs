//! A session base narrowed from a wider one (`viewmodel::narrowed_base`) equals the base
//! built from the dataset for that period: sessions, facts, groups and every sum, to the
//! last bit, across zones, idle cutoffs, the model filter, and periods whose edges cut
//! sessions; and the page's cache narrows instead of building where it can.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use session_lens::metrics::selection::{Filters, Period, PeriodBounds};
use session_lens::metrics::Settings;
use session_lens::timezone::parse_time_zone;
use session_lens::viewmodel::dashboard::filter_choices;
use session_lens::viewmodel::session_base::SessionBase;
use session_lens::viewmodel::session_base::SessionCells;
use session_lens::viewmodel::session_base::{BaseKey, SessionBases};
use session_lens::viewmodel::table_view;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

#[test]
fn narrowed_bases_equal_bases_built_for_the_period() {
    let dataset = common::demo_dataset();
    let today = date("2026-11-20");
    let model = filter_choices(&dataset).models.first().cloned();
    // Midnight in Kolkata, Tokyo and Auckland falls in the demo's working hours (18:30,
    // 15:00 and 11:00 UTC); Beirut's clock goes back over midnight on 2026-10-25; Lord
    // Howe shifts by half an hour.
    let zones = ["Asia/Kolkata", "Asia/Beirut", "Asia/Tokyo", "Australia/Lord_Howe", "Pacific/Auckland", "America/New_York", "UTC"];
    let mut cut_sessions = 0;
    for (zone_index, zone) in zones.iter().enumerate() {
        let idle_cutoff_ms = if zone_index % 2 == 0 { 10 * 60_000 } else { 2 * 60_000 };
        let settings = Settings { time_zone: parse_time_zone(zone).expect("zone"), idle_cutoff_ms, ..Settings::default() };
        for model in [None, model.clone()] {
            let all_time = Arc::new(SessionBase::build(&dataset, &Filters { model: model.clone(), ..Filters::default() }, &settings, today));
            let month = Period::Range { from: date("2026-10-10"), to: date("2026-11-08") };
            let month_base =
                Arc::new(SessionBase::build(&dataset, &Filters { period: month.clone(), model: model.clone(), ..Filters::default() }, &settings, today));
            let mut starts = date("2026-10-10");
            let mut checked = 0;
            while starts < date("2026-11-01") {
                let ends = starts.checked_add_days(Days::new(3 + checked % 5)).expect("date");
                let period = Period::Range { from: starts, to: ends };
                let filters = Filters { period, model: model.clone(), ..Filters::default() };
                let built = SessionBase::build(&dataset, &filters, &settings, today);
                let bounds = PeriodBounds::new(starts, ends);
                for (wider_name, wider) in [("all time", &all_time), ("the month", &month_base)] {
                    let narrowed = SessionBase::narrowed(&dataset, wider, bounds, &settings, &[]).expect("ranges known");
                    assert!(narrowed == built, "{zone}, {model:?}, {starts}..{ends} from {wider_name}");
                    cut_sessions += narrowed.sessions().iter().filter(|facts| !wider.sessions().iter().any(|kept| Arc::ptr_eq(kept, facts))).count();
                }
                checked += 1;
                starts = starts.checked_add_days(Days::new(2)).expect("date");
            }
            assert!(checked > 5);
        }
    }
    // Enough sessions cut by an edge for the check to mean something (19 with the demo of
    // 2026-11-30; 30 before its people kept steadier hours).
    assert!(cut_sessions > 10, "only {cut_sessions} sessions were cut by the periods' edges");
}

#[test]
fn the_cache_narrows_the_widest_kept_base_and_keeps_all_time() {
    let dataset = Arc::new(common::demo_dataset());
    let today = date("2026-11-20");
    let settings = Settings { time_zone: parse_time_zone("Asia/Kolkata").expect("zone"), ..Settings::default() };
    let key = |period: Period| BaseKey::new(&Filters { period, ..Filters::default() }, &settings, today);
    let mut bases = SessionBases::default();
    let (all_time, _) = bases.get(&dataset, &key(Period::All));
    for period in [Period::LastDays(30), Period::LastDays(90), Period::LastDays(7), Period::LastDays(14), Period::LastDays(3)] {
        let (base, _) = bases.get(&dataset, &key(period.clone()));
        let filters = Filters { period: period.clone(), ..Filters::default() };
        assert!(*base == SessionBase::build(&dataset, &filters, &settings, today), "{period:?}");
    }
    // Five periods later, all time is still kept: the very base comes back.
    let (again, _) = bases.get(&dataset, &key(Period::All));
    assert!(Arc::ptr_eq(&all_time, &again));
    // The demo's eight weeks all lie in the last 90 days: that period's base is all
    // time's own (and equal to one built for it, checked above); 30 days cuts some off.
    let (ninety, _) = bases.get(&dataset, &key(Period::LastDays(90)));
    let (thirty, _) = bases.get(&dataset, &key(Period::LastDays(30)));
    assert!(Arc::ptr_eq(&all_time, &ninety));
    assert!(thirty.sessions().len() < all_time.sessions().len() && !thirty.sessions().is_empty());
}

#[test]
fn a_narrowed_base_takes_the_cells_of_the_wider_ones_list() {
    let dataset = Arc::new(common::demo_dataset());
    let today = date("2026-11-20");
    let settings = Settings { time_zone: parse_time_zone("Asia/Tokyo").expect("zone"), ..Settings::default() };
    let zone = settings.time_zone;
    let all_time = Arc::new(SessionBase::build(&dataset, &Filters::default(), &settings, today));
    let mut kept = SessionCells::default();
    let all_cells = kept.cells(&dataset, &all_time, zone);
    let mut taken = 0;
    let mut made = 0;
    // Several edges, so that some session of the demo crosses one (at Tokyo midnight).
    for (from, to) in
        [("2026-10-01", "2026-10-20"), ("2026-10-21", "2026-11-20"), ("2026-10-06", "2026-10-13"), ("2026-10-27", "2026-11-03"), ("2026-11-10", "2026-11-17")]
    {
        let narrowed = Arc::new(SessionBase::narrowed(&dataset, &all_time, PeriodBounds::new(date(from), date(to)), &settings, &[]).expect("ranges known"));
        let cells = kept.cells(&dataset, &narrowed, zone);
        assert_eq!(cells.len(), narrowed.sessions().len());
        for (facts, cells) in narrowed.sessions().iter().zip(cells.iter()) {
            assert_eq!(*cells, table_view::session_cells(&dataset, facts, zone));
            if all_cells.iter().any(|kept| Arc::ptr_eq(kept, cells)) {
                taken += 1;
            } else {
                made += 1;
            }
        }
    }
    assert!(taken > 100 && made > 0, "{taken} taken, {made} made");
}

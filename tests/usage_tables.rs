//! The usage tables agree with the rest of the page and with the command line, under any
//! filters: the requests they count (`kept_requests`, one pass over the requests) are the
//! dashboard selection's, and their totals are the dashboard's tokens and cost, for
//! generated mixes of period, person, project, agent, model and time zone over the demo
//! team and every real fixture set.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::LazyLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use session_lens::metrics::selection::{Filters, Period, Selection};
use session_lens::metrics::Settings;
use session_lens::model::Dataset;
use session_lens::timezone::parse_time_zone;
use session_lens::viewmodel::dashboard::{filter_choices, Dashboard};
use session_lens::viewmodel::usage_report::{kept_requests, usage_report_of, Grouping};

use crate::common;

/// The demo, then every real fixture set in one load.
static DATASETS: LazyLock<Vec<Dataset>> = LazyLock::new(|| vec![common::demo_dataset(), common::ingest_tree(&common::fixture("real"), "me")]);

const TODAY: &str = "2026-11-20";
const ZONES: [&str; 4] = ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"];

fn period(choice: u8, today: NaiveDate) -> Period {
    match choice % 6 {
        0 => Period::All,
        1 => Period::LastDays(7),
        2 => Period::LastDays(30),
        3 => Period::LastDays(90),
        4 => Period::Range { from: today - chrono::Duration::days(20), to: today - chrono::Duration::days(6) },
        _ => Period::Range { from: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"), to: NaiveDate::from_ymd_opt(2026, 3, 31).expect("date") },
    }
}

/// A filter value from `choices` (none for an index past them).
fn pick(choices: &[String], index: usize) -> Option<String> {
    choices.get(index % (choices.len() + 2)).cloned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn usage_counts_what_the_dashboard_counts(
        which in 0usize..2,
        period_choice in 0u8..6,
        person in 0usize..12,
        project in 0usize..12,
        agent in 0usize..6,
        model in 0usize..12,
        zone in 0usize..4,
    ) {
        let dataset = &DATASETS[which];
        let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("date");
        let choices = filter_choices(dataset);
        let filters = Filters {
            period: period(period_choice, today),
            person: pick(&choices.people, person),
            project: pick(&choices.projects, project),
            agent: pick(&choices.agents, agent),
            model: pick(&choices.models, model),
        };
        let settings = Settings { time_zone: parse_time_zone(ZONES[zone]).expect("zone"), ..Settings::default() };
        let kept = kept_requests(dataset, &filters, &settings, today);
        let selection = Selection::new(dataset, &filters, &settings, today);
        let address = |requests: &[&session_lens::model::Request]| {
            let mut addresses: Vec<usize> = requests.iter().map(|request| std::ptr::from_ref(*request) as usize).collect();
            addresses.sort_unstable();
            addresses
        };
        prop_assert_eq!(address(&kept), address(&selection.requests), "the same requests ({:?})", filters);
        let report = usage_report_of(dataset, kept.iter().copied(), Grouping::Month, &mut session_lens::timezone::LocalDays::new(settings.time_zone));
        let dashboard = Dashboard::build(dataset, &filters, &settings, today);
        prop_assert_eq!(report.totals.usage.total_tokens(), dashboard.summary.tokens.total_tokens(), "tokens ({:?})", filters);
        prop_assert!((report.totals.cost_usd - dashboard.summary.cost_usd).abs() <= 1e-9 * dashboard.summary.cost_usd.max(1.0), "cost ({:?})", filters);
        let rows_sum: u64 = report.rows.iter().map(|row| row.sum.usage.total_tokens()).sum();
        prop_assert_eq!(rows_sum, report.totals.usage.total_tokens());
    }
}

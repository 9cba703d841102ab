//! The adoption matrix on `?demo` (headless Chromium over `dist/`): a cell per person and
//! practice (and the team's), each the share and count the command line's `practices`
//! gives for the same demo, and the practices some people have not adopted greyed.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use chrono::NaiveDate;
use session_lens::metrics::practices::Practice;
use session_lens::metrics::selection::{Filters, Period};
use session_lens::metrics::Settings;
use session_lens::viewmodel::dashboard::Dashboard;
use session_lens::viewmodel::practices::adoption_matrix;

const TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn the_demo_s_full_matrix_as_the_core_counts_it() {
    let dataset = common::demo_dataset();
    let filters = Filters { period: Period::All, ..Filters::default() };
    let dashboard = Dashboard::build(&dataset, &filters, &Settings::default(), NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"));
    let matrix = adoption_matrix(&dataset, &dashboard);
    assert!(matrix.people.len() >= 5);

    let browser = Browser::start();
    browser.open("?demo&period=all&tz=UTC&today=2026-11-20");
    browser.wait_for_state("ready", TIMEOUT);
    let shown = browser.run(
        "return [...document.querySelectorAll('[data-table=practices] td[data-practice]')].map(c => [c.dataset.person, c.dataset.practice, c.dataset.sessions, c.dataset.value, c.dataset.adopted])",
    );
    let shown = shown.as_array().expect("cells");
    let rows = matrix.people.iter().map(|(person, counts)| (person.as_str(), counts)).chain([("(team)", &matrix.team)]);
    let mut expected = Vec::new();
    for (person, counts) in rows {
        for practice in Practice::ALL {
            expected.push(serde_json::json!([
                person,
                practice.name(),
                counts.showing(practice).to_string(),
                counts.share(practice).map(|share| share.to_string()).unwrap_or_default(),
                if counts.is_adopted(practice) { "true" } else { "false" },
            ]));
        }
    }
    assert_eq!(shown.len(), (matrix.people.len() + 1) * 7, "people and the team × 7 practices");
    assert_eq!(shown, &expected);
    // Someone in the demo has not adopted a practice, and it shows.
    assert!(expected.iter().any(|cell| cell[4] == "false"));
    let greyed = browser.run("return document.querySelectorAll('[data-table=practices] td.not-adopted').length");
    assert_eq!(greyed.as_u64(), Some(expected.iter().filter(|cell| cell[4] == "false").count() as u64));
}

//! The page's views (issue 31, part 1): tabs that show one view at a time and keep it in
//! the URL, a skip link, the focus moved to a view's heading, every view's first table
//! within fifteen Tab presses of the top, and the overview's headline figures against
//! the period before, as the command line counts both periods.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use serde_json::Value;

use crate::common;
use crate::common::browser::Browser;

const TIMEOUT: Duration = Duration::from_secs(90);
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const DEMO: &str = "?demo&tz=UTC&today=2026-11-20";

fn text(browser: &Browser, script: &str) -> String {
    browser.run(script).as_str().unwrap_or_default().to_owned()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// The headline cards: metric → (value, value the period before).
fn headlines(browser: &Browser) -> BTreeMap<String, (f64, Option<f64>)> {
    let found = browser.run(
        "return [...document.querySelectorAll('[data-headline]')].map(card => [card.dataset.headline, card.dataset.value, card.dataset.previous ?? null]);",
    );
    found
        .as_array()
        .expect("cards")
        .iter()
        .map(|card| {
            let number = |value: &Value| value.as_str().map(|text| text.parse::<f64>().expect("a number"));
            (card[0].as_str().expect("metric").to_owned(), (number(&card[1]).expect("value"), number(&card[2])))
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn the_overview_sets_each_headline_beside_the_period_before_as_the_command_line_counts_them() {
    // entireio-cli's sessions run from 5 January to 4 February 2026: the last fifteen days
    // and the fifteen before them both hold some.
    let folder = common::fixture("real/entireio-cli");
    let (from, to) = (date("2026-01-21"), date("2026-02-04"));
    let length = Days::new(u64::try_from((to - from).num_days()).expect("forward") + 1);
    let (previous_from, previous_to) = (from.checked_sub_days(length).expect("date"), from.checked_sub_days(Days::new(1)).expect("date"));
    assert_eq!((previous_from, previous_to), (date("2026-01-06"), date("2026-01-20")));
    let cli = |period: String| {
        let arguments = ["summary", "--json", "--tz", "UTC", "--today", "2026-02-04", "--period", &period, &folder.display().to_string()];
        common::cli_summary_figures(&arguments.map(str::to_owned))
    };
    let now = cli(format!("{from}..{to}"));
    let then = cli(format!("{previous_from}..{previous_to}"));
    assert!(now["sessions"].unwrap_or(0.0) > 0.0 && then["sessions"].unwrap_or(0.0) > 0.0, "both periods hold sessions");

    let browser = Browser::start();
    browser.open_as_is(&format!("?tz=UTC&today=2026-02-04&period={from}..{to}"));
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    assert_eq!(text(&browser, "return document.querySelector('[data-view]').dataset.view"), "overview", "the page opens on the overview");
    let cards = headlines(&browser);
    let metrics: Vec<&str> = cards.keys().map(String::as_str).collect();
    assert_eq!(metrics, ["active_time_ms", "cost_usd", "estimated_loss_usd", "sessions", "total_tokens"]);
    for (metric, (value, previous)) in &cards {
        let expected_now = now[metric].expect("a figure");
        let expected_then = then[metric].expect("a figure");
        assert!(close(*value, expected_now), "{metric}: {value} shown, the command line says {expected_now}");
        let previous = previous.unwrap_or_else(|| panic!("{metric} has no previous value"));
        assert!(close(previous, expected_then), "{metric}: {previous} shown for the period before, the command line says {expected_then}");
    }
    let sessions_change = text(&browser, "return document.querySelector('[data-headline=sessions] [data-role=change]').textContent");
    assert!(sessions_change.ends_with(&format!("on the period before ({})", then["sessions"].expect("sessions") as u64)), "{sessions_change}");
    // Only the chosen view is built: no sessions list, no usage table here.
    assert_eq!(browser.run("return document.querySelectorAll('[data-table]').length"), Value::from(0));
    assert_eq!(browser.run("return !!document.querySelector('canvas[data-chart=daily_cost]')"), Value::Bool(true));

    // All time has nothing before it, and says how to compare.
    browser.open_as_is("?tz=UTC&today=2026-02-04&period=all");
    browser.wait_for_state("ready", TIMEOUT);
    assert_eq!(browser.run("return document.querySelectorAll('[data-headline] [data-role=change]').length"), Value::from(0));
    assert_eq!(browser.run("return !!document.querySelector('[data-role=no-previous-period]')"), Value::Bool(true));
}

#[test]
fn a_tab_shows_its_view_keeps_it_in_the_url_and_moves_the_focus_to_its_heading() {
    let browser = Browser::start();
    browser.open_as_is(DEMO);
    browser.wait_for_state("ready", TIMEOUT);
    assert_eq!(text(&browser, "return document.querySelector('[aria-current=page]').dataset.viewTab"), "overview");
    // The demo's last 30 days against the 30 before: every headline has a change.
    browser.open_as_is(&format!("{DEMO}&period=30d"));
    browser.wait_for_state("ready", TIMEOUT);
    assert_eq!(browser.run("return document.querySelectorAll('[data-headline] [data-role=change]').length"), Value::from(5));

    browser.click("[data-view-tab=usage]");
    browser.wait_until("return document.querySelector('[data-view]')?.dataset.view === 'usage'", TIMEOUT);
    browser.wait_until("return document.activeElement?.id === 'view-heading'", TIMEOUT);
    assert_eq!(text(&browser, "return document.activeElement.textContent"), "Usage");
    assert_eq!(
        browser.run("return !!document.querySelector('[data-table=usage_daily]') && !document.querySelector('[data-table=sessions]')"),
        Value::Bool(true)
    );
    assert_eq!(text(&browser, "return document.querySelector('[aria-current=page]').dataset.viewTab"), "usage");
    browser.wait_until("return location.search.includes('view=usage')", TIMEOUT);
    assert!(browser.current_url().contains("period=30d"), "the filters stay in the URL beside the view");

    // The usage views are one Tab stop; the arrow keys move between them.
    browser.run("document.querySelector('[data-usage-view=usage_daily]').focus(); return true;");
    browser.press("\u{E014}");
    browser.wait_until(
        "return document.activeElement?.dataset.usageView === 'usage_weekly' && document.activeElement.getAttribute('aria-pressed') === 'true'",
        TIMEOUT,
    );
    browser.wait_until("return !!document.querySelector('[data-table=usage_weekly]')", TIMEOUT);
    assert_eq!(browser.run("return [...document.querySelectorAll('[data-usage-view]')].filter(b => b.tabIndex === 0).length"), Value::from(1));
    // The link a tab carries opens its view with the filters (as a new tab would).
    let href = text(&browser, "return document.querySelector('[data-view-tab=sessions]').href");
    browser.open_url(&href);
    browser.wait_for_state("ready", TIMEOUT);
    assert_eq!(text(&browser, "return document.querySelector('[data-view]').dataset.view"), "sessions");
    assert_eq!(text(&browser, "return document.querySelector('select[data-role=period]').value"), "30d");

    // The skip link is the first thing Tab reaches, and takes the focus to the heading.
    browser.open_as_is(DEMO);
    browser.wait_for_state("ready", TIMEOUT);
    browser.press(TAB);
    assert_eq!(text(&browser, "return document.activeElement.className"), "skip-link");
    browser.press(ENTER);
    browser.wait_until("return document.activeElement?.id === 'view-heading'", TIMEOUT);
}

/// Tab presses from the top of a freshly opened page to the first table of `view`: Tab to
/// its tab, Enter, Tab into the table (a focusable cell, sort button or the table itself).
fn tab_presses_to_first_table(browser: &Browser, query: &str, view: &str) -> usize {
    browser.open_as_is(query);
    browser.wait_for_state("ready", TIMEOUT);
    browser.run("document.activeElement?.blur(); return true;");
    let mut presses = 0;
    while text(browser, "return document.activeElement?.dataset?.viewTab ?? ''") != view {
        browser.press(TAB);
        presses += 1;
        assert!(presses < 40, "{view}: its tab not reached");
    }
    browser.press(ENTER);
    browser.wait_until(
        &format!("return document.querySelector('[data-view]')?.dataset.view === '{view}' && document.activeElement?.id === 'view-heading'"),
        TIMEOUT,
    );
    assert_eq!(browser.run("return !!document.querySelector('[data-view] table')"), Value::Bool(true), "{view} has no table");
    let in_first_table =
        "const table = document.querySelector('[data-view] table'); const active = document.activeElement; return table === active || table.contains(active);";
    while browser.run(in_first_table) != Value::Bool(true) {
        browser.press(TAB);
        presses += 1;
        assert!(presses < 60, "{view}: its first table not reached");
    }
    presses
}

#[test]
fn every_view_s_first_table_is_at_most_fifteen_tab_presses_from_the_top() {
    let browser = Browser::start();
    let folder = common::fixture("real/oh-my-posh");
    for (name, query) in [("demo", DEMO), ("a fixture folder", "?tz=UTC")] {
        if name != "demo" {
            browser.open_with_nothing_kept("?tz=UTC", TIMEOUT);
            browser.upload("[data-role=folder-input]", &folder);
            browser.wait_for_state("ready", TIMEOUT);
        }
        // (The overview and the data view hold no table: figures, a chart, lists, notes.)
        for view in ["usage", "sessions", "insights", "practices", "breakdowns"] {
            let presses = tab_presses_to_first_table(&browser, query, view);
            println!("{name}, {view}: {presses} Tab presses to its first table");
            assert!(presses <= 15, "{name}, {view}: {presses} Tab presses to its first table");
        }
    }
}

#[test]
fn a_session_opened_from_another_view_shows_in_sessions_and_escape_returns_to_the_link() {
    let browser = Browser::start();
    browser.open_as_is(&format!("{DEMO}&view=insights"));
    browser.wait_for_state("ready", TIMEOUT);
    let link = "[data-role=rule-catalogue] [data-role=open-session]";
    browser.wait_until(&format!("return !!document.querySelector('{link}')"), TIMEOUT);
    let session = text(&browser, &format!("return document.querySelector('{link}').dataset.session"));
    browser.click(link);
    browser.wait_until(
        "return document.querySelector('[data-view]')?.dataset.view === 'sessions' && !!document.querySelector('[data-role=session-detail]')",
        TIMEOUT,
    );
    browser.wait_until("return document.activeElement?.id === 'session-detail-heading'", TIMEOUT);
    assert_eq!(text(&browser, "return document.querySelector('[data-role=session-detail]').dataset.session"), session);
    browser.press("\u{E00C}");
    browser.wait_until(
        "return document.querySelector('[data-view]')?.dataset.view === 'insights' && !document.querySelector('[data-role=session-detail]')",
        TIMEOUT,
    );
    browser.wait_until(&format!("return document.activeElement?.matches('{link}') && document.activeElement.dataset.session === '{session}'"), TIMEOUT);

    // From the list: Enter on a row opens it with the focus inside; Escape gives it back.
    browser.open_as_is(&format!("{DEMO}&view=sessions"));
    browser.wait_for_state("ready", TIMEOUT);
    browser.run("document.querySelector('[data-table=sessions] tbody tr').focus(); return true;");
    browser.press(ENTER);
    browser.wait_until("return document.activeElement?.id === 'session-detail-heading'", TIMEOUT);
    browser.press("\u{E00C}");
    browser.wait_until(
        "return !document.querySelector('[data-role=session-detail]') && document.activeElement?.matches('[data-table=sessions] tbody tr')",
        TIMEOUT,
    );
}

#[test]
fn the_team_table_has_each_person_s_own_figures() {
    let browser = Browser::start();
    browser.open_as_is(&format!("{DEMO}&view=breakdowns"));
    browser.wait_for_state("ready", TIMEOUT);
    browser.wait_until("return !!document.querySelector('table[data-table=people] tbody tr')", TIMEOUT);
    let rows = browser.run(
        "const t = document.querySelector('table[data-table=people]');
         const columns = [...t.querySelectorAll('thead th')].map(th => th.textContent.replace(/ [▾▴]$/, ''));
         const at = name => columns.indexOf(name);
         return [...t.querySelectorAll('tbody tr')].map(r => [r.cells[at('Person')].textContent, r.cells[at('Sessions')].textContent, r.cells[at('Practices adopted')].textContent]);",
    );
    let rows = rows.as_array().expect("rows").clone();
    assert_eq!(rows.len(), 7, "the demo team's seven people: {rows:?}");
    for row in rows.iter().take(3) {
        let person = row[0].as_str().expect("person");
        assert!(row[2].as_str().unwrap_or_default().ends_with("of 7"), "{row:?}");
        browser.open_as_is(&format!("{DEMO}&person={person}"));
        browser.wait_for_state("ready", TIMEOUT);
        let sessions = text(&browser, "return document.querySelector('[data-headline=sessions] .card-value').textContent");
        assert_eq!(row[1].as_str(), Some(sessions.as_str()), "{person}: the table's sessions against the person filter's");
    }
}

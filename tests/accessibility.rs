//! Accessibility: axe-core (npm, installed by `scripts/setup.sh --browser`) finds no
//! serious or critical violation on the empty page, the demo, a loaded folder and an
//! open session, in the light and the dark scheme; the page works from the keyboard
//! alone (pickers, controls, sort headings, session rows; Enter opens a session,
//! Escape closes it; focus is visible); charts carry a text alternative with their
//! data as a table; loading progress is announced; charts fit a 390 px phone.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(90);
const DEMO: &str = "?demo&tz=UTC";

fn axe_source() -> String {
    let tools = std::env::var("SESSION_LENS_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").expect("HOME")).join(".cache/session-lens-tools"));
    let path = tools.join("axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing: `scripts/setup.sh --browser` installs axe-core", path.display()))
}

/// axe-core's serious and critical violations on the page as it is now.
fn serious_violations(browser: &Browser, axe: &str) -> Vec<Value> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         if (!window.axe) {{ {axe}\n }}
         axe.run(document, {{resultTypes: ['violations']}}).then(result => done(result.violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => ({{id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,
                         examples: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 200))}}))),
             error => done([{{id: 'axe failed', help: String(error)}}]));"
    );
    browser.run_async(&script).as_array().cloned().unwrap_or_default()
}

fn set_scheme(browser: &Browser, scheme: &str) {
    browser.cdp("Emulation.setEmulatedMedia", json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}));
}

#[test]
fn axe_finds_no_serious_violation_in_either_scheme() {
    let axe = axe_source();
    let browser = Browser::start();
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        set_scheme(&browser, scheme);
        browser.open("");
        browser.wait_for_state("empty", TIMEOUT);
        found.extend(serious_violations(&browser, &axe).into_iter().map(|v| (format!("{scheme} empty"), v)));
        browser.open(DEMO);
        browser.wait_for_state("ready", TIMEOUT);
        found.extend(serious_violations(&browser, &axe).into_iter().map(|v| (format!("{scheme} demo"), v)));
        // Every view as a visitor opens it, and everything folded away unfolded.
        for view in ["overview", "usage", "sessions", "insights", "practices", "breakdowns", "data"] {
            browser.open_as_is(&format!("{DEMO}&view={view}"));
            browser.wait_for_state("ready", TIMEOUT);
            found.extend(serious_violations(&browser, &axe).into_iter().map(|v| (format!("{scheme} demo, {view} view"), v)));
        }
        browser.open(DEMO);
        browser.wait_for_state("ready", TIMEOUT);
        browser.run("document.querySelectorAll('details').forEach(d => { d.open = true; }); return true;");
        browser.wait_until(
            "return [...document.querySelectorAll('details')].every(d => d.open) && !!document.querySelector('[data-role=chart-data] table')",
            TIMEOUT,
        );
        found.extend(serious_violations(&browser, &axe).into_iter().map(|v| (format!("{scheme} demo, every details open"), v)));
        browser.open(DEMO);
        browser.wait_for_state("ready", TIMEOUT);
        browser.click("[data-table=sessions] tr[data-row]");
        browser.wait_until("return !!document.querySelector('[data-role=session-detail] .timeline li')", TIMEOUT);
        found.extend(serious_violations(&browser, &axe).into_iter().map(|v| (format!("{scheme} open session"), v)));
        browser.open("?period=all");
        browser.wait_for_state("empty", TIMEOUT);
        browser.upload("[data-role=folder-input]", &common::fixture("real/claude-code-viewer"));
        browser.wait_for_state("ready", TIMEOUT);
        found.extend(serious_violations(&browser, &axe).into_iter().map(|v| (format!("{scheme} loaded folder"), v)));
        // The folder was kept: forgotten, the page is empty again for the next scheme.
        browser.wait_until("return document.querySelector('[data-role=kept-panel]')?.dataset.keepState === 'kept'", TIMEOUT);
        // The confirmation forgetting asks for, checked too.
        browser.click("[data-role=forget-all]");
        browser.wait_until("return !!document.querySelector('[data-role=forget-confirmed]')", TIMEOUT);
        found.extend(serious_violations(&browser, &axe).into_iter().map(|v| (format!("{scheme} forget confirmation"), v)));
        browser.click("[data-role=forget-confirmed]");
        browser.wait_for_state("empty", TIMEOUT);
    }
    assert!(found.is_empty(), "{}", found.iter().map(|(when, v)| format!("{when}: {v}")).collect::<Vec<_>>().join("\n"));
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// What has the focus, named for the test, and whether it shows it.
fn focused(browser: &Browser) -> (String, bool) {
    let found = browser.run(
        "const e = document.activeElement;
         if (!e || e === document.body) return ['body', false];
         const name = e.dataset.role ? e.dataset.role
             : e.matches('[data-table=sessions] tr[data-row]') ? 'session-row'
             : e.matches('th .sort') ? 'sort-heading'
             : e.tagName.toLowerCase() + (e.type ? ':' + e.type : '');
         // A hidden file input shows its focus on the button that holds it.
         const shown = e.matches('input[type=file]') ? e.closest('.button') : e;
         return [name, getComputedStyle(shown).outlineStyle !== 'none' && getComputedStyle(shown).outlineWidth !== '0px'];",
    );
    (found[0].as_str().unwrap_or_default().to_owned(), found[1].as_bool().unwrap_or(false))
}

#[test]
fn the_keyboard_alone_reaches_every_control_opens_and_closes_a_session() {
    let browser = Browser::start();
    browser.open(DEMO);
    browser.wait_for_state("ready", TIMEOUT);
    let wanted = ["folder-input", "files-input", "person-label", "person", "period", "export-data", "download-report", "sort-heading", "session-row"];
    let mut reached = std::collections::BTreeSet::new();
    for _ in 0..600 {
        browser.press(TAB);
        let (name, visible) = focused(&browser);
        assert!(visible || name == "body", "{name} has the focus and does not show it");
        reached.insert(name.clone());
        if name == "session-row" {
            break;
        }
    }
    let missing: Vec<&str> = wanted.iter().copied().filter(|name| !reached.contains(*name)).collect();
    assert!(missing.is_empty(), "not reached with Tab: {missing:?} (reached {reached:?})");

    // The session row has the focus: Enter opens it, Escape closes it.
    browser.press(ENTER);
    browser.wait_until("return !!document.querySelector('[data-role=session-detail] .timeline li')", TIMEOUT);
    browser.press(ESCAPE);
    browser.wait_until("return !document.querySelector('[data-role=session-detail]')", TIMEOUT);

    // A sort heading sorts with Enter: by cost, the costliest sessions come first instead
    // of the newest.
    let top_rows = "[...document.querySelectorAll('[data-table=sessions] tbody tr')].slice(0, 10).map(r => r.dataset.row).join(' ')";
    let before = browser.run(&format!("return {top_rows}"));
    let cost = "[...document.querySelectorAll('[data-table=sessions] th .sort')].find(b => b.textContent.startsWith('Cost'))";
    browser.run(&format!("{cost}.focus(); return true;"));
    browser.press(ENTER);
    browser.wait_until(&format!("return {cost}.textContent.includes('▾') && {top_rows} !== {before}"), TIMEOUT);
}

#[test]
fn charts_have_text_alternatives_and_fit_a_phone() {
    let browser = Browser::start();
    browser.cdp("Emulation.setDeviceMetricsOverride", json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}));
    browser.open(DEMO);
    browser.wait_for_state("ready", TIMEOUT);
    // The data tables are built when asked for: open each.
    browser.run("document.querySelectorAll('[data-role=chart-data] summary').forEach(s => s.click()); return true;");
    browser.wait_until("return [...document.querySelectorAll('[data-role=chart-data]')].every(d => d.querySelector('tbody'))", TIMEOUT);
    let charts = browser.run(
        "return [...document.querySelectorAll('canvas[data-chart]:not([aria-hidden=true])')].map(c => {
             const r = c.getBoundingClientRect();
             const data = c.closest('.chart').querySelector('[data-role=chart-data]');
             return {chart: c.dataset.chart, left: r.left, right: r.right, width: r.width, label: c.getAttribute('aria-label'),
                     role: c.getAttribute('role'), rows: data ? data.querySelectorAll('tbody tr').length : -1};
         })",
    );
    let charts = charts.as_array().expect("charts");
    assert!(charts.len() >= 3, "{charts:?}");
    for chart in charts {
        let (left, right) = (chart["left"].as_f64().expect("left"), chart["right"].as_f64().expect("right"));
        assert!(left >= 0.0 && right <= 390.0 && chart["width"].as_f64() > Some(200.0), "does not fit 390 px: {chart}");
        assert_eq!(chart["role"], "img", "{chart}");
        let label = chart["label"].as_str().unwrap_or_default();
        assert!(label.contains(" in all; ") || label.contains(" days from ") || label.ends_with(": no data."), "{chart}");
        assert!(chart["rows"].as_i64() > Some(0), "the data table has the chart's values: {chart}");
    }
}

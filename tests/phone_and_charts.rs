//! Charts and phones (issue 31, part 6): canvases drawn at the device pixel ratio and
//! never stretched, redrawn when the colour scheme changes; at 390 px no view scrolls
//! sideways, no target is under 24 px, and the first screen shows figures.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use serde_json::{json, Value};

use crate::common;
use crate::common::browser::Browser;

const TIMEOUT: Duration = Duration::from_secs(90);
const DEMO: &str = "?demo&tz=UTC&today=2026-11-20&period=all";
const VIEWS: [&str; 8] = ["overview", "usage", "sessions", "insights", "practices", "breakdowns", "data", "all"];

fn emulate(browser: &Browser, width: u32, height: u32, ratio: f64, mobile: bool) {
    browser.cdp("Emulation.setDeviceMetricsOverride", json!({"width": width, "height": height, "deviceScaleFactor": ratio, "mobile": mobile}));
}

/// Every canvas drawn, as [bitmap width, CSS width × ratio, bitmap height, CSS height × ratio].
fn canvas_sizes(browser: &Browser) -> Vec<Vec<f64>> {
    let found = browser.run(
        "return [...document.querySelectorAll('canvas')].filter(c => c.clientWidth > 0).map(c => {
           const r = c.getBoundingClientRect();
           return [c.width, Math.round(r.width * devicePixelRatio), c.height, Math.round(r.height * devicePixelRatio)];
         });",
    );
    found.as_array().expect("canvases").iter().map(|sizes| sizes.as_array().expect("sizes").iter().map(|n| n.as_f64().expect("number")).collect()).collect()
}

fn wait_for_charts(browser: &Browser) {
    // Drawn once the resize observer has reported: the bitmap then has the box's size.
    browser.wait_until(
        "const cs = [...document.querySelectorAll('canvas')].filter(c => c.clientWidth > 0);
         return cs.length > 0 && cs.every(c => Math.abs(c.width - Math.round(c.getBoundingClientRect().width * devicePixelRatio)) <= 1);",
        TIMEOUT,
    );
}

#[test]
fn canvases_follow_the_pixel_ratio_and_the_colour_scheme() {
    let browser = Browser::start();
    emulate(&browser, 1400, 1000, 2.0, false);
    browser.open(DEMO);
    browser.wait_for_state("ready", TIMEOUT);
    wait_for_charts(&browser);
    let sizes = canvas_sizes(&browser);
    assert!(sizes.len() >= 6, "the four charts, the trends, the heatmap and sparklines: {}", sizes.len());
    for size in &sizes {
        assert!((size[0] - size[1]).abs() <= 1.0 && (size[2] - size[3]).abs() <= 1.0, "a canvas not at twice its CSS size: {size:?}");
    }
    // The first chart's corner is its background: light, then dark once the system says so.
    let corner = "const c = document.querySelector('canvas[data-chart=daily_cost]'); return [...c.getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3);";
    let light = browser.run(corner);
    assert_eq!(light, json!([255, 255, 255]), "the light theme's background");
    browser.cdp("Emulation.setEmulatedMedia", json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}));
    browser.wait_until(
        "const c = document.querySelector('canvas[data-chart=daily_cost]'); return c.getContext('2d').getImageData(2, 2, 1, 1).data[0] < 100;",
        TIMEOUT,
    );
    browser.cdp("Emulation.setEmulatedMedia", json!({"features": [{"name": "prefers-color-scheme", "value": "light"}]}));
    browser.wait_until(
        "const c = document.querySelector('canvas[data-chart=daily_cost]'); return c.getContext('2d').getImageData(2, 2, 1, 1).data[0] === 255;",
        TIMEOUT,
    );
    // Four charts in two columns: no chart alone in a row of a wider grid.
    let columns = browser.run("return getComputedStyle(document.querySelector('.chart-grid')).gridTemplateColumns.split(' ').length");
    assert_eq!(columns, json!(2));
    // Dates a reader cannot misread: "12 Oct", not "10-12".
    browser.click("canvas[data-chart=daily_cost] ~ [data-role=chart-data] summary");
    browser.wait_until("return !!document.querySelector('canvas[data-chart=daily_cost] ~ [data-role=chart-data] tbody th')", TIMEOUT);
    let first_day = browser.run("return document.querySelector('canvas[data-chart=daily_cost] ~ [data-role=chart-data] tbody th').textContent");
    let day = first_day.as_str().unwrap_or_default();
    let (number, month) = day.split_once(' ').unwrap_or_default();
    assert!(number.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n)) && month.len() == 3 && month.chars().all(char::is_alphabetic), "{day}");
}

/// What does not fit a phone on the page as it is: the page's overflow, targets under
/// 24 px (by their text or role), and elements wider than the window.
fn phone_problems(browser: &Browser) -> Value {
    browser.run(
        "const width = document.documentElement.clientWidth;
         const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
         const name = e => (e.dataset.role || e.dataset.viewTab || e.textContent || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 40);
         // A link inside a sentence is exempt (WCAG 2.5.8's inline targets), and a box
         // inside its label is hit through the label, measured instead.
         const targets = [...document.querySelectorAll('button, a[href], select, input:not([type=file]), summary, label:has(> input[type=checkbox])')]
           .filter(e => !(e.type === 'checkbox' && e.closest('label')))
           .filter(e => !(e.tagName === 'A' && e.closest('p')));
         const small = targets.filter(visible).filter(e => { const r = e.getBoundingClientRect(); return r.height < 24 || r.width < 24; }).map(name);
         // (Inside a box that scrolls on its own, a wide table is fine.)
         const wide = [...document.querySelectorAll('main *, header *')].filter(e => {
             if (!visible(e) || e.closest('.table-wrap, .chart-data, .view-tabs ul, .sessions-list, .timeline')) return false;
             const r = e.getBoundingClientRect(); return r.right > width + 1;
           }).map(e => e.tagName + '.' + e.className).slice(0, 10);
         return {overflow: document.documentElement.scrollWidth - width, small: [...new Set(small)].slice(0, 20), wide};",
    )
}

#[test]
fn at_390_px_no_view_scrolls_sideways_and_every_target_is_at_least_24_px() {
    let browser = Browser::start();
    emulate(&browser, 390, 844, 3.0, true);
    let folder = common::fixture("real/oh-my-posh");
    let mut found = Vec::new();
    for source in ["demo", "folder"] {
        if source == "folder" {
            browser.open_with_nothing_kept("?tz=UTC&period=all", TIMEOUT);
            browser.upload("[data-role=folder-input]", &folder);
            browser.wait_for_state("ready", TIMEOUT);
        }
        for view in VIEWS {
            let query = if source == "demo" { format!("{DEMO}&view={view}") } else { format!("?tz=UTC&period=all&view={view}") };
            browser.open_as_is(&query);
            browser.wait_for_state("ready", TIMEOUT);
            if view == "overview" {
                // The first screen shows the headline figures.
                let top = browser.run("return document.querySelector('[data-headline]').getBoundingClientRect().top");
                assert!(top.as_f64().expect("top") < 844.0, "{source}: the headline cards start at {top}");
            }
            if view == "all" {
                // Everything folded away unfolded: the charts' data tables, settings, lists.
                browser.run("document.querySelectorAll('details').forEach(d => { d.open = true; }); return true;");
                browser.wait_until("return [...document.querySelectorAll('[data-role=chart-data]')].every(d => d.querySelector('tbody'))", TIMEOUT);
            }
            let problems = phone_problems(&browser);
            let clean = problems["overflow"].as_f64() == Some(0.0)
                && problems["small"].as_array().is_some_and(Vec::is_empty)
                && problems["wide"].as_array().is_some_and(Vec::is_empty);
            if !clean {
                found.push(format!("{source} {view}: {problems}"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

//! Practices, trends and baselines on `?demo` (headless Chromium over `dist/`), held to what
//! the command line's `summary --json` says of the same demo team written to disk: the
//! full adoption matrix and a cell's sessions, the sparklines and the rolling chart, the
//! heatmap (drawn, and its cells), the top-5 lists, the baselines, the regressions and
//! the project catalogue.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use crate::common::browser::Browser;
use serde_json::Value;
use session_lens::cli;

const TIMEOUT: Duration = Duration::from_secs(120);
const PAGE: &str = "?demo&period=all&tz=UTC&today=2026-11-20";

/// `summary --json` over the demo team's folders, each labelled with its person.
fn cli_summary() -> Value {
    let dir = std::env::temp_dir().join(format!("session-lens-trends-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let written = cli::run(&["demo".to_owned(), "-o".to_owned(), dir.display().to_string()]).expect("demo written");
    assert!(written.stdout.contains("wrote"), "{}", written.stdout);
    let mut arguments: Vec<String> = ["summary", "--json", "--tz", "UTC", "--period", "all", "--today", "2026-11-20"].iter().map(|a| a.to_string()).collect();
    let mut people: Vec<_> = std::fs::read_dir(&dir).expect("demo dir").map(|entry| entry.expect("entry").path()).collect();
    people.sort();
    for folder in people {
        let name = folder.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
        arguments.extend(["--person".to_owned(), name, folder.display().to_string()]);
    }
    let output = cli::run(&arguments).expect("summary runs");
    let _ = std::fs::remove_dir_all(&dir);
    serde_json::from_str(&output.stdout).expect("JSON")
}

fn number(value: &Value) -> f64 {
    match value {
        Value::Number(n) => n.as_f64().expect("f64"),
        Value::String(text) => text.parse().unwrap_or_else(|_| panic!("not a number: {text:?}")),
        other => panic!("not a number: {other}"),
    }
}

fn assert_close(shown: f64, expected: f64, what: &str) {
    assert!((shown - expected).abs() <= 1e-9 * expected.abs().max(1.0), "{what}: page {shown}, command line {expected}");
}

/// Distinct colours in a canvas (a blank one has one or two).
fn canvas_colours(browser: &Browser, selector: &str) -> Vec<i64> {
    let script = format!(
        "return [...document.querySelectorAll('{selector}')].map(c => {{
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const seen = new Set(); for (let i = 0; i < d.length; i += 8) seen.add(d[i] << 16 | d[i+1] << 8 | d[i+2]);
            return seen.size; }})"
    );
    browser.run(&script).as_array().expect("list").iter().map(|v| v.as_i64().expect("count")).collect()
}

#[test]
fn the_demo_s_practices_trends_and_baselines_as_the_command_line_gives_them() {
    let cli = cli_summary();
    let browser = Browser::start();
    browser.open(PAGE);
    browser.wait_for_state("ready", TIMEOUT);

    // The full matrix: people × 7 practices and the team row, each cell the CLI's.
    let practices = &cli["practices"];
    let people = practices["people"].as_object().expect("people");
    assert!(people.len() >= 5, "the demo team");
    let cells = browser.run("return [...document.querySelectorAll('[data-table=practices] td[data-practice]')].map(c => [c.dataset.person, c.dataset.practice, Number(c.dataset.sessions), c.dataset.value, c.dataset.adopted])");
    let cells = cells.as_array().expect("cells");
    assert_eq!(cells.len(), (people.len() + 1) * 7);
    for cell in cells {
        let (person, practice) = (cell[0].as_str().expect("person"), cell[1].as_str().expect("practice"));
        let row = if person == "(team)" { &practices["team"] } else { &practices["people"][person] };
        let expected = &row["practices"][practice];
        assert_eq!(cell[2].as_u64(), expected["sessions"].as_u64(), "{person} {practice}");
        assert_eq!(cell[4].as_str() == Some("true"), expected["adopted"].as_bool().expect("adopted"), "{person} {practice}");
        if let Some(share) = expected["share"].as_f64() {
            assert_close(number(&cell[3]), share, &format!("{person} {practice} share"));
        }
    }
    assert!(cells.iter().any(|cell| cell[4] == "false"), "someone has not adopted a practice");
    // A click on a cell lists that person's sessions showing the practice.
    let (person, practice) = people
        .iter()
        .find_map(|(person, row)| row["practices"]["plan_mode"]["adopted"].as_bool().filter(|a| *a).map(|_| (person.clone(), "plan_mode")))
        .expect("someone plans");
    browser.click(&format!("[data-table=practices] td[data-person=\"{person}\"][data-practice={practice}] button"));
    browser.wait_until("return document.querySelector('[data-role=practice-sessions]') !== null", TIMEOUT);
    let listed = browser.run("const l = document.querySelector('[data-role=practice-sessions]'); return [l.dataset.person, l.dataset.practice, Number(l.dataset.count), l.querySelectorAll('[data-role=open-session]').length]");
    assert_eq!(listed[0].as_str(), Some(person.as_str()));
    assert_eq!(listed[1].as_str(), Some(practice));
    assert_eq!(listed[2].as_u64(), people[&person]["practices"][practice]["sessions"].as_u64());
    assert!(listed[3].as_u64().expect("links") > 0);

    // Sparklines on the headline cards: drawn, one point per day of the CLI's trends.
    let days = cli["trends"]["days"].as_u64().expect("days");
    let sparklines =
        browser.run("return [...document.querySelectorAll('canvas[data-chart=sparkline]')].map(c => [c.dataset.sparkline, Number(c.dataset.days)])");
    let sparklines = sparklines.as_array().expect("sparklines");
    let metrics: Vec<&str> = sparklines.iter().map(|s| s[0].as_str().expect("metric")).collect();
    assert_eq!(metrics, ["sessions", "total_tokens", "cost_usd", "active_time_ms"]);
    assert!(sparklines.iter().all(|s| s[1].as_u64() == Some(days)));
    assert!(canvas_colours(&browser, "canvas[data-chart=sparkline]").iter().all(|colours| *colours > 2), "every sparkline is inked");

    // The rolling chart: drawn; its latest averages are the CLI's, for each measure.
    assert!(canvas_colours(&browser, "canvas[data-chart=rolling_trends]")[0] > 3);
    for (metric, label) in [("sessions", "Sessions"), ("cost_usd", "Cost"), ("active_time_ms", "Active time"), ("total_tokens", "Tokens")] {
        browser.click(&format!("[data-role=trend-measure][data-measure={metric}]"));
        browser.wait_until(&format!("return document.querySelector('[data-trend]').dataset.trend === '{metric}'"), TIMEOUT);
        let latest =
            browser.run("return [...document.querySelectorAll('[data-role=trend-latest] [data-trend]')].map(l => [Number(l.dataset.window), l.dataset.value])");
        for entry in latest.as_array().expect("latest") {
            let window = entry[0].as_u64().expect("window");
            let series = cli["trends"]["measures"][metric][format!("rolling_{window}d")].as_array().expect("series");
            assert_close(number(&entry[1]), series.last().map(number).expect("a day"), &format!("{label} {window}-day"));
        }
    }
    // The demo's team grows (two people take up their agent): the 28-day average of cost
    // ends above where it first stands a full window.
    let cost_28 = cli["trends"]["measures"]["cost_usd"]["rolling_28d"].as_array().expect("series");
    assert!(number(&cost_28[cost_28.len() - 1]) > number(&cost_28[27]) * 1.1, "a visible trend");

    // The heatmap: drawn, and its cells the CLI's.
    assert!(canvas_colours(&browser, "canvas[data-chart=activity_heatmap]")[0] > 3, "heatmap inked");
    browser.run("document.querySelector('canvas[data-chart=activity_heatmap]').closest('.chart').querySelector('details').open = true");
    browser.wait_until("return document.querySelectorAll('[data-table=activity_heatmap] td').length === 168", TIMEOUT);
    let cells = browser.run("return [...document.querySelectorAll('[data-table=activity_heatmap] td')].map(c => [Number(c.dataset.weekday), Number(c.dataset.hour), Number(c.dataset.value)])");
    let grid = &cli["activity_heatmap"]["cells_ms"];
    for cell in cells.as_array().expect("cells") {
        let (day, hour) = (cell[0].as_u64().expect("day") as usize, cell[1].as_u64().expect("hour") as usize);
        assert_eq!(cell[2].as_i64(), grid[day][hour].as_i64(), "day {day} hour {hour}");
    }
    assert_eq!(cli["activity_heatmap"]["total_ms"], cli["active_time_ms"], "the heatmap holds all active time");

    // Top-5 lists.
    for (name, rows) in cli["top"].as_object().expect("top") {
        let shown = browser.run(&format!("return [...document.querySelectorAll('[data-list={name}] li')].map(l => [l.dataset.row, l.dataset.value])"));
        let shown = shown.as_array().expect("rows");
        let rows = rows.as_array().expect("rows");
        assert_eq!(shown.len(), rows.len(), "{name}");
        assert!(!rows.is_empty() && rows.len() <= 5, "{name}");
        for (shown, row) in shown.iter().zip(rows) {
            assert_eq!(shown[0], row[0], "{name}");
            assert_close(number(&shown[1]), number(&row[1]), name);
        }
    }

    // Baselines: each person's interquartile range and count.
    let baselines = browser.run(
        "return [...document.querySelectorAll('[data-baseline]')].map(b => [b.dataset.person, Number(b.dataset.sessions), b.dataset.lowMs, b.dataset.highMs])",
    );
    let expected = cli["baselines"]["people"].as_object().expect("people");
    assert_eq!(baselines.as_array().expect("list").len(), expected.len());
    for entry in baselines.as_array().expect("list") {
        let person = entry[0].as_str().expect("person");
        assert_eq!(entry[1].as_u64(), expected[person]["sessions_with_edit"].as_u64(), "{person}");
        assert_close(number(&entry[2]), expected[person]["low_ms"].as_f64().expect("low"), person);
        assert_close(number(&entry[3]), expected[person]["high_ms"].as_f64().expect("high"), person);
    }

    // Regressions: the demo has some, as many as the CLI finds.
    let regressions = cli["regressions"].as_array().expect("regressions");
    assert!(!regressions.is_empty(), "the demo has a regression");
    assert_eq!(browser.run("return Number(document.querySelector('[data-table=regressions]').dataset.count)").as_u64(), Some(regressions.len() as u64));
    let first_new =
        browser.run("return [...document.querySelectorAll('[data-table=regressions] tbody tr')[0].querySelectorAll('code')].map(c => c.textContent)");
    assert_eq!(&first_new, &regressions[0]["new_failures"], "newest first");

    // The project catalogue, built when opened.
    browser.run("document.querySelector('[data-role=project-catalogue]').open = true");
    browser.wait_until("return document.querySelectorAll('[data-project]').length > 0", TIMEOUT);
    let cards = browser.run("return [...document.querySelectorAll('[data-project]')].map(c => [c.dataset.project, Number(c.dataset.sessions), c.querySelectorAll('[data-role=project-titles] li').length])");
    let expected = cli["project_catalogue"].as_array().expect("catalogue");
    assert_eq!(cards.as_array().expect("cards").len(), expected.len());
    for (card, expected) in cards.as_array().expect("cards").iter().zip(expected) {
        assert_eq!(card[0], expected["project"]);
        assert_eq!(card[1].as_u64(), expected["sessions"].as_u64());
        assert_eq!(card[2].as_u64(), Some(expected["titles"].as_array().expect("titles").len() as u64));
    }
    assert!(browser.console_errors().is_empty());
}

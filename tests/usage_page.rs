//! The Usage section in the page (headless Chromium over `dist/`): the demo's daily,
//! weekly and monthly tables hold the command line's reports row for row, a row per
//! model on demand, the 5-hour blocks; every table saves as CSV equal to what it shows;
//! and a real fixture folder's daily table equals `daily --json`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use session_lens::cli;
use session_lens::viewmodel::format::{group_thousands, usd};

use crate::common;
use crate::common::browser::Browser;

const TIMEOUT: Duration = Duration::from_secs(180);
const DEMO_TODAY: &str = "2026-11-20";

/// The demo's transcripts, written once.
fn demo_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-usage-demo-{}", std::process::id()));
    if !dir.exists() {
        cli::run(&[String::from("demo"), String::from("-o"), dir.display().to_string()]).expect("demo written");
    }
    dir
}

/// A table's rows as shown: `data-row` and the cells' text.
fn shown_rows(browser: &Browser, table: &str) -> Vec<(String, Vec<String>)> {
    let rows = browser.run(&format!(
        "return [...document.querySelectorAll('table[data-table={table}] tbody tr')].map(r => [r.dataset.row, [...r.cells].map(c => c.textContent)])"
    ));
    serde_json::from_value(rows).expect("rows")
}

/// The command line's report rows: (period, the token classes and total as the page
/// writes counts, the cost as it writes dollars).
fn cli_rows(report: &str, extra: &[&str], paths: &[&Path]) -> Vec<(String, Vec<String>)> {
    let mut arguments: Vec<String> = [report, "--json", "--tz", "UTC"].iter().chain(extra).map(|word| word.to_string()).collect();
    arguments.extend(paths.iter().map(|path| path.display().to_string()));
    let json: Value = serde_json::from_str(&cli::run(&arguments).expect("report").stdout).expect("JSON");
    json[report]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = ["inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens", "totalTokens"]
                .iter()
                .map(|key| group_thousands(row[*key].as_u64().expect("count")))
                .collect();
            cells.push(usd(row["totalCost"].as_f64().expect("cost")));
            (row["period"].as_str().expect("period").to_owned(), cells)
        })
        .collect()
}

/// The page's period rows (not the per-model rows) as (period, counts and cost), oldest first.
fn page_periods(rows: &[(String, Vec<String>)]) -> Vec<(String, Vec<String>)> {
    let mut periods: Vec<(String, Vec<String>)> =
        rows.iter().filter(|(key, _)| !key.contains('/')).map(|(key, cells)| (key.clone(), cells[2..].to_vec())).collect();
    periods.reverse();
    periods
}

fn choose(browser: &Browser, view: &str) {
    browser.click(&format!("button[data-usage-view={view}]"));
    browser.wait_until(&format!("return document.querySelector('table[data-table={view}]') !== null"), TIMEOUT);
}

/// A CSV file's records (quoted fields with doubled quotes, CRLF line ends).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (c, _) => field.push(c),
        }
    }
    records
}

#[test]
fn the_demo_s_usage_tables_are_the_command_line_s_reports_and_save_as_csv() {
    let demo = demo_dir();
    let browser = Browser::start();
    browser.open(&format!("?demo&tz=UTC&today={DEMO_TODAY}&period=all"));
    browser.wait_for_state("ready", TIMEOUT);
    for (view, report, extra) in
        [("usage_daily", "daily", &[][..]), ("usage_weekly", "weekly", &["--start-of-week", "monday"][..]), ("usage_monthly", "monthly", &[][..])]
    {
        choose(&browser, view);
        let shown = page_periods(&shown_rows(&browser, view));
        let expected = cli_rows(report, extra, &[&demo]);
        assert!(expected.len() > 1, "{report}: the demo spans several periods");
        assert_eq!(shown, expected, "{view} against `{report} --json`");
    }

    // A row per model under each month, adding up to it.
    browser.click("input[data-role=usage-breakdown]");
    browser.wait_until("return document.querySelector('table[data-table=usage_monthly] tr[data-row*=\"/\"]') !== null", TIMEOUT);
    let rows = shown_rows(&browser, "usage_monthly");
    let number = |text: &str| text.replace(',', "").parse::<u64>().expect("count");
    let months: Vec<&(String, Vec<String>)> = rows.iter().filter(|(key, _)| !key.contains('/')).collect();
    assert!(months.len() > 1);
    for (month, cells) in &months {
        let models: Vec<&(String, Vec<String>)> = rows.iter().filter(|(key, _)| key.starts_with(&format!("{month}/"))).collect();
        assert!(!models.is_empty() && models.iter().all(|(_, cells)| cells[0].starts_with("└ ")), "{month}: {models:?}");
        let sum: u64 = models.iter().map(|(_, cells)| number(&cells[6])).sum();
        assert_eq!(sum, number(&cells[6]), "{month}: the models add up to their month");
    }

    // Every table saves as CSV: the monthly one with its model rows, as shown.
    let downloads = common::scratch_dir("usage-csv");
    browser.allow_downloads(&downloads);
    browser.click("button[data-role=csv][data-csv-for=usage_monthly]");
    let csv = std::fs::read_to_string(browser.wait_for_download(&downloads, "usage_monthly.csv", TIMEOUT)).expect("csv");
    let records = csv_records(&csv);
    let headings: Vec<String> = serde_json::from_value(
        browser.run("return [...document.querySelectorAll('table[data-table=usage_monthly] thead th')].map(th => th.textContent.replace(/ [▾▴]$/, ''))"),
    )
    .expect("headings");
    assert_eq!(records[0], headings);
    assert_eq!(records[1..], rows.iter().map(|(_, cells)| cells.clone()).collect::<Vec<_>>()[..], "the CSV holds the rows as shown");
    // Every table shown has its button (the heatmap's table shows when its data is opened).
    browser.run("document.querySelectorAll('details[data-role=chart-data]').forEach(d => { d.open = true; d.dispatchEvent(new Event('toggle')); }); return 0");
    browser.wait_until("return document.querySelector('table[data-table=activity_heatmap]') !== null", TIMEOUT);
    let names = |selector: &str, attribute: &str| -> Vec<String> {
        let found = browser.run(&format!("return [...document.querySelectorAll('{selector}')].map(e => e.getAttribute('{attribute}')).sort()"));
        serde_json::from_value(found).expect("names")
    };
    let tables = names("table[data-table]", "data-table");
    assert!(tables.len() > 8, "{tables:?}");
    assert_eq!(names("button[data-role=csv]", "data-csv-for"), tables, "a CSV button for every table");
    // A hand-built table saves as shown too.
    browser.click("button[data-role=csv][data-csv-for=practices]");
    let practices = csv_records(&std::fs::read_to_string(browser.wait_for_download(&downloads, "practices.csv", TIMEOUT)).expect("csv"));
    let shown: Vec<Vec<String>> = serde_json::from_value(browser.run(
        "return [...document.querySelectorAll('table[data-table=practices] tbody tr')].map(r => [...r.querySelectorAll('th, td')].map(c => c.textContent))",
    ))
    .expect("cells");
    assert_eq!(practices[1..], shown[..], "the practices CSV holds the table as shown");

    // The 5-hour blocks: Claude Code's, as `blocks --json`, gaps between them.
    choose(&browser, "usage_blocks");
    let blocks: Vec<(String, Vec<String>)> = shown_rows(&browser, "usage_blocks").into_iter().filter(|(key, _)| !key.contains('/')).collect();
    assert!(blocks.iter().any(|(_, cells)| cells[0].contains("gap of")), "gaps between blocks");
    let arguments: Vec<String> = ["blocks", "--json", "--tz", "UTC", &demo.display().to_string()].map(String::from).to_vec();
    let cli_blocks: Value = serde_json::from_str(&cli::run(&arguments).expect("blocks").stdout).expect("JSON");
    let cli_blocks = cli_blocks["blocks"].as_array().expect("blocks");
    assert_eq!(blocks.len(), cli_blocks.len(), "a row per block and gap");
    let shown_totals: Vec<u64> = blocks.iter().rev().map(|(_, cells)| number(&cells[6])).collect();
    let cli_totals: Vec<u64> = cli_blocks.iter().map(|block| block["totalTokens"].as_u64().expect("tokens")).collect();
    assert_eq!(shown_totals, cli_totals, "the blocks' tokens, oldest first");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&downloads);
}

#[test]
fn a_real_folder_s_daily_usage_is_the_command_line_s() {
    let folder = common::fixture("real/ccusage/codex/sessions");
    let browser = Browser::start();
    browser.open_with_nothing_kept("?tz=UTC", TIMEOUT);
    browser.upload("input[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    choose(&browser, "usage_daily");
    let shown = page_periods(&shown_rows(&browser, "usage_daily"));
    assert_eq!(shown, cli_rows("daily", &[], &[&folder]));
    assert_eq!(shown.len(), 3, "{shown:?}");
}

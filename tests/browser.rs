//! Browser tests: the built page (`dist/`) in headless Chromium, compared figure by
//! figure with `session-lens summary --json` on the same input and filters.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;
use session_lens::cli;

const LOAD_TIMEOUT: Duration = Duration::from_secs(180);
const DEMO_TODAY: &str = "2026-11-20";

/// `session-lens summary --json ARGS…`, run in-process, as figure → value.
fn cli_figures(arguments: &[String]) -> BTreeMap<String, Option<f64>> {
    let mut full = vec![String::from("summary"), String::from("--json"), String::from("--tz"), String::from("UTC")];
    full.extend_from_slice(arguments);
    common::cli_summary_figures(&full)
}

/// The demo written to disk once, with `--person NAME DIR` arguments for each person.
fn demo_arguments() -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("session-lens-demo-{}", std::process::id()));
    if !dir.exists() {
        let out = dir.to_str().expect("path").to_owned();
        cli::run(&[String::from("demo"), String::from("-o"), out]).expect("demo written");
    }
    let mut people: Vec<PathBuf> = std::fs::read_dir(&dir).expect("demo dir").map(|entry| entry.expect("entry").path()).collect();
    people.sort();
    people
        .iter()
        .flat_map(|path| {
            let person = path.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
            [String::from("--person"), person, path.display().to_string()]
        })
        .collect()
}

fn page_figures(browser: &Browser) -> BTreeMap<String, Option<f64>> {
    let figures = browser.metrics("[data-role=session-detail]");
    let map: BTreeMap<String, Option<f64>> = figures.iter().cloned().collect();
    assert_eq!(map.len(), figures.len(), "a data-metric appears twice: {figures:?}");
    map
}

fn assert_same_figures(page: &BTreeMap<String, Option<f64>>, core: &BTreeMap<String, Option<f64>>) {
    assert_eq!(page.keys().collect::<Vec<_>>(), core.keys().collect::<Vec<_>>(), "different figures");
    for (name, expected) in core {
        match (page[name], expected) {
            (Some(shown), Some(expected)) => {
                let tolerance = 1e-9 * expected.abs().max(1.0);
                assert!((shown - expected).abs() <= tolerance, "{name}: page {shown}, summary --json {expected}");
            }
            (shown, expected) => assert_eq!(shown, *expected, "{name}"),
        }
    }
}

fn assert_chart_drawn(browser: &Browser, chart: &str) {
    let script = format!(
        "const c = document.querySelector('canvas[data-chart=\"{chart}\"]'); if (!c) return -1;
         const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
         const seen = new Set(); for (let i = 0; i < d.length; i += 16) seen.add(d[i] << 16 | d[i+1] << 8 | d[i+2]);
         return seen.size;"
    );
    let colours = browser.run(&script).as_i64().expect("number");
    assert!(colours > 3, "canvas {chart} looks blank ({colours} colours)");
}

/// Nothing is fetched once the page is ready: the server sees no new request and the
/// page's resource list names only its own origin.
fn assert_quiet_network(browser: &Browser) {
    let before = browser.server.request_count();
    std::thread::sleep(Duration::from_millis(1500));
    let after = browser.server.request_count();
    assert_eq!(before, after, "requests after ready: {:?}", &browser.server.requests()[before..]);
    let origin = browser.server.url("");
    let foreign = browser.run(&format!("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('{origin}'));"));
    assert_eq!(foreign, serde_json::json!([]), "requests to other origins");
}

/// Waits until the figures differ from `before` (a filter took effect).
fn wait_for_new_figures(browser: &Browser, before: &BTreeMap<String, Option<f64>>) -> BTreeMap<String, Option<f64>> {
    let deadline = std::time::Instant::now() + LOAD_TIMEOUT;
    loop {
        let now = page_figures(browser);
        if &now != before {
            return now;
        }
        assert!(std::time::Instant::now() < deadline, "the figures did not change");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn with_today(mut arguments: Vec<String>, extra: &[&str]) -> Vec<String> {
    arguments.splice(0..0, ["--today", DEMO_TODAY].iter().chain(extra).map(|s| s.to_string()));
    arguments
}

/// Moving the mouse over a bar shows its value under the chart.
fn assert_hover_shows_a_value(browser: &Browser) {
    let tooltip = browser.run(
        "const c = document.querySelector('canvas[data-chart=daily_activity]'); const r = c.getBoundingClientRect();
         c.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + r.width * 0.5, clientY: r.top + r.height * 0.5, bubbles: true}));
         return new Promise(done => setTimeout(() => done(c.parentElement.querySelector('[data-role=chart-tooltip]').textContent), 200));",
    );
    let text = tooltip.as_str().expect("text");
    // "21 Oct: 601 requests": the bar's day, unambiguous, and its value.
    let day = text.split(':').next().unwrap_or_default();
    assert!(
        text.contains("requests") && day.split(' ').count() == 2 && day.split(' ').next().is_some_and(|n| n.parse::<u32>().is_ok()),
        "hover shows {text:?}"
    );
}

/// Clicking a column heading sorts by it; clicking again reverses.
fn assert_sorting_reorders(browser: &Browser) {
    let rows = "return [...document.querySelectorAll('[data-table=tools] tr[data-row]')].map(r => r.dataset.row)";
    browser.click("[data-table=tools] th:nth-child(1)");
    let by_name = browser.run(rows);
    let mut sorted: Vec<String> = serde_json::from_value(by_name.clone()).expect("names");
    sorted.sort_by_key(|name| name.to_lowercase());
    assert_eq!(by_name, serde_json::json!(sorted));
    browser.click("[data-table=tools] th:nth-child(1)");
    sorted.reverse();
    assert_eq!(browser.run(rows), serde_json::json!(sorted));
}

#[test]
fn demo_figures_charts_and_filters_match_the_command_line() {
    let browser = Browser::start();
    browser.open(&format!("?demo&tz=UTC&today={DEMO_TODAY}"));
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    let demo = demo_arguments();
    let all = page_figures(&browser);
    assert_same_figures(&all, &cli_figures(&with_today(demo.clone(), &[])));
    for chart in ["daily_activity", "daily_cost", "daily_tokens", "session_durations"] {
        assert_chart_drawn(&browser, chart);
    }
    for table in ["models", "tools", "files", "languages", "projects", "daily", "sessions"] {
        let rows = browser.run(&format!("return document.querySelectorAll('[data-table={table}] tr[data-row]').length"));
        assert!(rows.as_u64().is_some_and(|rows| rows > 0), "table {table} is empty");
    }
    assert_hover_shows_a_value(&browser);
    assert_sorting_reorders(&browser);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    assert_quiet_network(&browser);

    // A person, then a period: each time the page equals `summary --json` with the same flags.
    browser.click("select[data-role=person] option[value=bob]");
    let bob = wait_for_new_figures(&browser, &all);
    assert_same_figures(&bob, &cli_figures(&with_today(demo.clone(), &["--filter-person", "bob"])));
    browser.click("select[data-role=period] option[value='30d']");
    let bob_30d = wait_for_new_figures(&browser, &bob);
    assert_same_figures(&bob_30d, &cli_figures(&with_today(demo.clone(), &["--filter-person", "bob", "--period", "30d"])));

    // The choice lives in the URL (written once the controls rest): a reload shows the
    // same figures.
    browser.wait_until("return location.search.includes('person=bob') && location.search.includes('period=30d')", LOAD_TIMEOUT);
    let url = browser.current_url();
    assert!(url.contains("person=bob") && url.contains("period=30d"), "{url}");
    browser.open_url(&url);
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    assert_same_figures(&page_figures(&browser), &cli_figures(&with_today(demo, &["--filter-person", "bob", "--period", "30d"])));
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn session_drill_down_shows_a_classed_timeline_as_text() {
    let browser = Browser::start();
    browser.open(&format!("?demo&tz=UTC&today={DEMO_TODAY}&person=dave"));
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    browser.click("[data-table=sessions] tr[data-row]");
    browser.wait_until("return !!document.querySelector('[data-role=session-detail] .timeline li')", LOAD_TIMEOUT);
    let classes = browser.run("return [...new Set([...document.querySelectorAll('.timeline li')].map(li => li.dataset.class))].sort()");
    for class in ["agent message", "human prompt", "tool call", "tool output"] {
        assert!(classes.as_array().expect("array").iter().any(|c| c == class), "{class} missing from {classes}");
    }
    browser.wait_until("return location.search.includes('session=')", LOAD_TIMEOUT);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn folder_upload_of_real_transcripts_matches_the_command_line() {
    let browser = Browser::start();
    browser.open("?tz=UTC");
    browser.wait_for_state("empty", LOAD_TIMEOUT);
    assert_eq!(browser.console_errors(), Vec::<String>::new(), "a fresh load logs errors");
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    browser.upload("input[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    let core = cli_figures(&[folder.display().to_string()]);
    assert!(core["sessions"] > Some(0.0) && core["cost_usd"] > Some(0.0));
    let page = page_figures(&browser);
    assert_same_figures(&page, &core);
    // And against ccusage, which shares no code with either.
    let expected = std::fs::read_to_string(common::fixture("expected/claude-code-viewer.claude.daily.json")).expect("expected");
    let expected: serde_json::Value = serde_json::from_str(&expected).expect("json");
    assert_eq!(page["total_tokens"], expected["totals"]["totalTokens"].as_f64(), "ccusage's total tokens");
    assert_chart_drawn(&browser, "daily_activity");
    let files_read = browser.run("return document.querySelector('.load-report p').textContent");
    assert!(files_read.as_str().is_some_and(|text| text.starts_with("5 files read")), "{files_read}");
    let parsed_in = browser.run("return document.querySelector('[data-role=parsed-in]').dataset.value");
    assert_eq!(parsed_in, "worker", "files are parsed off the main thread");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    assert_quiet_network(&browser);
}

/// Files over the whole-file limit are streamed in the browser's chunks: a 1.6 MB
/// transcript, and a copy of it in a backup of the same project folder, cut in the
/// middle of a line (a truncated last line), read the same as on the command line.
#[test]
fn large_files_are_streamed_and_read_the_same_as_the_command_line() {
    let source = common::fixture("real/oh-my-posh/10/906611becd/0/full.jsonl");
    let bytes = std::fs::read(&source).expect("fixture");
    assert!(bytes.len() as u64 > session_lens::ingest::WHOLE_FILE_MAX_BYTES, "the fixture is streamed");
    let drop = std::env::temp_dir().join(format!("session-lens-stream-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&drop);
    let (live, backup) = (drop.join("live/projects/-home-posh"), drop.join("backup/projects/-home-posh"));
    for folder in [&live, &backup] {
        std::fs::create_dir_all(folder).expect("folder");
    }
    std::fs::write(live.join("full.jsonl"), &bytes).expect("copy");
    // Cut inside the line that holds byte 1,300,000.
    let cut = bytes[..1_300_000].iter().rposition(|byte| *byte == b'\n').expect("a line end") + 40;
    std::fs::write(backup.join("full.jsonl"), &bytes[..cut]).expect("cut copy");
    let browser = Browser::start();
    browser.open("?tz=UTC");
    browser.wait_for_state("empty", LOAD_TIMEOUT);
    browser.upload("input[data-role=folder-input]", &drop);
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    let core = cli_figures(&[drop.display().to_string()]);
    assert!(core["sessions"] > Some(0.0) && core["cost_usd"] > Some(0.0));
    assert_same_figures(&page_figures(&browser), &core);
    let summary = browser.run("return document.querySelector('.load-report p').textContent");
    assert!(summary.as_str().is_some_and(|text| text.starts_with("2 files read") && text.ends_with("1 lines skipped.")), "{summary}");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&drop);
}

/// A folder with two project folders and a price table in a third: the page splits the
/// work over its workers, and the price table still prices every worker's requests.
#[test]
fn a_folder_split_over_workers_is_priced_by_a_price_table_in_another_folder() {
    let sample = common::fixture("real/claude-code-viewer/projects/sample-project");
    let fdp = common::fixture("real/claude-code-sessions-fdp");
    let drop = std::env::temp_dir().join(format!("session-lens-drop-{}", std::process::id()));
    for (source, project) in [(&sample, "viewer"), (&fdp, "fdp")] {
        let target = drop.join("projects").join(project);
        std::fs::create_dir_all(&target).expect("folder");
        for (path, bytes) in common::read_tree(source) {
            let name = std::path::Path::new(&path).file_name().expect("name").to_owned();
            std::fs::write(target.join(name), bytes).expect("copy");
        }
    }
    std::fs::create_dir_all(drop.join("settings")).expect("folder");
    let prices = common::dollar_per_million_price_table("workers-prices");
    std::fs::copy(&prices, drop.join("settings/prices.json")).expect("copy prices");
    let browser = Browser::start();
    browser.open("?tz=UTC");
    browser.wait_for_state("empty", LOAD_TIMEOUT);
    browser.upload("input[data-role=folder-input]", &drop);
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    let expected = cli_figures(&[String::from("--prices"), prices.display().to_string(), drop.join("projects").display().to_string()]);
    assert_same_figures(&page_figures(&browser), &expected);
    let workers = browser.run("return Number(document.querySelector('[data-role=parsed-in]').dataset.workers)");
    let cores = browser.run("return navigator.hardwareConcurrency");
    if cores.as_u64().is_some_and(|cores| cores >= 2) {
        assert!(workers.as_u64().is_some_and(|workers| workers >= 2), "{workers} workers on {cores} cores");
    }
    let _ = std::fs::remove_dir_all(&drop);
    let _ = std::fs::remove_file(&prices);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn a_dropped_price_table_reprices_the_files_dropped_with_it() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let prices = common::dollar_per_million_price_table("page-prices");
    let mut files: Vec<String> = common::read_tree(&folder).into_iter().map(|(path, _)| path).collect();
    files.push(prices.display().to_string());
    let browser = Browser::start();
    browser.open("?tz=UTC");
    browser.wait_for_state("empty", LOAD_TIMEOUT);
    browser.upload_many("input[data-role=files-input]", &files);
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    let expected = cli_figures(&[String::from("--prices"), prices.display().to_string(), folder.display().to_string()]);
    let _ = std::fs::remove_file(&prices);
    assert_same_figures(&page_figures(&browser), &expected);
    let note = browser.run("return document.querySelector('[data-role=prices]').textContent");
    assert!(note.as_str().is_some_and(|note| note.contains("your price table")), "{note}");
}

/// The days table's rows as date → total tokens (the digits of its Tokens cell).
fn page_days(browser: &Browser) -> BTreeMap<String, u64> {
    let rows = browser.run("return [...document.querySelectorAll('[data-table=daily] tr[data-row]')].map(r => [r.dataset.row, r.cells[3].textContent])");
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            let digits: String = row[1].as_str().expect("cell").chars().filter(char::is_ascii_digit).collect();
            (row[0].as_str().expect("date").to_owned(), digits.parse().expect("tokens"))
        })
        .collect()
}

/// `session-lens daily --json --tz ZONE` over the demo, as date → total tokens.
fn cli_days(demo: &[String], zone: &str) -> BTreeMap<String, u64> {
    // The demo's arguments are `--person NAME PATH` triples: the paths alone.
    let paths: Vec<String> = ["daily", "--json", "--tz", zone].iter().map(|a| a.to_string()).chain(demo.chunks(3).map(|triple| triple[2].clone())).collect();
    let output = cli::run(&paths).expect("daily runs");
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    json["daily"]
        .as_array()
        .expect("days")
        .iter()
        .map(|day| (day["period"].as_str().expect("date").to_owned(), day["totalTokens"].as_u64().expect("tokens")))
        .collect()
}

/// The page carries no tz database: its zones come from the browser (its own zone through
/// `Date`, any other through `Intl`). The days it cuts in New York (clocks back on
/// 2026-11-01), on Chatham (+12:45, +13:45 from 2026-09-27) and in the browser's own zone
/// (Auckland, forward on 2026-09-27) hold the tokens the command line's days hold in that
/// zone (the tz database); the last two cut them where UTC does not.
#[test]
fn zones_from_the_browser_cut_the_command_line_s_days() {
    let browser = Browser::start();
    let demo = demo_arguments();
    browser.open(&format!("?demo&tz=UTC&today={DEMO_TODAY}&period=all"));
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    let utc = page_days(&browser);
    let assert_days_of = |zone: &str, page: &BTreeMap<String, u64>| {
        let cli = cli_days(&demo, zone);
        assert!(page.len() >= 20, "{zone}: {page:?}");
        for (date, tokens) in page {
            assert_eq!(Some(tokens), cli.get(date), "{zone} on {date}");
        }
    };
    for zone in ["America/New_York", "Pacific/Chatham"] {
        browser.open(&format!("?demo&tz={zone}&today={DEMO_TODAY}&period=all"));
        browser.wait_for_state("ready", LOAD_TIMEOUT);
        assert_days_of(zone, &page_days(&browser));
    }
    assert_ne!(page_days(&browser), utc, "Chatham cuts the days where UTC does not");
    // The browser's own zone, with no `tz` in the URL.
    browser.cdp("Emulation.setTimezoneOverride", serde_json::json!({"timezoneId": "Pacific/Auckland"}));
    browser.open(&format!("?demo&today={DEMO_TODAY}&period=all"));
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    assert_eq!(browser.run("return document.querySelector('[data-role=time-zone]').value"), serde_json::json!("Pacific/Auckland"));
    let own = page_days(&browser);
    assert_days_of("Pacific/Auckland", &own);
    assert_ne!(own, utc, "Auckland cuts the days where UTC does not");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

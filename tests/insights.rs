//! Insights on the page (headless Chromium over `dist/`): the demo shows every pattern
//! card, a card's session link opens that session's drill-down, a rule's link opens a
//! session at the line that hit it, the thresholds live in the URL, and the cards and
//! quality figures equal `session-lens summary --json`'s.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use crate::common::browser::Browser;
use session_lens::cli;

const TIMEOUT: Duration = Duration::from_secs(180);
const DEMO_TODAY: &str = "2026-11-20";

/// `summary --json` over the demo (each person's folder under their name), with `extra`.
fn demo_summary(extra: &[&str]) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("session-lens-insights-demo-{}", std::process::id()));
    if !dir.exists() {
        cli::run(&[String::from("demo"), String::from("-o"), dir.display().to_string()]).expect("demo written");
    }
    let mut people: Vec<PathBuf> = std::fs::read_dir(&dir).expect("demo").map(|entry| entry.expect("entry").path()).collect();
    people.sort();
    let mut arguments: Vec<String> = ["summary", "--json", "--tz", "UTC", "--today", DEMO_TODAY].iter().chain(extra).map(|s| s.to_string()).collect();
    for path in people {
        let person = path.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
        arguments.extend([String::from("--person"), person, path.display().to_string()]);
    }
    serde_json::from_str(&cli::run(&arguments).expect("summary runs").stdout).expect("JSON")
}

/// (pattern, person) of every card on the page.
fn page_cards(browser: &Browser) -> BTreeSet<(String, String)> {
    let cards = browser.run("return [...document.querySelectorAll('[data-pattern]')].map(c => [c.dataset.pattern, c.dataset.person])");
    serde_json::from_value::<Vec<(String, String)>>(cards).expect("cards").into_iter().collect()
}

fn cli_cards(summary: &serde_json::Value) -> BTreeSet<(String, String)> {
    summary["patterns"]
        .as_array()
        .expect("patterns")
        .iter()
        .map(|card| (card["pattern"].as_str().expect("pattern").to_owned(), card["person"].as_str().expect("person").to_owned()))
        .collect()
}

#[test]
fn the_demo_shows_every_pattern_and_a_card_or_a_rule_opens_its_session() {
    let browser = Browser::start();
    browser.open(&format!("?demo&tz=UTC&today={DEMO_TODAY}"));
    browser.wait_for_state("ready", TIMEOUT);
    let cards = page_cards(&browser);
    let kinds: BTreeSet<&str> = cards.iter().map(|(pattern, _)| pattern.as_str()).collect();
    assert_eq!(
        kinds,
        ["bimodal", "consistent_duration", "declining_usage", "long_low_output", "session_budget", "short_high_output"].into_iter().collect(),
        "every kind of card"
    );
    let summary = demo_summary(&[]);
    assert_eq!(cards, cli_cards(&summary), "the page's cards are summary --json's");
    for name in ["lines_generated", "lines_accepted", "lines_discarded", "lines_corrected", "slop_ratio", "test_pass_rate", "test_runs"] {
        let shown = browser.run(&format!("return Number(document.querySelector('[data-metric={name}]').dataset.value)"));
        let expected = summary[name].as_f64().expect("a number");
        assert!((shown.as_f64().expect("number") - expected).abs() <= 1e-9 * expected.abs().max(1.0), "{name}: {shown} vs {expected}");
    }
    // A card's first session link opens that session.
    let position = browser.run("return document.querySelector('[data-pattern=long_low_output] [data-role=open-session]').dataset.session");
    browser.click("[data-pattern=long_low_output] [data-role=open-session]");
    browser.wait_until(
        &format!("return document.querySelector('[data-role=session-detail]')?.dataset.session === '{}'", position.as_str().expect("position")),
        TIMEOUT,
    );
    // A rule's session link opens a session with a line marked with that rule.
    browser.click("[data-rule=tests_failing_at_end] [data-role=open-session]");
    browser.wait_until("return !!document.querySelector('[data-role=session-detail] [data-rules~=tests_failing_at_end]')", TIMEOUT);
    // Every rule of the catalogue is listed, with hits as summary --json counts them.
    let listed = browser.run("return Object.fromEntries([...document.querySelectorAll('[data-role=rule-catalogue] [data-rule]')].map(r => [r.dataset.rule, Number(r.dataset.hits)]))");
    assert_eq!(listed, summary["rule_hits"]);
    let outcome_rows = browser.run("return document.querySelectorAll('[data-table=outcomes] tr[data-row]').length");
    assert_eq!(outcome_rows, 8, "the seven people of the demo team and everyone");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn thresholds_are_settings_kept_in_the_url_and_change_the_cards() {
    let browser = Browser::start();
    browser.open(&format!("?demo&tz=UTC&today={DEMO_TODAY}&p_budget=600&fix_critical=30"));
    browser.wait_for_state("ready", TIMEOUT);
    let cards = page_cards(&browser);
    assert!(!cards.iter().any(|(pattern, _)| pattern == "session_budget"), "no session runs ten hours");
    assert_eq!(cards, cli_cards(&demo_summary(&["--set", "p_budget=600", "--set", "fix_critical=30"])));
    let loss = browser.run("return Number(document.querySelector('[data-metric=estimated_loss_usd]').dataset.value)");
    let cli_loss = demo_summary(&["--set", "fix_critical=30"])["estimated_loss_usd"].as_f64();
    assert_eq!(loss.as_f64(), cli_loss, "minutes to fix a critical hit change the loss alike");
    // Back to a 20-minute budget through the settings panel: the card returns and the URL
    // follows.
    browser.click("[data-role=settings-panel] summary");
    browser.run("const i = document.querySelector('[data-role=setting-p_budget]'); i.value = '20'; i.dispatchEvent(new Event('change', {bubbles: true}));");
    browser.wait_until("return !!document.querySelector('[data-pattern=session_budget]')", TIMEOUT);
    browser.wait_until("return !location.search.includes('p_budget') && location.search.includes('fix_critical=30')", TIMEOUT);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

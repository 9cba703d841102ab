//! The page and the command line read a folder by one rule set: the same folder through
//! both gives the same figures. The folder holds what used to tell them apart: a project
//! copied under a differently named folder (which the page's workers may read apart) and
//! a price table among the transcripts (which reprices both). The figures are also held
//! to expectations worked out without our code: ccusage's token total for the set, and
//! the cost the table's $1 per million tokens makes of it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;

const TIMEOUT: Duration = Duration::from_secs(90);
const SET: &str = "claude-code-viewer";

/// The set's transcripts, one of them again under another project folder, and a price
/// table pricing the set's model at $1 per million tokens of every kind.
fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-agree-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let original = dir.join("projects/sample-project");
    let copy = dir.join("projects/zz-renamed-copy");
    std::fs::create_dir_all(&original).expect("mkdir");
    std::fs::create_dir_all(&copy).expect("mkdir");
    let source = common::fixture(&format!("real/{SET}/projects/sample-project"));
    let mut names: Vec<PathBuf> = std::fs::read_dir(&source).expect("set").map(|entry| entry.expect("entry").path()).collect();
    names.sort();
    for path in &names {
        std::fs::copy(path, original.join(path.file_name().expect("name"))).expect("copy");
    }
    let largest = names.iter().max_by_key(|path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)).expect("a file");
    std::fs::copy(largest, copy.join(largest.file_name().expect("name"))).expect("copy");
    std::fs::copy(common::dollar_per_million_price_table("agree"), dir.join("prices.json")).expect("prices");
    dir
}

fn cli_figures(folder: &Path) -> BTreeMap<String, Option<f64>> {
    let arguments: Vec<String> =
        ["summary", "--json", "--tz", "UTC", "--period", "all"].iter().map(|a| a.to_string()).chain([folder.display().to_string()]).collect();
    common::cli_summary_figures(&arguments)
}

fn ccusage_total_tokens() -> f64 {
    let text = std::fs::read_to_string(common::fixture(&format!("expected/{SET}.claude.daily.json"))).expect("expected");
    let expected: serde_json::Value = serde_json::from_str(&text).expect("json");
    expected["totals"]["totalTokens"].as_f64().expect("totalTokens")
}

#[test]
fn one_folder_through_the_page_and_the_command_line_gives_the_same_figures() {
    let folder = folder();
    let cli = cli_figures(&folder);
    let total_tokens = ccusage_total_tokens();
    assert_eq!(cli["total_tokens"], Some(total_tokens), "the copy counts once on the command line");
    let cost = cli["cost_usd"].expect("cost");
    assert!((cost - total_tokens * 1e-6).abs() < 1e-6, "the folder's price table reprices the command line: {cost}");

    let browser = Browser::start();
    browser.open("?tz=UTC&period=all");
    browser.wait_for_state("empty", TIMEOUT);
    browser.upload("[data-role=folder-input]", &folder);
    browser.wait_for_state("ready", TIMEOUT);
    let workers = browser.run("return document.querySelector('[data-role=parsed-in]').dataset.workers");
    assert_ne!(workers.as_str(), Some("0"), "read in workers, where the copy may land apart");
    let page: BTreeMap<String, Option<f64>> = browser.metrics("[data-role=session-detail]").into_iter().collect();
    assert_eq!(page.keys().collect::<Vec<_>>(), cli.keys().collect::<Vec<_>>(), "different figures");
    for (name, value) in &cli {
        let shown = page[name];
        let same = match (shown, value) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1.0),
            (a, b) => a == *b,
        };
        assert!(same, "{name}: page {shown:?}, command line {value:?}");
    }
    let _ = std::fs::remove_dir_all(&folder);
}

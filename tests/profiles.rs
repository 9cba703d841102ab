//! Where the page's main thread spends its time, from Chromium's own sampling profiler
//! (DevTools protocol through chromedriver): during a folder load, and during filter
//! changes once it is loaded. Not tests: run by hand, on a corpus written by
//! `session-lens demo`, after `trunk build --release`:
//!
//! `SESSION_LENS_PROFILE_CORPUS=/tmp/corpus cargo test --release --test profiles -- --ignored --nocapture`
//!
//! Release builds carry no wasm function names; for names, build the page with
//! `CARGO_PROFILE_RELEASE_STRIP=none`, run wasm-bindgen with `--keep-debug` on it, and point
//! `SESSION_LENS_DIST` at that folder (docs/benchmarks-history.md, "Profiling").

mod common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use common::browser::Browser;
use serde_json::{json, Value};

const LOAD_TIMEOUT: Duration = Duration::from_secs(900);
const FUNCTIONS_SHOWN: usize = 25;

fn corpus() -> PathBuf {
    PathBuf::from(std::env::var("SESSION_LENS_PROFILE_CORPUS").expect("SESSION_LENS_PROFILE_CORPUS names a corpus folder"))
}

/// Self time per function of a DevTools CPU profile, largest first.
fn self_times_ms(profile: &Value) -> Vec<(String, f64)> {
    let names: HashMap<i64, String> = profile["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|node| {
            let frame = &node["callFrame"];
            let file = frame["url"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default();
            (node["id"].as_i64().expect("id"), format!("{} ({file})", frame["functionName"].as_str().unwrap_or_default()))
        })
        .collect();
    let mut totals: HashMap<String, f64> = HashMap::new();
    let samples = profile["samples"].as_array().expect("samples");
    let deltas = profile["timeDeltas"].as_array().expect("time deltas");
    for (sample, delta_us) in samples.iter().zip(deltas) {
        let name = names[&sample.as_i64().expect("sample")].clone();
        *totals.entry(name).or_default() += delta_us.as_f64().unwrap_or(0.0) / 1000.0;
    }
    let mut totals: Vec<(String, f64)> = totals.into_iter().collect();
    totals.sort_by(|a, b| b.1.total_cmp(&a.1));
    totals
}

fn print_profile(title: &str, profile: &Value) {
    println!("== {title}");
    for (name, ms) in self_times_ms(&profile["profile"]).into_iter().take(FUNCTIONS_SHOWN) {
        let name: String = name.chars().take(140).collect();
        println!("{ms:9.1} ms  {name}");
    }
}

fn loaded_browser(profile_load: bool) -> Browser {
    let browser = Browser::start();
    browser.open("?tz=UTC");
    browser.wait_for_state("empty", Duration::from_secs(60));
    browser.cdp("Profiler.enable", json!({}));
    browser.cdp("Profiler.setSamplingInterval", json!({"interval": 500}));
    if profile_load {
        browser.cdp("Profiler.start", json!({}));
    }
    browser.upload("input[data-role=folder-input]", &corpus());
    browser.wait_for_state("ready", LOAD_TIMEOUT);
    if profile_load {
        print_profile("folder load, input change to ready", &browser.cdp("Profiler.stop", json!({})));
    }
    browser
}

#[test]
#[ignore = "a profile to read, run by hand"]
fn profile_a_folder_load() {
    loaded_browser(true);
}

#[test]
#[ignore = "a profile to read, run by hand"]
fn profile_filter_changes() {
    let browser = loaded_browser(false);
    for (role, option) in [("person", 1), ("person", 0), ("project", 1), ("project", 0), ("period", 2), ("period", 0), ("period", 3), ("period", 0)] {
        browser.cdp("Profiler.start", json!({}));
        let elapsed_ms = browser.run(&format!(
            "const s = document.querySelector('select[data-role={role}]'); const t0 = performance.now();
             s.value = s.options[{option}].value; s.dispatchEvent(new Event('change'));
             return new Promise(done => requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0)));"
        ));
        let profile = browser.cdp("Profiler.stop", json!({}));
        print_profile(&format!("{role} option {option}: {:.0} ms to the next frame", elapsed_ms.as_f64().unwrap_or(f64::NAN)), &profile);
    }
}

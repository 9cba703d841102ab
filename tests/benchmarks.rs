//! Benchmarks, not tests: they print numbers and assert nothing about time. Run with
//!
//!     cargo test --release --test benchmarks -- --ignored --nocapture
//!
//! (after `make test` has built dist/ and installed Chromium). They generate 200 MB and
//! 1 GB corpora (`session-lens demo --size-mb N`), then measure native parse throughput,
//! the page's time from choosing the folder to `data-state="ready"` with the peak memory
//! of the browser's renderer processes, a filter change on the loaded page, and ccusage
//! 20.0.24 on the same corpus (installed from npm into ~/.cache/session-lens-tools).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::browser::Browser;
use session_lens::cli;

const CCUSAGE_VERSION: &str = "20.0.24";

fn run_cli(arguments: &[&str]) -> String {
    let arguments: Vec<String> = arguments.iter().map(|s| s.to_string()).collect();
    cli::run(&arguments).expect("session-lens runs").stdout
}

fn corpus(size_mb: u64) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-corpus-{size_mb}mb"));
    if !dir.exists() {
        print!("{}", run_cli(&["demo", "--size-mb", &size_mb.to_string(), "-o", dir.to_str().expect("path")]));
    }
    dir
}

fn tools_dir() -> PathBuf {
    let home = std::env::var("HOME").unwrap_or_else(|_| String::from("/root"));
    PathBuf::from(home).join(".cache/session-lens-tools")
}

fn ccusage() -> PathBuf {
    let prefix = tools_dir().join(format!("ccusage-{CCUSAGE_VERSION}"));
    let binary = prefix.join("node_modules/.bin/ccusage");
    if !binary.exists() {
        let status = Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("ccusage@{CCUSAGE_VERSION}"))
            .arg(format!("@ccusage/ccusage-linux-x64@{CCUSAGE_VERSION}"))
            .status()
            .expect("npm");
        assert!(status.success(), "npm install ccusage");
    }
    binary
}

/// Wall seconds and peak RSS (MB) of ccusage's daily report over the corpus.
fn time_ccusage(corpus: &Path) -> (f64, f64) {
    let mut roots: Vec<String> = std::fs::read_dir(corpus)
        .expect("corpus")
        .map(|entry| entry.expect("entry").path().join(".claude").display().to_string())
        .collect();
    roots.sort();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(ccusage())
        .args(["claude", "daily", "--json", "--offline"])
        .env("CLAUDE_CONFIG_DIR", roots.join(","))
        .output()
        .expect("run ccusage");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    let mut fields = last.split_whitespace().map(|field| field.parse::<f64>().unwrap_or(0.0));
    (fields.next().unwrap_or(0.0), fields.next().unwrap_or(0.0) / 1024.0)
}

/// Summed RSS (MB) of Chromium's renderer processes (the page and its worker).
fn renderer_rss_mb() -> f64 {
    let mut total_kb = 0.0;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let path = entry.path();
        let Ok(cmdline) = std::fs::read(path.join("cmdline")) else { continue };
        let cmdline = String::from_utf8_lossy(&cmdline);
        if !(cmdline.contains("chromium") && cmdline.contains("--type=renderer")) {
            continue;
        }
        let status = std::fs::read_to_string(path.join("status")).unwrap_or_default();
        if let Some(line) = status.lines().find(|line| line.starts_with("VmRSS:")) {
            total_kb += line.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()).unwrap_or(0.0);
        }
    }
    total_kb / 1024.0
}

struct PageLoad {
    seconds: f64,
    baseline_rss_mb: f64,
    peak_rss_mb: f64,
    sessions: f64,
    filter_ms: f64,
}

fn load_in_page(corpus: &Path) -> PageLoad {
    let browser = Browser::start();
    browser.open("?tz=UTC");
    browser.wait_for_state("empty", Duration::from_secs(60));
    let baseline_mb = renderer_rss_mb();
    let started = Instant::now();
    browser.upload("input[data-role=folder-input]", corpus);
    let mut peak_mb: f64 = baseline_mb;
    loop {
        peak_mb = peak_mb.max(renderer_rss_mb());
        let state = browser.run("return document.querySelector('[data-state]').dataset.state");
        if state == "ready" {
            break;
        }
        assert_ne!(state, "error", "the page failed to load the corpus");
        assert!(started.elapsed() < Duration::from_secs(1200), "load took over 20 minutes");
        std::thread::sleep(Duration::from_millis(50));
    }
    let seconds = started.elapsed().as_secs_f64();
    peak_mb = peak_mb.max(renderer_rss_mb());
    let sessions = browser.run("return Number(document.querySelector('[data-metric=sessions]').dataset.value)");
    // A filter change measured inside the page: from the change event to the next frame.
    let filter_ms = browser.run(
        "const s = document.querySelector('select[data-role=person]'); const t0 = performance.now();
         s.value = s.options[1].value; s.dispatchEvent(new Event('change'));
         return new Promise(done => requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0)));",
    );
    PageLoad {
        seconds,
        baseline_rss_mb: baseline_mb,
        peak_rss_mb: peak_mb,
        sessions: sessions.as_f64().unwrap_or(0.0),
        filter_ms: filter_ms.as_f64().unwrap_or(f64::NAN),
    }
}

#[test]
#[ignore = "benchmark: prints numbers, takes minutes; run with --ignored --nocapture"]
fn load_benchmarks() {
    let wasm_gz = {
        let dist = common::browser::dist_dir();
        let wasm: Vec<PathBuf> = std::fs::read_dir(&dist).expect("dist").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "wasm")).collect();
        wasm.iter()
            .map(|path| {
                let output = Command::new("sh").arg("-c").arg(format!("gzip -9c {} | wc -c", path.display())).output().expect("gzip");
                format!("{} {} B raw, {} B gzip", path.file_name().and_then(|n| n.to_str()).unwrap_or_default(), std::fs::metadata(path).map(|m| m.len()).unwrap_or(0), String::from_utf8_lossy(&output.stdout).trim())
            })
            .collect::<Vec<_>>()
    };
    println!("\nwasm: {}", wasm_gz.join("; "));
    println!("| corpus | native parse (best, 1 core) | page: choose folder → ready | page MB/s | renderer RSS before → peak | growth ÷ input | filter change | ccusage wall | ccusage MB/s | ccusage peak RSS | page ÷ ccusage speed |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for size_mb in [200u64, 1000] {
        let dir = corpus(size_mb);
        let bench = run_cli(&["bench", dir.to_str().expect("path")]);
        let native = bench.lines().nth(1).unwrap_or_default().to_owned();
        let page = load_in_page(&dir);
        let (ccusage_s, ccusage_mb) = time_ccusage(&dir);
        let mb = size_mb as f64;
        println!(
            "| {size_mb} MB ({} sessions) | {} | {:.2} s | {:.0} | {:.0} → {:.0} MB | {:.2} | {:.0} ms | {:.2} s | {:.0} | {:.0} MB | {:.2} |",
            page.sessions,
            native.split(',').next().unwrap_or_default().trim_start_matches("best ").trim(),
            page.seconds,
            mb / page.seconds,
            page.baseline_rss_mb,
            page.peak_rss_mb,
            (page.peak_rss_mb - page.baseline_rss_mb) / mb,
            page.filter_ms,
            ccusage_s,
            mb / ccusage_s,
            ccusage_mb,
            ccusage_s / page.seconds,
        );
    }
}

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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::browser::Browser;
use session_lens::cli;

fn run_cli(arguments: &[&str]) -> String {
    let arguments: Vec<String> = arguments.iter().map(|s| s.to_string()).collect();
    cli::run(&arguments).expect("session-lens runs").stdout
}

/// A corpus written once into the temp folder: `--size-mb N` or `--sessions N`.
fn corpus(option: &str, value: u64) -> PathBuf {
    let unit = if option == "--sessions" { "sessions" } else { "mb" };
    let dir = std::env::temp_dir().join(format!("session-lens-corpus-{value}{unit}"));
    if !dir.exists() {
        print!("{}", run_cli(&["demo", option, &value.to_string(), "-o", dir.to_str().expect("path")]));
    }
    dir
}

fn folder_megabytes(dir: &Path) -> f64 {
    let mut total = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        for entry in std::fs::read_dir(&path).into_iter().flatten().flatten() {
            let metadata = entry.metadata().expect("metadata");
            if metadata.is_dir() {
                pending.push(entry.path());
            } else {
                total += metadata.len();
            }
        }
    }
    total as f64 / 1e6
}

/// Changes one control inside the page and times it from the change event to the next
/// frame, in ms.
fn time_control_change(browser: &Browser, role: &str, option_index: usize) -> f64 {
    let script = format!(
        "const s = document.querySelector('select[data-role={role}]'); const t0 = performance.now();
         s.value = s.options[{option_index}].value; s.dispatchEvent(new Event('change'));
         return new Promise(done => requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0)));"
    );
    browser.run(&script).as_f64().unwrap_or(f64::NAN)
}

/// Each change (label, control, option) timed in turn: "label 12 ms, …".
fn timed_changes(browser: &Browser, changes: &[(&str, &str, usize)]) -> String {
    changes.iter().map(|(label, role, option)| format!("{label} {:.0} ms", time_control_change(browser, role, *option))).collect::<Vec<_>>().join(", ")
}

/// Wall seconds and peak RSS (MB) of ccusage's daily report over the corpus.
fn time_ccusage(corpus: &Path) -> (f64, f64) {
    let mut roots: Vec<String> =
        std::fs::read_dir(corpus).expect("corpus").map(|entry| entry.expect("entry").path().join(".claude").display().to_string()).collect();
    roots.sort();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(common::ccusage())
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

/// Memory of Chromium's renderer processes (the page and its workers), summed, in MB.
#[derive(Clone, Copy, Default)]
struct RendererMemory {
    /// Resident set: also counts the pages of Chromium's own executable and libraries
    /// that the renderer has touched, which are shared with every other Chromium process.
    rss_mb: f64,
    /// Resident memory of the tab's own: anonymous and shared-memory pages (`RssAnon` +
    /// `RssShmem`), without the shared executable (what Chrome's task manager calls the
    /// memory footprint, short of swap).
    private_mb: f64,
}

fn renderer_memory() -> RendererMemory {
    let mut memory = RendererMemory::default();
    for (_, path, kind) in chromium_processes() {
        if kind != "renderer" {
            continue;
        }
        let status = std::fs::read_to_string(path.join("status")).unwrap_or_default();
        let field_mb = |name: &str| {
            status.lines().find_map(|line| line.strip_prefix(name)).and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
        };
        memory.rss_mb += field_mb("VmRSS:");
        memory.private_mb += field_mb("RssAnon:") + field_mb("RssShmem:");
    }
    memory
}

/// Chromium's processes (not chromedriver): pid, /proc folder, and `--type=` (the
/// browser process has none and is called "browser").
fn chromium_processes() -> Vec<(u32, PathBuf, String)> {
    let mut processes = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let path = entry.path();
        let Some(pid) = path.file_name().and_then(|name| name.to_str()).and_then(|name| name.parse::<u32>().ok()) else { continue };
        let Ok(cmdline) = std::fs::read(path.join("cmdline")) else { continue };
        let cmdline = String::from_utf8_lossy(&cmdline);
        if !cmdline.contains("chromium") || cmdline.contains("chromedriver") {
            continue;
        }
        // Chromium rewrites its command line with spaces between the arguments.
        let kind = cmdline.split(['\0', ' ']).find_map(|arg| arg.strip_prefix("--type=")).unwrap_or("browser").to_owned();
        processes.push((pid, path, kind));
    }
    processes
}

/// First contentful paint of the empty page (the body is empty until the app mounts,
/// so this is the app's first paint), three fresh browsers, in ms.
fn first_paint_ms() -> Vec<String> {
    (0..3)
        .map(|_| {
            let browser = Browser::start();
            browser.open("?tz=UTC");
            browser.wait_for_state("empty", Duration::from_secs(60));
            // The paint entry is recorded after the frame is shown: wait for it (buffered,
            // so an entry already recorded counts), at most two seconds.
            let paint = browser.run(
                "return new Promise(done => {
                   new PerformanceObserver(list => {
                     const p = list.getEntriesByName('first-contentful-paint')[0];
                     if (p) done(p.startTime);
                   }).observe({ type: 'paint', buffered: true });
                   setTimeout(() => done(-1), 2000);
                 });",
            );
            format!("{:.0} ms", paint.as_f64().unwrap_or(-1.0))
        })
        .collect()
}

/// Dedicated worker threads now running in Chromium's renderers (the ingest workers).
fn live_worker_threads() -> usize {
    chromium_thread_cpu().values().filter(|(label, _)| label.starts_with("renderer/DedicatedWorker")).count()
}

/// CPU seconds used so far by each thread of Chromium's processes, labelled by process
/// `--type=` (the browser process has none) and, in renderers and the browser process, by
/// thread name, from /proc.
fn chromium_thread_cpu() -> BTreeMap<(u32, u32), (String, f64)> {
    let ticks_per_second = 100.0;
    let mut threads = BTreeMap::new();
    for (pid, path, kind) in chromium_processes() {
        for task in std::fs::read_dir(path.join("task")).into_iter().flatten().flatten() {
            let Some(tid) = task.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
            let Some((head, after_name)) = stat.rsplit_once(") ") else { continue };
            let name = head.split_once(" (").map(|(_, name)| name).unwrap_or_default();
            let fields: Vec<&str> = after_name.split_whitespace().collect();
            // utime and stime, fields 14 and 15 of stat(5).
            let ticks: f64 = [11, 12].iter().filter_map(|index| fields.get(*index)?.parse::<f64>().ok()).sum();
            let label = if kind == "renderer" || kind == "browser" { format!("{kind}/{name}") } else { kind.clone() };
            threads.insert((pid, tid), (label, ticks / ticks_per_second));
        }
    }
    threads
}

/// Follows threads' CPU through a load (threads that end, like workers', keep their last
/// sample) and sums it by label.
struct CpuTracker {
    before: BTreeMap<(u32, u32), (String, f64)>,
    latest: BTreeMap<(u32, u32), (String, f64)>,
}

impl CpuTracker {
    fn start() -> Self {
        let before = chromium_thread_cpu();
        CpuTracker { latest: before.clone(), before }
    }

    fn sample(&mut self) {
        self.latest.extend(chromium_thread_cpu());
    }

    fn summary(&self) -> String {
        let mut by_label: BTreeMap<&str, f64> = BTreeMap::new();
        for (thread, (label, seconds)) in &self.latest {
            let before = self.before.get(thread).map_or(0.0, |(_, seconds)| *seconds);
            *by_label.entry(label).or_insert(0.0) += seconds - before;
        }
        by_label.into_iter().filter(|(_, seconds)| *seconds >= 0.05).map(|(label, seconds)| format!("{label} {seconds:.1} s")).collect::<Vec<_>>().join(", ")
    }
}

struct PageLoad {
    seconds: f64,
    baseline: RendererMemory,
    /// Each measure's own peak.
    peak: RendererMemory,
    sessions: f64,
    filter_ms: f64,
    /// The load report's own account: `data-read-ms`, `data-parse-ms`, `data-merge-ms`
    /// (read and parse summed over workers), the workers' count and final wasm memory.
    breakdown: String,
}

/// Samples the renderers' memory and CPU until the page is ready: the seconds from
/// `started`, the peak, and when the peak came.
fn follow_until_ready(browser: &Browser, started: Instant, baseline: RendererMemory, cpu: &mut CpuTracker) -> (f64, RendererMemory, String) {
    let mut peak = baseline;
    let mut peak_at = String::new();
    loop {
        let memory = renderer_memory();
        peak.rss_mb = peak.rss_mb.max(memory.rss_mb);
        if memory.private_mb > peak.private_mb {
            peak.private_mb = memory.private_mb;
            peak_at = format!("{:.1} s, {} workers alive", started.elapsed().as_secs_f64(), live_worker_threads());
        }
        cpu.sample();
        let state = browser.run("return document.querySelector('[data-state]')?.dataset.state ?? null");
        if state == "ready" {
            break;
        }
        assert_ne!(state, "error", "the page failed to load the corpus: {}", browser.error_message());
        assert!(started.elapsed() < Duration::from_secs(1200), "load took over 20 minutes");
        std::thread::sleep(Duration::from_millis(50));
    }
    let seconds = started.elapsed().as_secs_f64();
    cpu.sample();
    let ready = renderer_memory();
    peak.rss_mb = peak.rss_mb.max(ready.rss_mb);
    peak.private_mb = peak.private_mb.max(ready.private_mb);
    (seconds, peak, peak_at)
}

/// Waits until the page has kept what it read (or said why not); the ms it took.
fn wait_until_kept(browser: &Browser) -> f64 {
    let started = Instant::now();
    browser.wait_until("return document.querySelector('[data-role=kept-panel]')?.dataset.keepState !== 'writing'", Duration::from_secs(600));
    started.elapsed().as_secs_f64() * 1000.0
}

fn load_in_page(corpus: &Path) -> PageLoad {
    load_in_page_through(corpus, "folder-input")
}

/// As [`load_in_page`], through the input `role` (`folder-input` for a folder,
/// `files-input` for a file such as an export).
fn load_in_page_through(corpus: &Path, role: &str) -> PageLoad {
    let browser = Browser::start();
    browser.open("?tz=UTC");
    browser.wait_for_state("empty", Duration::from_secs(60));
    // In-page clock: when the input fires, when loading starts, when ready shows.
    browser.run(&format!(
        "window.benchmarkTimes = {{}};
         document.querySelector('input[data-role={role}]').addEventListener('change', () => benchmarkTimes.change = performance.now(), true);
         const root = document.querySelector('[data-state]');
         new MutationObserver(() => {{ benchmarkTimes[root.dataset.state] ??= performance.now(); }}).observe(root, {{ attributes: true }});
         return true;"
    ));
    let baseline = renderer_memory();
    let mut cpu = CpuTracker::start();
    let started = Instant::now();
    browser.send_files(&format!("input[data-role={role}]"), corpus);
    let (seconds, peak, peak_at) = follow_until_ready(&browser, started, baseline, &mut cpu);
    let ready = renderer_memory();
    let kept_ms = wait_until_kept(&browser);
    let sessions = browser.run("return Number(document.querySelector('[data-metric=sessions]').dataset.value)");
    let filter_ms = time_control_change(&browser, "person", 1);
    let filter_changes = format!(
        "filter changes: person {filter_ms:.0} ms, {}",
        timed_changes(
            &browser,
            &[
                ("all people", "person", 0),
                ("project", "project", 1),
                ("period 30 days", "period", 2),
                ("all time", "period", 0),
                ("90 days", "period", 3),
                ("7 days", "period", 1),
                ("all time", "period", 0),
            ]
        )
    );
    let in_page = browser.run(
        "const t = window.benchmarkTimes;
         return `in the page: input change → ready ${Math.round(t.ready - t.change)} ms (loading shown after ${Math.round(t.loading - t.change)} ms)`;",
    );
    let breakdown = browser.run(
        "const p = document.querySelector('[data-role=parsed-in]').dataset;
         return `${p.workers} workers: read ${p.readMs} ms, parse ${p.parseMs} ms (summed), merge ${p.mergeMs} ms, worker memory ${Math.round(p.workerMemoryBytes / 1e6)} MB, page wasm memory ${Math.round(p.pageMemoryBytes / 1e6)} MB`;",
    );
    // The same changes on the view the page opens on (the overview: headline figures, the
    // period before, one chart, top lists), which is what a visitor's change costs.
    browser.click("[data-view-tab=overview]");
    browser.wait_until("return document.querySelector('[data-view]')?.dataset.view === 'overview'", Duration::from_secs(60));
    let overview_changes = format!(
        "on the overview: {}",
        timed_changes(
            &browser,
            &[
                ("period 30 days", "period", 2),
                ("then person", "person", 1),
                ("all people", "person", 0),
                ("project", "project", 1),
                ("period 90 days", "period", 3),
                ("7 days", "period", 1),
                ("30 days", "period", 2),
            ]
        )
    );
    let filter_changes = format!("{filter_changes}; {overview_changes}");
    PageLoad {
        breakdown: format!(
            "{}; kept {kept_ms:.0} ms after ready; renderer private memory peak at {peak_at}, {:.0} MB when ready (RSS {:.0} MB); {}; {}; CPU during the load: {}",
            in_page.as_str().unwrap_or_default(),
            ready.private_mb,
            ready.rss_mb,
            filter_changes,
            breakdown.as_str().unwrap_or_default(),
            cpu.summary()
        ),
        seconds,
        baseline,
        peak,
        sessions: sessions.as_f64().unwrap_or(0.0),
        filter_ms,
    }
}

#[test]
#[ignore = "benchmark: prints numbers, takes minutes; run with --ignored --nocapture"]
fn load_benchmarks() {
    let wasm_gz = {
        let dist = common::browser::dist_dir();
        let wasm: Vec<PathBuf> =
            std::fs::read_dir(&dist).expect("dist").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "wasm")).collect();
        wasm.iter()
            .map(|path| {
                let output = Command::new("sh").arg("-c").arg(format!("gzip -9c {} | wc -c", path.display())).output().expect("gzip");
                format!(
                    "{} {} B raw, {} B gzip",
                    path.file_name().and_then(|n| n.to_str()).unwrap_or_default(),
                    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                    String::from_utf8_lossy(&output.stdout).trim()
                )
            })
            .collect::<Vec<_>>()
    };
    println!("\nwasm: {}", wasm_gz.join("; "));
    println!("first paint: {}", first_paint_ms().join(", "));
    println!("| corpus | native parse (best, 1 core) | page: choose folder → ready | page MB/s | renderer private before → peak | private growth ÷ input | RSS growth ÷ input | filter change | ccusage wall | ccusage MB/s | ccusage peak RSS | page ÷ ccusage speed |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let setting = |name: &str, default: &str| -> Vec<u64> {
        std::env::var(name).unwrap_or_else(|_| default.to_owned()).split(',').filter_map(|n| n.trim().parse().ok()).filter(|n| *n > 0).collect()
    };
    let mut corpora: Vec<(String, PathBuf)> =
        setting("SESSION_LENS_BENCH_SIZES_MB", "200,1000").into_iter().map(|size_mb| (format!("{size_mb} MB"), corpus("--size-mb", size_mb))).collect();
    for count in setting("SESSION_LENS_BENCH_SESSIONS", "100000") {
        let dir = corpus("--sessions", count);
        corpora.push((format!("{count} short sessions, {:.0} MB", folder_megabytes(&dir)), dir));
    }
    let mut breakdowns = Vec::new();
    for (label, dir) in corpora {
        let bench = run_cli(&["bench", dir.to_str().expect("path")]);
        let native = bench.lines().nth(1).unwrap_or_default().to_owned();
        let page = load_in_page(&dir);
        let (ccusage_s, ccusage_mb) = time_ccusage(&dir);
        let mb = folder_megabytes(&dir);
        println!(
            "| {label} ({} sessions) | {} | {:.2} s | {:.0} | {:.0} → {:.0} MB | {:.2} | {:.2} | {:.0} ms | {:.2} s | {:.0} | {:.0} MB | {:.2} |",
            page.sessions,
            native.split(',').next().unwrap_or_default().trim_start_matches("best ").trim(),
            page.seconds,
            mb / page.seconds,
            page.baseline.private_mb,
            page.peak.private_mb,
            (page.peak.private_mb - page.baseline.private_mb) / mb,
            (page.peak.rss_mb - page.baseline.rss_mb) / mb,
            page.filter_ms,
            ccusage_s,
            mb / ccusage_s,
            ccusage_mb,
            ccusage_s / page.seconds,
        );
        breakdowns.push(format!("{label}: {}", page.breakdown));
    }
    for breakdown in breakdowns {
        println!("{breakdown}");
    }
}

/// Wall seconds and peak RSS (MB) of our command line (this build's binary) over `corpus`.
fn time_ours(arguments: &[&str], corpus: &Path) -> (f64, f64) {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(env!("CARGO_BIN_EXE_session-lens"))
        .args(arguments)
        .arg(corpus)
        .output()
        .expect("run session-lens");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    let mut fields = last.split_whitespace().map(|field| field.parse::<f64>().unwrap_or(0.0));
    (fields.next().unwrap_or(0.0), fields.next().unwrap_or(0.0) / 1024.0)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The command line against ccusage on the same corpus, alternating, `SESSION_LENS_BENCH_ROUNDS`
/// rounds (default 5): ccusage's `claude daily --json --offline` and our `daily --json
/// --agent claude-code` (the same report) read afresh (`--no-cache`) and from a warm cache
/// (filled once before the rounds), and `summary --json` afresh; medians and ranges of wall
/// time and peak RSS. Build with `--release` so the binary is the release one.
#[test]
#[ignore = "benchmark: prints numbers, takes minutes; run with --ignored --nocapture"]
fn cli_benchmarks() {
    let rounds: usize = std::env::var("SESSION_LENS_BENCH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(5);
    let sizes = std::env::var("SESSION_LENS_BENCH_SIZES_MB").unwrap_or_else(|_| String::from("1000"));
    println!("\n| corpus | ccusage wall (median, range) | ours `daily`, cold | ours `daily`, warm cache | ours `summary`, cold | ccusage ÷ ours cold | ccusage ÷ ours warm | ccusage peak RSS | ours cold peak RSS | ours warm peak RSS | RSS ours cold ÷ ccusage |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let cache = std::env::temp_dir().join(format!("session-lens-bench-cache-{}", std::process::id()));
    let cache_dir = cache.display().to_string();
    for size_mb in sizes.split(',').filter_map(|n| n.trim().parse::<u64>().ok()) {
        let dir = corpus("--size-mb", size_mb);
        let _ = std::fs::remove_dir_all(&cache);
        time_ours(&["daily", "--json", "--agent", "claude-code", "--quiet", "--cache-dir", &cache_dir], &dir);
        let (mut theirs, mut daily, mut warm, mut summary, mut their_rss, mut our_rss, mut warm_rss) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let (seconds, rss) = time_ccusage(&dir);
            theirs.push(seconds);
            their_rss.push(rss);
            let (seconds, rss) = time_ours(&["daily", "--json", "--agent", "claude-code", "--quiet", "--no-cache"], &dir);
            daily.push(seconds);
            our_rss.push(rss);
            let (seconds, rss) = time_ours(&["daily", "--json", "--agent", "claude-code", "--quiet", "--cache-dir", &cache_dir], &dir);
            warm.push(seconds);
            warm_rss.push(rss);
            summary.push(time_ours(&["summary", "--json", "--quiet", "--no-cache"], &dir).0);
        }
        let range = |values: &[f64]| {
            let (low, high) = values.iter().fold((f64::MAX, f64::MIN), |(low, high), value| (low.min(*value), high.max(*value)));
            format!("{low:.2}–{high:.2}")
        };
        let (theirs_range, daily_range, warm_range, summary_range) = (range(&theirs), range(&daily), range(&warm), range(&summary));
        let (theirs_s, daily_s, warm_s, summary_s) = (median(&mut theirs), median(&mut daily), median(&mut warm), median(&mut summary));
        let (their_mb, our_mb, warm_mb) = (median(&mut their_rss), median(&mut our_rss), median(&mut warm_rss));
        println!(
            "| {size_mb} MB | {theirs_s:.2} s ({theirs_range}) | {daily_s:.2} s ({daily_range}) | {warm_s:.2} s ({warm_range}) | {summary_s:.2} s ({summary_range}) | {:.2} | {:.1} | {their_mb:.0} MB | {our_mb:.0} MB | {warm_mb:.0} MB | {:.2} |",
            theirs_s / daily_s,
            theirs_s / warm_s,
            our_mb / their_mb
        );
    }
    let _ = std::fs::remove_dir_all(&cache);
}

/// Seconds `work` takes, and what it returns.
fn timed<T>(work: impl FnOnce() -> T) -> (f64, T) {
    let started = Instant::now();
    let value = work();
    (started.elapsed().as_secs_f64(), value)
}

fn megabytes(path: &Path) -> f64 {
    std::fs::metadata(path).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0)
}

/// Milliseconds Chromium takes to open `file` (navigation start → load event), its
/// scripts off as the report needs none.
fn open_in_chromium_ms(file: &Path) -> (f64, f64) {
    let browser = Browser::start();
    browser.set_scripts_disabled(true);
    browser.open_url(&format!("file://{}", file.display()));
    browser.set_scripts_disabled(false);
    let timing = browser.run("const n = performance.getEntriesByType('navigation')[0]; return [n.domContentLoadedEventEnd, n.loadEventEnd];");
    (timing[0].as_f64().unwrap_or(f64::NAN), timing[1].as_f64().unwrap_or(f64::NAN))
}

/// Milliseconds from a click on `button` to its download being written.
fn page_download_ms(browser: &Browser, button: &str, suffix: &str, dir: &Path) -> (f64, f64) {
    let _ = std::fs::remove_dir_all(dir);
    browser.allow_downloads(dir);
    let (seconds, path) = timed(|| {
        browser.click(&format!("[data-role={button}]"));
        browser.wait_for_download(dir, suffix, Duration::from_secs(600))
    });
    (seconds * 1000.0, megabytes(&path))
}

#[test]
#[ignore = "benchmark: prints numbers, takes minutes; run with --ignored --nocapture"]
fn share_benchmarks() {
    let demo = std::env::temp_dir().join("session-lens-bench-demo");
    if !demo.exists() {
        run_cli(&["demo", "-o", demo.to_str().expect("path")]);
    }
    let sizes: Vec<u64> =
        std::env::var("SESSION_LENS_BENCH_SIZES_MB").unwrap_or_else(|_| String::from("200,1000")).split(',').filter_map(|n| n.trim().parse().ok()).collect();
    let mut corpora = vec![(String::from("demo"), demo)];
    corpora.extend(sizes.into_iter().map(|size_mb| (format!("{size_mb} MB"), corpus("--size-mb", size_mb))));
    let out = std::env::temp_dir().join("session-lens-bench-share");
    std::fs::create_dir_all(&out).expect("folder");
    println!("\n| corpus | input | export (CLI) | export .json.gz | report (CLI) | Chromium opens the report (DOM ready / load) | page: export → ready | page: folder → ready | folder ÷ export | page: Export data | page: Download report |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (label, dir) in corpora {
        let input_mb = folder_megabytes(&dir);
        let path = dir.to_str().expect("path");
        let export = out.join(format!("{}.json", label.replace(' ', "")));
        let export_gz = out.join(format!("{}.json.gz", label.replace(' ', "")));
        let report = out.join(format!("{}.html", label.replace(' ', "")));
        let (export_s, _) = timed(|| run_cli(&["export", path, "-o", export.to_str().expect("path")]));
        let (export_gz_s, _) = timed(|| run_cli(&["export", path, "-o", export_gz.to_str().expect("path")]));
        let (report_s, _) = timed(|| run_cli(&["report", "--tz", "UTC", path, "-o", report.to_str().expect("path")]));
        let (dom_ms, load_ms) = open_in_chromium_ms(&report);
        let from_export = load_in_page_through(&export, "files-input");
        let from_folder = load_in_page(&dir);
        // The page's own writers, on the data loaded from the export.
        let browser = Browser::start();
        browser.open("?tz=UTC");
        browser.wait_for_state("empty", Duration::from_secs(60));
        browser.send_files("input[data-role=files-input]", &export);
        browser.wait_for_state("ready", Duration::from_secs(600));
        let downloads = out.join("downloads");
        let (page_export_ms, page_export_mb) = page_download_ms(&browser, "export-data", ".json", &downloads);
        let (page_report_ms, page_report_mb) = page_download_ms(&browser, "download-report", ".html", &downloads);
        drop(browser);
        println!(
            "| {label} | {input_mb:.1} MB | {:.1} MB in {export_s:.2} s | {:.1} MB in {export_gz_s:.2} s | {:.1} MB in {report_s:.2} s | {dom_ms:.0} / {load_ms:.0} ms | {:.2} s (private peak +{:.0} MB) | {:.2} s (private peak +{:.0} MB) | {:.1} | {page_export_ms:.0} ms ({page_export_mb:.1} MB) | {page_report_ms:.0} ms ({page_report_mb:.1} MB) |",
            megabytes(&export),
            megabytes(&export_gz),
            megabytes(&report),
            from_export.seconds,
            from_export.peak.private_mb - from_export.baseline.private_mb,
            from_folder.seconds,
            from_folder.peak.private_mb - from_folder.baseline.private_mb,
            from_folder.seconds / from_export.seconds,
        );
        println!("  {label} from the export: {}", from_export.breakdown);
    }
}

/// Parse throughput per format: the same sessions written as Claude Code, Codex and
/// Gemini CLI write them (`demo --size-mb N --agent …`), read natively (`bench`, one
/// core) and in the page (choose folder → ready). `SESSION_LENS_BENCH_FORMAT_MB` sets N
/// (100 by default).
#[test]
#[ignore = "benchmark: prints numbers, takes minutes; run with --ignored --nocapture"]
fn format_benchmarks() {
    let size_mb: u64 = std::env::var("SESSION_LENS_BENCH_FORMAT_MB").ok().and_then(|n| n.parse().ok()).unwrap_or(100);
    println!("\n| format | corpus | native parse (best, 1 core) | page: choose folder → ready | page MB/s | filter change |");
    println!("|---|---|---|---|---|---|");
    let mut breakdowns = Vec::new();
    for agent in ["claude-code", "codex", "gemini-cli"] {
        let dir = std::env::temp_dir().join(format!("session-lens-corpus-{size_mb}mb-{agent}"));
        if !dir.exists() {
            print!("{}", run_cli(&["demo", "--size-mb", &size_mb.to_string(), "--agent", agent, "-o", dir.to_str().expect("path")]));
        }
        let bench = run_cli(&["bench", dir.to_str().expect("path")]);
        let native = bench.lines().nth(1).unwrap_or_default().split(',').next().unwrap_or_default().trim_start_matches("best ").trim().to_owned();
        let page = load_in_page(&dir);
        let mb = folder_megabytes(&dir);
        println!(
            "| {agent} | {mb:.0} MB, {} sessions | {native} | {:.2} s | {:.0} | {:.0} ms |",
            page.sessions,
            page.seconds,
            mb / page.seconds,
            page.filter_ms
        );
        breakdowns.push(format!("{agent}: {}", page.breakdown));
    }
    for breakdown in breakdowns {
        println!("{breakdown}");
    }
}

/// What a filter change computes beyond the dashboard, natively, on the 100k-session
/// corpus: each insight's view-model over all people, then over one person.
#[test]
#[ignore = "benchmark: prints numbers, takes minutes; run with --ignored --nocapture"]
fn insight_benchmarks() {
    use session_lens::metrics::selection::Filters;
    use session_lens::metrics::Settings;
    use session_lens::viewmodel::dashboard::Dashboard;
    use session_lens::viewmodel::session_base::SessionBase;
    let sessions: u64 = std::env::var("SESSION_LENS_BENCH_SESSIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = corpus("--sessions", sessions);
    let dataset = std::sync::Arc::new(common::ingest_tree(&dir, "me"));
    let settings = Settings::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let all = Filters { period: session_lens::metrics::selection::Period::All, ..Filters::default() };
    let base = std::sync::Arc::new(SessionBase::build(&dataset, &all, &settings, today));
    let person = Filters { person: dataset.conversations.first().map(|c| c.person.clone()), ..all.clone() };
    period_change_benchmarks(&dataset, &settings, today);
    for (label, filters) in [("all people", &all), ("one person", &person)] {
        let (dashboard_s, dashboard) = timed(|| Dashboard::from_base(&dataset, &base, filters, &settings));
        let (matrix_s, _) = timed(|| session_lens::viewmodel::practices::adoption_matrix(&dataset, &dashboard));
        let (trends_s, _) = timed(|| session_lens::viewmodel::trends::dashboard_trends(&dashboard, None));
        let (baselines_s, _) = timed(|| session_lens::viewmodel::baselines::person_baselines(&dataset, &dashboard));
        let (regressions_s, found) = timed(|| session_lens::viewmodel::regressions::regressions(&dataset, &dashboard));
        let (top_s, _) = timed(|| session_lens::viewmodel::top_lists::top_lists(&dashboard.tables));
        let (catalogue_s, _) = timed(|| session_lens::viewmodel::project_catalogue::project_catalogue(&dataset, &dashboard));
        let (kept_s, kept) = timed(|| session_lens::viewmodel::usage_report::kept_requests(&dataset, filters, &settings, today));
        let (usage_s, _) = timed(|| {
            session_lens::viewmodel::usage_tables::usage_table(
                &dataset,
                &kept,
                session_lens::viewmodel::usage_tables::UsageView::Daily,
                false,
                None,
                settings.time_zone,
                0,
            )
        });
        println!("{label}: usage tables: {} requests kept in {:.1} ms, the daily table {:.1} ms", kept.len(), kept_s * 1000.0, usage_s * 1000.0);
        let ms = |seconds: f64| seconds * 1000.0;
        println!(
            "{} sessions, {label}: dashboard {:.1} ms; matrix {:.1} ms, trends {:.1} ms, baselines {:.1} ms, regressions {:.1} ms ({} found), top lists {:.2} ms; project catalogue (built when opened) {:.1} ms",
            dashboard.summary.sessions, ms(dashboard_s), ms(matrix_s), ms(trends_s), ms(baselines_s), ms(regressions_s), found.len(), ms(top_s), ms(catalogue_s)
        );
    }
}

/// The core's part of the page's period changes, in the benchmark's order: the base of
/// the period (narrowed from a kept one, or kept), then its dashboard and trends.
fn period_change_benchmarks(dataset: &std::sync::Arc<session_lens::model::Dataset>, settings: &session_lens::metrics::Settings, today: chrono::NaiveDate) {
    use session_lens::metrics::selection::{Filters, Period};
    use session_lens::viewmodel::dashboard::Dashboard;
    use session_lens::viewmodel::session_base::{BaseKey, SessionBases};
    let mut bases = SessionBases::default();
    let mut line = String::from("period changes (base + dashboard + trends):");
    for (label, period) in [
        ("all time", Period::All),
        ("30 days", Period::LastDays(30)),
        ("all time", Period::All),
        ("90 days", Period::LastDays(90)),
        ("7 days", Period::LastDays(7)),
        ("all time", Period::All),
    ] {
        let filters = Filters { period, ..Filters::default() };
        let key = BaseKey::new(&filters, settings, today);
        let (base_s, (base, _)) = timed(|| bases.get(dataset, &key));
        let (dashboard_s, dashboard) = timed(|| Dashboard::from_base(dataset, &base, &filters, settings));
        let (trends_s, _) = timed(|| session_lens::viewmodel::trends::dashboard_trends(&dashboard, None));
        line.push_str(&format!(" {label} {:.1} + {:.1} + {:.1} ms;", base_s * 1000.0, dashboard_s * 1000.0, trends_s * 1000.0));
    }
    println!("{line}");
}

/// Kept history natively (issue 17): each file of the 200 MB corpus read alone and its
/// part encoded (what a load would keep), the parts' size against the input, and the
/// dataset of everything kept (decode and merge in path order: the core's share of
/// reopening the page).
#[test]
#[ignore]
fn keep_benchmarks() {
    let megabytes: u64 = std::env::var("SESSION_LENS_BENCH_SIZES_MB").ok().and_then(|v| v.split(',').next().and_then(|v| v.parse().ok())).unwrap_or(200);
    keep_benchmark(&corpus("--size-mb", megabytes));
    if let Ok(sessions) = std::env::var("SESSION_LENS_BENCH_SESSIONS") {
        keep_benchmark(&corpus("--sessions", sessions.parse().expect("a count")));
    }
}

/// Kept parts of one corpus natively: each file read alone and encoded, against one
/// ingest of all; the parts' size; merging them back in path order.
fn keep_benchmark(dir: &Path) {
    use session_lens::ingest::read_parts;
    use session_lens::transport::{assemble_parts, encode_file, Assembly, MergePart, SourceFile};
    let files = common::read_tree(dir);
    let input_bytes: usize = files.iter().map(|(_, bytes)| bytes.len()).sum();
    let (read_s, kept) = timed(|| {
        files
            .iter()
            .map(|(path, bytes)| {
                let source = SourceFile { path: path.clone(), size_bytes: bytes.len() as u64, modified_ms: 0 };
                encode_file(source, "me", &read_parts(path, "me", bytes, 0)).expect("encode")
            })
            .collect::<Vec<_>>()
    });
    let part_bytes: usize = kept.iter().map(|(_, bytes)| bytes.len()).sum();
    let (merge_s, dataset) = timed(|| {
        let parts = kept.iter().map(|(file, bytes)| MergePart { file, bytes: bytes.as_slice(), from_store: true });
        assemble_parts(parts, Assembly::default()).expect("decode")
    });
    let (whole_s, whole) = timed(|| common::ingest_tree(dir, "me"));
    assert_eq!(dataset.requests.len(), whole.requests.len());
    println!(
        "keep, {} files, {:.0} MB: parts read and encoded {:.2} s (a fresh load from disk {:.2} s); parts {:.1} MB ({:.2} of the input); checked, decoded, merged and priced in path order {:.2} s",
        kept.len(),
        input_bytes as f64 / 1e6,
        read_s,
        whole_s,
        part_bytes as f64 / 1e6,
        part_bytes as f64 / input_bytes as f64,
        merge_s
    );
}

/// Kept history in the page, per corpus (`SESSION_LENS_BENCH_KEEP_MB`, default
/// "200,1000"): a cold load, kept; (a) the browser started again on the same profile and
/// the page opened to ready with no input; (b) after a day's work (two new session files,
/// one grown by appended lines) the folder dropped again, against ccusage re-reading it;
/// (c) the store's size against the input; (d) the renderers' peak memory in each.
#[test]
#[ignore = "benchmark: prints numbers, takes minutes; run with --ignored --nocapture"]
fn keep_page_benchmarks() {
    let sizes: Vec<u64> =
        std::env::var("SESSION_LENS_BENCH_KEEP_MB").unwrap_or_else(|_| String::from("200,1000")).split(',').filter_map(|n| n.trim().parse().ok()).collect();
    println!("| corpus | cold load → ready (peak) | kept after | (a) reopen → ready (peak) | (b) re-drop after a day's work → ready (peak) | ccusage over the same folder | re-drop ÷ ccusage speed | (c) parts kept / origin's storage use ÷ input |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut breakdowns = Vec::new();
    for size_mb in sizes {
        let dir = corpus("--size-mb", size_mb);
        let input_mb = folder_megabytes(&dir);
        let cold = load_in_page(&dir);
        // load_in_page's browser is gone: keep one of our own.
        let browser = Browser::start();
        browser.open("?tz=UTC");
        browser.wait_for_state("empty", Duration::from_secs(60));
        let before = renderer_memory();
        let started = Instant::now();
        browser.send_files("input[data-role=folder-input]", &dir);
        let (_, _, _) = follow_until_ready(&browser, started, before, &mut CpuTracker::start());
        let kept_ms = wait_until_kept(&browser);
        let figure = |browser: &Browser, name: &str| {
            browser
                .run(&format!("return Number(document.querySelector('[data-metric={name}], [data-kept={name}]')?.dataset.value ?? NaN)"))
                .as_f64()
                .unwrap_or(f64::NAN)
        };
        let (part_mb, usage_mb) = (figure(&browser, "kept_part_bytes") / 1e6, figure(&browser, "storage_usage_bytes") / 1e6);
        let sessions = figure(&browser, "sessions");

        // (a) Reopen: the in-page clock from the navigation to ready.
        let browser = browser.restarted();
        browser.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            // When each state begins (a state's time is set as the root enters it, so other
            // changes to the page while it is ready do not move it).
            serde_json::json!({"source": "window.benchmarkTimes = {}; let shown = null; new MutationObserver(() => { const r = document.querySelector('[data-state]'); if (r && r.dataset.state !== shown) { shown = r.dataset.state; benchmarkTimes[shown] = performance.now(); } }).observe(document, {subtree: true, attributes: true, childList: true});"}),
        );
        let baseline = renderer_memory();
        browser.open("?tz=UTC");
        let (_, reopen_peak, _) = follow_until_ready(&browser, Instant::now(), baseline, &mut CpuTracker::start());
        let reopen_ms = browser.run("return window.benchmarkTimes.ready").as_f64().unwrap_or(f64::NAN);
        assert_eq!(figure(&browser, "sessions"), sessions, "reopened with the same sessions");

        // (b) A day's work: two new session files and one grown by appended lines.
        let work = DaysWork::apply(&dir);
        browser.run(
            "window.benchmarkTimes = {}; document.querySelector('input[data-role=folder-input]').addEventListener('change', () => benchmarkTimes.change = performance.now(), true); return true;",
        );
        let baseline = renderer_memory();
        browser.send_files("input[data-role=folder-input]", &dir);
        // Until the drop starts, the page shows the reopened data as ready.
        browser.wait_until("return window.benchmarkTimes.loading !== undefined", Duration::from_secs(60));
        let (_, redrop_peak, _) = follow_until_ready(&browser, Instant::now(), baseline, &mut CpuTracker::start());
        let redrop_breakdown = browser.run(
            "const p = document.querySelector('[data-role=parsed-in]').dataset;
             return `listing ${p.listMs} ms, kept store ${p.keptMs} ms, ${p.workers} workers: read ${p.readMs} ms, parse ${p.parseMs} ms, merge ${p.mergeMs} ms`;",
        );
        let redrop_ms = browser.run("return window.benchmarkTimes.ready - window.benchmarkTimes.change").as_f64().unwrap_or(f64::NAN);
        let read_files = figure(&browser, "read_files");
        wait_until_kept(&browser);
        let (ccusage_s, _) = time_ccusage(&dir);
        drop(work);
        // The same day's work again (new times), the folder dropped on the page this time.
        let work = DaysWork::apply(&dir);
        browser.run("window.benchmarkTimes = {}; return true;");
        let dropped_at = browser.run("return performance.now()").as_f64().unwrap_or(f64::NAN);
        browser.drop_paths(&[dir.display().to_string()]);
        browser.wait_until("return window.benchmarkTimes.loading !== undefined", Duration::from_secs(60));
        follow_until_ready(&browser, Instant::now(), baseline, &mut CpuTracker::start());
        let dropped_ms = browser.run("return window.benchmarkTimes.ready").as_f64().unwrap_or(f64::NAN) - dropped_at;
        let dropped_breakdown = browser.run(
            "const p = document.querySelector('[data-role=parsed-in]').dataset;
             return `listing ${p.listMs} ms, kept store ${p.keptMs} ms, merge ${p.mergeMs} ms`;",
        );
        wait_until_kept(&browser);
        drop(work);
        breakdowns.push(format!(
            "{size_mb} MB re-drop by dragging the folder onto the page: {:.2} s from the drop event ({} files read; {}), {:.1}× ccusage",
            dropped_ms / 1000.0,
            figure(&browser, "read_files"),
            dropped_breakdown.as_str().unwrap_or_default(),
            ccusage_s / (dropped_ms / 1000.0)
        ));
        breakdowns.push(format!("{size_mb} MB re-drop: {}", redrop_breakdown.as_str().unwrap_or_default()));
        println!(
            "| {size_mb} MB ({sessions} sessions) | {:.2} s ({:.0} MB) | {:.1} s | {:.2} s ({:.0} MB) | {:.2} s, {read_files} files read ({:.0} MB) | {:.2} s | {:.1}× | {:.1} MB / {:.1} MB ÷ {:.0} MB = {:.3} / {:.3} |",
            cold.seconds,
            cold.peak.private_mb,
            kept_ms / 1000.0,
            reopen_ms / 1000.0,
            reopen_peak.private_mb,
            redrop_ms / 1000.0,
            redrop_peak.private_mb,
            ccusage_s,
            ccusage_s / (redrop_ms / 1000.0),
            part_mb,
            usage_mb,
            input_mb,
            part_mb / input_mb,
            usage_mb / input_mb,
        );
    }
    for breakdown in breakdowns {
        println!("{breakdown}");
    }
}

/// A day's work on a corpus, undone when dropped: two new session files (copies of
/// existing ones with their session ids changed) and one file grown by appending a copy
/// of its lines under a new session id.
struct DaysWork {
    new_files: Vec<PathBuf>,
    grown: (PathBuf, u64),
}

impl DaysWork {
    fn apply(dir: &Path) -> DaysWork {
        let mut transcripts: Vec<PathBuf> = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(path) = pending.pop() {
            for entry in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|ext| ext == "jsonl") {
                    transcripts.push(path);
                }
            }
        }
        transcripts.sort();
        let renamed = |path: &Path, tag: &str| -> Vec<u8> {
            let text = std::fs::read_to_string(path).expect("transcript");
            let stem = path.file_stem().and_then(|stem| stem.to_str()).expect("stem");
            text.replace(stem, &format!("{stem}-{tag}")).replace("\"uuid\":\"", &format!("\"uuid\":\"{tag}-")).into_bytes()
        };
        let new_files: Vec<PathBuf> = transcripts[..2]
            .iter()
            .map(|path| {
                let target = path.with_file_name(format!("{}-new.jsonl", path.file_stem().and_then(|stem| stem.to_str()).expect("stem")));
                std::fs::write(&target, renamed(path, "new")).expect("new file");
                target
            })
            .collect();
        let grown = transcripts[transcripts.len() / 2].clone();
        let length = std::fs::metadata(&grown).expect("size").len();
        let more = renamed(&grown, "grown");
        let mut file = std::fs::OpenOptions::new().append(true).open(&grown).expect("append");
        std::io::Write::write_all(&mut file, &more).expect("append");
        DaysWork { new_files, grown: (grown, length) }
    }
}

impl Drop for DaysWork {
    fn drop(&mut self) {
        for path in &self.new_files {
            let _ = std::fs::remove_file(path);
        }
        if let Ok(file) = std::fs::OpenOptions::new().write(true).open(&self.grown.0) {
            let _ = file.set_len(self.grown.1);
        }
    }
}

/// What telling a changed file by its size as well as its time would cost a re-drop
/// through the folder input (`SESSION_LENS_BENCH_LIST_MB`, default 1000): in a blank page
/// of the page's origin, a folder chosen through a folder input, then every chosen
/// file's last-modified time read (what a re-drop reads now), then every size, then the
/// sizes again; and in another browser the sizes first. Each read of a `File`'s metadata
/// from a folder input may be a synchronous call into the browser.
#[test]
#[ignore = "benchmark: prints numbers; run with --ignored --nocapture"]
fn listing_benchmarks() {
    let size_mb: u64 = std::env::var("SESSION_LENS_BENCH_LIST_MB").ok().and_then(|value| value.parse().ok()).unwrap_or(1000);
    let dir = corpus("--size-mb", size_mb);
    for (first, second) in [("lastModified", "size"), ("size", "lastModified")] {
        let browser = Browser::start();
        browser.open("worker-start.js");
        browser.run("const input = document.createElement('input'); input.type = 'file'; input.webkitdirectory = true; input.id = 'pick'; document.body.appendChild(input); return true;");
        browser.upload("#pick", &dir);
        let timed = browser.run(&format!(
            "const files = [...document.getElementById('pick').files]; let sum = 0;
             const t0 = performance.now(); for (const file of files) sum += file.{first};
             const t1 = performance.now(); for (const file of files) sum += file.{second};
             const t2 = performance.now(); for (const file of files) sum += file.{second};
             const t3 = performance.now();
             return [files.length, t1 - t0, t2 - t1, t3 - t2, sum > 0];"
        ));
        println!(
            "{size_mb} MB, {} files: every {first} {:.0} ms, then every {second} {:.0} ms, {second} again {:.0} ms",
            timed[0],
            timed[1].as_f64().unwrap_or(f64::NAN),
            timed[2].as_f64().unwrap_or(f64::NAN),
            timed[3].as_f64().unwrap_or(f64::NAN)
        );
    }
}

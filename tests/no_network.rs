//! The page makes no request but for its own files, enforced twice: a
//! Content-Security-Policy without 'unsafe-inline' script whose `connect-src` is the
//! page's own origin, and a browser test that records every request Chromium sends
//! (DevTools network events, workers included) and every request the server answers,
//! through a load, filter changes, a drill-down, an export and a report.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::time::Duration;

use crate::common;
use crate::common::browser::{dist_dir, Browser};

const TIMEOUT: Duration = Duration::from_secs(90);

/// The directives of the page's policy (`dist/index.html`'s meta element), by name.
fn page_policy() -> Vec<(String, Vec<String>)> {
    let html = std::fs::read_to_string(dist_dir().join("index.html")).expect("index.html");
    let start = html.find("http-equiv=\"Content-Security-Policy\" content=\"").expect("a policy") + 46;
    let end = start + html[start..].find('"').expect("end of the policy");
    html[start..end]
        .split(';')
        .filter_map(|directive| {
            let mut words = directive.split_whitespace().map(str::to_owned);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

#[test]
fn the_page_policy_allows_no_inline_script_and_no_connection_elsewhere() {
    let policy = page_policy();
    let directive = |name: &str| policy.iter().find(|(key, _)| key == name).map(|(_, values)| values.clone()).unwrap_or_default();
    let scripts = directive("script-src");
    assert!(!scripts.iter().any(|value| value == "'unsafe-inline'" || value == "'unsafe-eval'"), "{scripts:?}");
    assert!(scripts.iter().any(|value| value.starts_with("'sha256-")), "the start-up script is allowed by its hash: {scripts:?}");
    assert_eq!(directive("connect-src"), ["'self'"]);
    assert_eq!(directive("default-src"), ["'self'"]);
    assert_eq!(directive("object-src"), ["'none'"]);
    // The hash is the start-up script's own.
    let html = std::fs::read_to_string(dist_dir().join("index.html")).expect("index.html");
    let open = html.find("<script type=\"module\">").expect("the start-up script") + "<script type=\"module\">".len();
    let close = open + html[open..].find("</script>").expect("its end");
    let hash = scripts.iter().find(|value| value.starts_with("'sha256-")).expect("hash");
    assert_eq!(hash, &format!("'sha256-{}'", sha256_base64(&html.as_bytes()[open..close])));
}

/// The files of `dist/`, as the page asks for them.
fn dist_files() -> BTreeSet<String> {
    std::fs::read_dir(dist_dir()).expect("dist").map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned()).collect()
}

/// Requests that leave the page (http, https, ws, wss; not data: or blob: URLs).
fn network(urls: Vec<String>) -> Vec<String> {
    urls.into_iter().filter(|url| ["http:", "https:", "ws:", "wss:"].iter().any(|scheme| url.starts_with(scheme))).collect()
}

#[test]
fn nothing_is_requested_but_the_page_s_own_files_through_a_whole_visit() {
    let browser = Browser::start_recording_network();
    let origin = browser.server.url("");
    let own = dist_files();
    let assert_own = |urls: &[String], when: &str| {
        for url in urls {
            let path = url.strip_prefix(&origin).unwrap_or_else(|| panic!("{when}: a request to another origin: {url}"));
            let file = path.split(['?', '#']).next().unwrap_or_default();
            assert!(file.is_empty() || own.contains(file), "{when}: {url} is not one of the page's files");
            assert!(!file.contains("favicon") && !file.ends_with(".ico"), "{when}: the icon is inline, never fetched: {url}");
        }
    };

    browser.open("?demo&tz=UTC");
    browser.wait_for_state("ready", TIMEOUT);
    let start = network(browser.network_requests());
    assert_own(&start, "start-up");
    assert!(start.iter().any(|url| url.ends_with(".wasm")), "the log records the page's requests: {start:?}");
    let answered = browser.server.request_count();

    // Filters (each written into the URL once the controls rest), a drill-down, an
    // export and a report.
    let downloads = std::env::temp_dir().join(format!("session-lens-no-network-{}", std::process::id()));
    std::fs::create_dir_all(&downloads).expect("downloads");
    browser.allow_downloads(&downloads);
    browser.click("select[data-role=person] option[value=bob]");
    browser.wait_until("return location.search.includes('person=bob')", TIMEOUT);
    browser.click("select[data-role=period] option[value='30d']");
    browser.wait_until("return location.search.includes('period=30d')", TIMEOUT);
    browser.click("[data-table=sessions] tr[data-row]");
    browser.wait_until("return location.search.includes('session=')", TIMEOUT);
    browser.click("[data-role=export-data]");
    browser.wait_for_download(&downloads, ".json", TIMEOUT);
    browser.click("[data-role=download-report]");
    browser.wait_for_download(&downloads, ".html", TIMEOUT);
    std::thread::sleep(Duration::from_millis(1500));
    let during = network(browser.network_requests());
    assert_eq!(during, Vec::<String>::new(), "requests after the page was ready");
    assert_eq!(browser.server.request_count(), answered, "{:?}", &browser.server.requests()[answered..]);

    // A folder read in the workers: only the workers' own files are fetched.
    browser.upload("[data-role=folder-input]", &common::fixture("real/claude-code-viewer"));
    browser.wait_for_state("ready", TIMEOUT);
    let load = network(browser.network_requests());
    assert_own(&load, "a load");
    assert!(!load.is_empty() && load.iter().all(|url| url.contains("worker")), "the workers fetch their own files, nothing else: {load:?}");
    assert_eq!(browser.console_errors(), Vec::<String>::new(), "no policy violation was reported");
    let _ = std::fs::remove_dir_all(&downloads);
}

/// SHA-256 in base64, as a policy names a script (computed here, not taken from the
/// build script the test checks).
fn sha256_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(bytes))
}

#[test]
fn the_report_policy_allows_no_script_and_no_connection_at_all() {
    use session_lens::export::report::{write_report, ReportOptions};
    let options = ReportOptions {
        filters: Default::default(),
        settings: Default::default(),
        patterns: Default::default(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
        redaction: Default::default(),
        created_at: String::from("2026-11-30T00:00:00Z"),
        demo: true,
        summary_only: false,
    };
    let mut html = Vec::new();
    write_report(&common::demo_dataset(), &options, &mut html).expect("report");
    let html = String::from_utf8(html).expect("utf-8");
    let start = html.find("http-equiv=\"Content-Security-Policy\" content=\"").expect("a policy") + 46;
    let policy = &html[start..start + html[start..].find('"').expect("end")];
    let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
    assert!(directives.contains(&"default-src 'none'"), "{policy}");
    assert!(!policy.contains("script-src") && !policy.contains("connect-src") && !policy.contains("unsafe-eval"), "{policy}");
    assert!(!html.contains("<script>") && !html.contains("<script src"), "the report runs no script");
}

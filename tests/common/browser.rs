//! Headless Chromium driven over WebDriver (Debian's chromium + chromedriver), against
//! `dist/` served on 127.0.0.1. A small blocking client: the protocol is JSON over
//! HTTP, so `ureq` and `serde_json` are all it needs.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::static_server::StaticServer;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub struct Browser {
    driver: Child,
    driver_url: String,
    session: String,
    agent: ureq::Agent,
    profile_dir: PathBuf,
    /// Whether the profile outlives this browser (`restarted` hands it on).
    keeps_profile: bool,
    pub server: StaticServer,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// `dist/`, which `make test` builds before the tests run (`SESSION_LENS_DIST` names
/// another build, such as one with wasm function names for profiling).
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var("SESSION_LENS_DIST").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(dist.join("index.html").exists(), "dist/ is missing: browser tests run against the built page (run `make test`, or `trunk build --release` first)");
    dist
}

impl Browser {
    pub fn start() -> Browser {
        Browser::start_serving(dist_dir())
    }

    /// A browser against the page served from `root` (a changed copy of `dist/`).
    pub fn start_serving(root: PathBuf) -> Browser {
        Browser::launch(root, false)
    }

    /// A browser whose every network request is logged (`network_requests`).
    pub fn start_recording_network() -> Browser {
        Browser::launch(dist_dir(), true)
    }

    fn launch(root: PathBuf, record_network: bool) -> Browser {
        let server = StaticServer::start(root);
        let profile_dir = std::env::temp_dir().join(format!("session-lens-chromium-{}-{}", server.port, std::process::id()));
        Browser::launch_with(server, profile_dir, record_network)
    }

    /// This browser closed and a new one started on the same profile (what the page
    /// kept in IndexedDB is still there) and the same server (the same origin).
    pub fn restarted(mut self) -> Browser {
        let _ = self.agent.delete(format!("{}/session/{}", self.driver_url, self.session)).call();
        self.session.clear();
        self.keeps_profile = true;
        let profile_dir = self.profile_dir.clone();
        // The server moves to the new browser; this one only ends its driver.
        let server = std::mem::replace(&mut self.server, StaticServer::start(std::env::temp_dir()));
        drop(self);
        Browser::launch_with(server, profile_dir, false)
    }

    fn launch_with(server: StaticServer, profile_dir: PathBuf, record_network: bool) -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver (make test installs Debian's chromium-driver)");
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(120))).build().into();
        let driver_url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(format!("{driver_url}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // A tab in the background (tests with two tabs) runs as the one in front.
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
            "--window-size=1400,1000",
        ]
        .iter()
        .map(|arg| arg.to_string())
        .chain([format!("--user-data-dir={}", profile_dir.display())])
        .collect::<Vec<_>>();
        let (options, logging) = if record_network {
            (
                json!({"binary": CHROMIUM, "args": args, "perfLoggingPrefs": {"enableNetwork": true, "enablePage": false}}),
                json!({"browser": "ALL", "performance": "ALL"}),
            )
        } else {
            (json!({"binary": CHROMIUM, "args": args}), json!({"browser": "ALL"}))
        };
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": logging,
        }}});
        let mut browser = Browser { driver, driver_url, session: String::new(), agent, profile_dir, keeps_profile: false, server };
        let created = browser.command("POST", "/session", capabilities);
        browser.session = created["sessionId"].as_str().expect("session id").to_owned();
        browser
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let url = if path == "/session" { format!("{}{path}", self.driver_url) } else { format!("{}/session/{}{path}", self.driver_url, self.session) };
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self.agent.post(&url).send_json(&body),
        };
        let mut response = response.unwrap_or_else(|error| panic!("{method} {path}: {error}"));
        let status = response.status();
        let value: Value = response.body_mut().read_json().unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path} answered {status}: {value}");
        value["value"].clone()
    }

    /// Opens the page (or a file beside it) on its "Everything" view, every section in
    /// one column, unless the query names a view: the tests of what a section shows
    /// find it without choosing its tab first (`open_as_is` opens the default view).
    pub fn open(&self, path_and_query: &str) {
        let is_page = path_and_query.is_empty() || path_and_query.starts_with('?');
        let opened = match path_and_query {
            _ if !is_page || path_and_query.contains("view=") => path_and_query.to_owned(),
            "" | "?" => String::from("?view=all"),
            query => format!("{query}&view=all"),
        };
        self.open_as_is(&opened);
    }

    /// Opens exactly this path and query.
    pub fn open_as_is(&self, path_and_query: &str) {
        self.command("POST", "/url", json!({"url": self.server.url(path_and_query)}));
    }

    /// Opens an absolute URL (one the page itself produced).
    pub fn open_url(&self, url: &str) {
        self.command("POST", "/url", json!({"url": url}));
    }

    /// Sends a DevTools protocol command (chromedriver's `goog/cdp/execute`).
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.command("POST", "/goog/cdp/execute", json!({"cmd": command, "params": params}))
    }

    /// The app's load error (the text of its `.error` alert), empty when none.
    pub fn error_message(&self) -> String {
        self.run("return document.querySelector('.error')?.textContent ?? ''").as_str().unwrap_or_default().to_owned()
    }

    /// Presses and releases one key (a WebDriver key code such as `"\u{E004}"` for Tab)
    /// on whatever has the focus.
    pub fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.command("POST", "/actions", actions);
    }

    /// Drags files or folders on disk onto the middle of the page and drops them, as a
    /// user does from a file manager (the DevTools protocol's drag events).
    pub fn drop_paths(&self, paths: &[String]) {
        for kind in ["dragEnter", "dragOver", "drop"] {
            self.cdp("Input.dispatchDragEvent", json!({"type": kind, "x": 300, "y": 300, "data": {"items": [], "files": paths, "dragOperationsMask": 1}}));
        }
    }

    /// Runs asynchronous JavaScript: the script calls `arguments[0]` with its result.
    pub fn run_async(&self, script: &str) -> Value {
        self.command("POST", "/execute/async", json!({"script": script, "args": []}))
    }

    /// Runs JavaScript in the page and returns what it returns.
    pub fn run(&self, script: &str) -> Value {
        self.command("POST", "/execute/sync", json!({"script": script, "args": []}))
    }

    /// Waits for the app root's `data-state` to become `wanted`; panics on `error`.
    pub fn wait_for_state(&self, wanted: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let state = self.run("const a = document.querySelector('[data-state]'); return a ? a.dataset.state : null;");
            if state == wanted {
                return;
            }
            if state == "error" {
                let message = self.run("return document.querySelector('.error')?.textContent ?? ''");
                panic!("page went to error state: {message}");
            }
            assert!(Instant::now() < deadline, "data-state is {state}, not {wanted}, after {timeout:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types a path into a file input (a folder for `webkitdirectory` inputs) and waits
    /// until the input has handed the files to the page (its `change` event). Chromium
    /// lists a chosen folder before that event, so without the wait a test that loads
    /// over a ready page could see the old `ready` state and go on before the load began.
    pub fn upload(&self, selector: &str, path: &std::path::Path) {
        self.choose_files(selector, &path.display().to_string());
    }

    /// Several files into a `multiple` file input (paths joined by newlines), waiting
    /// for the input's `change` event as `upload` does.
    pub fn upload_many(&self, selector: &str, paths: &[String]) {
        self.choose_files(selector, &paths.join("\n"));
    }

    /// Types paths into a file input without waiting for anything (benchmarks, which
    /// follow the page from the moment the files are chosen).
    pub fn send_files(&self, selector: &str, path: &std::path::Path) {
        let id = self.element(selector);
        self.command("POST", &format!("/element/{id}/value"), json!({"text": path.display().to_string()}));
    }

    fn choose_files(&self, selector: &str, text: &str) {
        let quoted = serde_json::to_string(selector).expect("a selector as a string");
        self.run(&format!(
            "window.sessionLensFilesChosen = false;
             document.querySelector({quoted}).addEventListener('change', () => {{ window.sessionLensFilesChosen = true; }}, {{ capture: true, once: true }});
             return true;"
        ));
        let id = self.element(selector);
        self.command("POST", &format!("/element/{id}/value"), json!({"text": text}));
        self.wait_until("return window.sessionLensFilesChosen === true", Duration::from_secs(120));
    }

    /// Every `data-metric` on the page (outside `scope` elements' descendants named by
    /// `exclude`) with its `data-value`; an empty value (an undefined rate) is `None`.
    pub fn metrics(&self, exclude: &str) -> Vec<(String, Option<f64>)> {
        let script = format!(
            "return [...document.querySelectorAll('[data-metric]')].filter(e => !e.closest('{exclude}')).map(e => [e.dataset.metric, e.dataset.value]);"
        );
        let found = self.run(&script);
        found
            .as_array()
            .expect("array")
            .iter()
            .map(|pair| {
                let name = pair[0].as_str().expect("name").to_owned();
                let text = pair[1].as_str().unwrap_or_else(|| panic!("{name}: {pair}"));
                let value = (!text.is_empty()).then(|| text.parse::<f64>().unwrap_or_else(|_| panic!("{name}: {text:?}")));
                (name, value)
            })
            .collect()
    }

    fn element(&self, selector: &str) -> String {
        let element = self.command("POST", "/element", json!({"using": "css selector", "value": selector}));
        element.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).expect("element id").to_owned()
    }

    /// Clicks the element `selector` finds, scrolled to the middle of the window first: the
    /// page's top bar stays over the top of the window, and a target scrolled only just
    /// into view could sit under it.
    pub fn click(&self, selector: &str) {
        let quoted = serde_json::to_string(selector).expect("a selector as a string");
        self.run(&format!("document.querySelector({quoted})?.scrollIntoView({{block: 'center'}}); return true;"));
        let id = self.element(selector);
        self.command("POST", &format!("/element/{id}/click"), json!({}));
    }

    /// Opens a new tab and switches to it; returns the handle of the tab left.
    pub fn new_tab(&self) -> String {
        let left = self.current_tab();
        let opened = self.command("POST", "/window/new", json!({"type": "tab"}));
        self.switch_to_tab(opened["handle"].as_str().expect("new handle"));
        left
    }

    /// The handle of the tab in use.
    pub fn current_tab(&self) -> String {
        self.command("GET", "/window", Value::Null).as_str().expect("handle").to_owned()
    }

    /// Opens the page with nothing kept: whatever an earlier load in this browser kept
    /// is forgotten first (the page keeps every load; a test that loads one thing after
    /// another in one browser and wants each alone starts here).
    pub fn open_with_nothing_kept(&self, path_and_query: &str, timeout: Duration) {
        self.open(path_and_query);
        self.wait_until("const s = document.querySelector('[data-state]')?.dataset.state; return s === 'empty' || s === 'ready';", timeout);
        if self.run("return !!document.querySelector('[data-role=forget-all]')") == Value::Bool(true) {
            self.forget_everything();
        }
        self.wait_for_state("empty", timeout);
    }

    /// Forgets everything kept: the button, then the confirmation it asks for.
    pub fn forget_everything(&self) {
        self.click("[data-role=forget-all]");
        self.wait_until("return !!document.querySelector('[data-role=forget-confirmed]')", Duration::from_secs(30));
        self.click("[data-role=forget-confirmed]");
    }

    pub fn switch_to_tab(&self, handle: &str) {
        self.command("POST", "/window", json!({"handle": handle}));
    }

    pub fn current_url(&self) -> String {
        self.command("GET", "/url", Value::Null).as_str().expect("url").to_owned()
    }

    /// Waits until `script` returns true.
    pub fn wait_until(&self, script: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.run(script) != Value::Bool(true) {
            assert!(Instant::now() < deadline, "timed out waiting for: {script}\nthe page then: {}", self.page_summary());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What the page shows, for a test that timed out: its state, whether the tab is
    /// visible, the progress bar, the keep state, any error or notice, and console errors.
    pub fn page_summary(&self) -> String {
        let page = self.run(
            "const root = document.querySelector('[data-state]');
             const text = selector => [...document.querySelectorAll(selector)].map(e => e.textContent.trim()).join(' | ');
             return JSON.stringify({
               state: root?.dataset.state ?? null,
               visibility: document.visibilityState,
               progress: document.querySelector('[data-role=load-progress]')?.parentElement?.textContent.trim() ?? null,
               keep: document.querySelector('[data-role=kept-panel]')?.dataset.keepState ?? null,
               said: text('[role=alert], [data-role=keep-notice], [data-role=keep-off]'),
             });",
        );
        format!("{} console: {:?}", page.as_str().unwrap_or_default(), self.console_errors())
    }

    /// Browser console entries at SEVERE level since the last call.
    pub fn console_errors(&self) -> Vec<String> {
        let entries = self.command("POST", "/se/log", json!({"type": "browser"}));
        entries
            .as_array()
            .map(|entries| {
                entries.iter().filter(|entry| entry["level"] == "SEVERE").map(|entry| entry["message"].as_str().unwrap_or_default().to_owned()).collect()
            })
            .unwrap_or_default()
    }

    /// The URLs of the requests the browser sent since the last call (any scheme, any
    /// origin, the page's and its workers'), from the DevTools network events of a
    /// browser started with `start_recording_network`.
    pub fn network_requests(&self) -> Vec<String> {
        let entries = self.command("POST", "/se/log", json!({"type": "performance"}));
        let mut urls = Vec::new();
        for entry in entries.as_array().into_iter().flatten() {
            let Ok(event) = serde_json::from_str::<Value>(entry["message"].as_str().unwrap_or_default()) else { continue };
            if event["message"]["method"] == "Network.requestWillBeSent" {
                urls.push(event["message"]["params"]["request"]["url"].as_str().unwrap_or_default().to_owned());
            }
        }
        urls
    }

    pub fn screenshot(&self, path: &std::path::Path) {
        let data = self.command("GET", "/screenshot", Value::Null);
        let bytes = decode_base64(data.as_str().expect("base64 png"));
        std::fs::write(path, bytes).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.agent.delete(format!("{}/session/{}", self.driver_url, self.session)).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if !self.keeps_profile {
            let _ = std::fs::remove_dir_all(&self.profile_dir);
        }
    }
}

/// Bytes of standard base64 (a screenshot, a PDF).
pub fn decode_base64(text: &str) -> Vec<u8> {
    base64_decode::decode(text)
}

/// Standard base64, enough to save a screenshot without another dependency.
mod base64_decode {
    pub fn decode(text: &str) -> Vec<u8> {
        let value = |byte: u8| match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            _ => 63,
        };
        let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').collect();
        let mut out = Vec::with_capacity(clean.len() * 3 / 4);
        for group in clean.chunks(4) {
            let mut bits = 0u32;
            for (index, byte) in group.iter().enumerate() {
                bits |= u32::from(value(*byte)) << (18 - 6 * index);
            }
            let bytes = bits.to_be_bytes();
            out.extend_from_slice(&bytes[1..group.len()]);
        }
        out
    }
}

impl Browser {
    /// Lets the page's downloads land in `dir`.
    pub fn allow_downloads(&self, dir: &std::path::Path) {
        std::fs::create_dir_all(dir).expect("download folder");
        self.cdp("Page.setDownloadBehavior", json!({"behavior": "allow", "downloadPath": dir.display().to_string()}));
    }

    /// The first file in `dir` whose name ends with `suffix`, once fully written.
    pub fn wait_for_download(&self, dir: &std::path::Path, suffix: &str, timeout: Duration) -> PathBuf {
        let deadline = Instant::now() + timeout;
        loop {
            let done = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .find(|path| path.to_str().is_some_and(|name| name.ends_with(suffix)));
            if let Some(path) = done {
                let partial = std::fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .filter_map(Result::ok)
                    .any(|entry| entry.path().extension().is_some_and(|e| e == "crdownload"));
                if !partial {
                    return path;
                }
            }
            assert!(Instant::now() < deadline, "no download ending in {suffix} in {}", dir.display());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops (or allows) the page's own scripts, as a reader with JavaScript off.
    pub fn set_scripts_disabled(&self, disabled: bool) {
        self.cdp("Emulation.setScriptExecutionDisabled", json!({"value": disabled}));
    }

    /// Every `data-metric` and its `data-value`, read through the DevTools DOM (works
    /// with the page's scripts disabled).
    pub fn dom_metrics(&self) -> Vec<(String, Option<f64>)> {
        let document = self.cdp("DOM.getDocument", json!({"depth": 0}));
        let root = document["root"]["nodeId"].as_i64().expect("root node");
        let found = self.cdp("DOM.querySelectorAll", json!({"nodeId": root, "selector": "[data-metric]"}));
        found["nodeIds"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|node| {
                let attributes = self.cdp("DOM.getAttributes", json!({"nodeId": node}));
                let list: Vec<String> = serde_json::from_value(attributes["attributes"].clone()).expect("attributes");
                let attribute = |name: &str| list.chunks(2).find(|pair| pair[0] == name).map(|pair| pair[1].clone());
                let text = attribute("data-value").unwrap_or_default();
                (attribute("data-metric").expect("name"), (!text.is_empty()).then(|| text.parse().expect("number")))
            })
            .collect()
    }
}

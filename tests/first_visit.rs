//! What a new user meets (headless Chromium over `dist/`): the first visit names where each
//! agent keeps its sessions and how to show hidden folders; the demo says it is the demo,
//! a real folder does not; choosing a folder with no file in it says so.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use crate::common;
use crate::common::browser::Browser;

const TIMEOUT: Duration = Duration::from_secs(180);

fn text_of(browser: &Browser, selector: &str) -> Option<String> {
    browser.run(&format!("const e = document.querySelector('{selector}'); return e ? e.textContent : null")).as_str().map(str::to_owned)
}

#[test]
fn the_first_visit_names_every_agent_s_folder_and_the_demo_says_it_is_one() {
    let browser = Browser::start();
    browser.open_with_nothing_kept("?tz=UTC", TIMEOUT);
    let hint = text_of(&browser, "[data-role=first-visit]").expect("the first-visit hint");
    for needle in ["~/.claude/projects", "~/.codex/sessions", "~/.gemini/tmp", "%USERPROFILE%\\.claude\\projects", "Cmd+Shift+.", "Ctrl+H"] {
        assert!(hint.contains(needle), "{needle} in {hint}");
    }
    assert_eq!(text_of(&browser, "[data-role=demo-banner]"), None);

    // A real folder is no demo.
    browser.upload("input[data-role=folder-input]", &common::fixture("real/ccusage/claude/projects"));
    browser.wait_for_state("ready", TIMEOUT);
    assert_eq!(text_of(&browser, "[data-role=demo-banner]"), None);

    browser.open("?demo&tz=UTC&today=2026-11-20");
    browser.wait_for_state("ready", TIMEOUT);
    let banner = text_of(&browser, "[data-role=demo-banner]").expect("the demo's banner");
    assert!(banner.contains("demo") && banner.contains("seven people"), "{banner}");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn choosing_a_folder_with_no_file_says_so() {
    let empty = common::scratch_dir("first-visit-empty");
    std::fs::create_dir_all(empty.join("inside")).expect("folder");
    let browser = Browser::start();
    browser.open_with_nothing_kept("?tz=UTC", TIMEOUT);
    browser.upload("input[data-role=folder-input]", &empty);
    browser.wait_until("return document.querySelector('.app').dataset.state === 'error'", TIMEOUT);
    let message = text_of(&browser, "section.error").expect("a message");
    assert!(message.contains("holds no files") && message.contains("hidden"), "{message}");
    let _ = std::fs::remove_dir_all(&empty);
}

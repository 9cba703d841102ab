//! The screenshots in `docs/screenshots/` (each view of the demo at 1400 and 390 px) and
//! the README's picture, taken from the built page. Not part of the suite's run, as it
//! writes into the repository: `cargo test --test suite -- --ignored screenshots::`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;

use crate::common::browser::Browser;

const TIMEOUT: Duration = Duration::from_secs(90);
const VIEWS: [&str; 7] = ["overview", "usage", "sessions", "insights", "practices", "breakdowns", "data"];

#[test]
#[ignore = "writes docs/screenshots; run by hand after a change to the page's look"]
fn screenshots_of_every_view_at_1400_and_390_px() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs");
    let dir = root.join("screenshots");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let browser = Browser::start();
    for (width, height, ratio, mobile) in [(1400, 1000, 1.0, false), (390, 844, 2.0, true)] {
        browser.cdp("Emulation.setDeviceMetricsOverride", json!({"width": width, "height": height, "deviceScaleFactor": ratio, "mobile": mobile}));
        for view in VIEWS {
            browser.open_as_is(&format!("?demo&tz=UTC&today=2026-11-20&period=30d&view={view}"));
            browser.wait_for_state("ready", TIMEOUT);
            // The charts have drawn (their bitmap follows their box).
            browser.wait_until("return [...document.querySelectorAll('canvas')].filter(c => c.clientWidth > 0).every(c => c.width >= c.clientWidth);", TIMEOUT);
            std::thread::sleep(Duration::from_millis(300));
            browser.screenshot(&dir.join(format!("{view}-{width}.png")));
            if view == "overview" && width == 1400 {
                browser.screenshot(&root.join("screenshot.png"));
            }
            if view == "sessions" {
                // A session opened: beside the list, or over the window on a phone.
                browser.click("[data-table=sessions] tbody tr");
                browser.wait_until("return !!document.querySelector('[data-role=session-detail] .timeline li')", TIMEOUT);
                std::thread::sleep(Duration::from_millis(300));
                browser.screenshot(&dir.join(format!("session-open-{width}.png")));
            }
        }
    }
}

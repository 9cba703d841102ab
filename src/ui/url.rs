//! Keeps the controls and the chosen view in the URL: read once at start, written back (without a new
//! history entry) once the controls have rested for a moment and the page has shown
//! the change.

use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::state::AppState;
use crate::viewmodel::controls::percent_encode;
use crate::viewmodel::page_views::PageView;

/// How long the controls must rest before the URL follows them. Writing the URL is a
/// synchronous call into the browser (75–130 ms per change in the benchmark's Chromium,
/// docs/benchmarks-history.md), so it is kept off the path from a control change to the next frame,
/// and a run of quick changes writes it once.
const URL_DELAY_MS: u32 = 250;

/// Writes the view and the controls into the query string, keeping `?demo` when the page
/// has it.
pub fn sync_controls_to_url(state: AppState) {
    // Each change gets a number; a write goes ahead only while its change is the latest.
    let latest_change: Rc<Cell<u64>> = Rc::default();
    Effect::new(move |_| {
        let query = query_of(state, state.view.get());
        let change = latest_change.get() + 1;
        latest_change.set(change);
        let latest_change = Rc::clone(&latest_change);
        wasm_bindgen_futures::spawn_local(async move {
            TimeoutFuture::new(URL_DELAY_MS).await;
            // A slow change (a new period at 100k sessions takes about a second) can
            // outlast the delay: wait until the frame that shows it has been painted.
            next_frame().await;
            TimeoutFuture::new(0).await;
            if latest_change.get() == change {
                write_query(&query);
            }
        });
    });
}

/// The query string that shows `view` with the current controls (and `?demo` when the
/// page has it): the URL's, and each view tab's link.
pub fn query_of(state: AppState, view: PageView) -> String {
    let pairs = state.controls.with(|controls| controls.to_query_pairs(state.browser_zone));
    let mut parts: Vec<String> = Vec::new();
    if super::browser::query_param("demo").is_some() {
        parts.push(String::from("demo"));
    }
    if view != PageView::default() {
        parts.push(format!("view={}", view.key()));
    }
    parts.extend(pairs.into_iter().map(|(key, value)| format!("{key}={}", percent_encode(&value))));
    if parts.is_empty() {
        String::from("?")
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Resolves at the page's next animation frame (at once when there is no window).
async fn next_frame() {
    let Some(window) = web_sys::window() else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        // Without a frame callback the write simply happens a little earlier.
        if window.request_animation_frame(&resolve).is_err() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    // The promise never rejects.
    let _ = JsFuture::from(promise).await;
}

fn write_query(query: &str) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let query = if query == "?" { "" } else { query };
    if let Ok(history) = window.history() {
        // A failure only means the URL does not follow; the page itself is unaffected.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")));
    }
}

//! Keeps the controls in the URL: read once at start, written back (without a new
//! history entry) once the controls have rested for a moment.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::state::AppState;
use crate::viewmodel::controls::percent_encode;

/// How long the controls must rest before the URL follows them. Writing the URL is a
/// synchronous call into the browser (75–130 ms per change in the benchmark's Chromium,
/// BENCHMARKS.md), so it is kept off the path from a control change to the next frame,
/// and a run of quick changes writes it once.
const URL_DELAY_MS: u32 = 250;

/// Writes the controls into the query string, keeping `?demo` when the page has it.
pub fn sync_controls_to_url(state: AppState) {
    // Replacing the pending write drops it, which cancels it.
    let pending: Rc<RefCell<Option<Timeout>>> = Rc::default();
    Effect::new(move |_| {
        let pairs = state.controls.with(|controls| controls.to_query_pairs(state.browser_zone));
        let mut parts: Vec<String> = Vec::new();
        if super::browser::query_param("demo").is_some() {
            parts.push(String::from("demo"));
        }
        parts.extend(pairs.into_iter().map(|(key, value)| format!("{key}={}", percent_encode(&value))));
        let query = if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) };
        pending.replace(Some(Timeout::new(URL_DELAY_MS, move || write_query(&query))));
    });
}

fn write_query(query: &str) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        // A failure only means the URL does not follow; the page itself is unaffected.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")));
    }
}

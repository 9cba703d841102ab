//! Keeps the controls in the URL: read once at start, written back (without a new
//! history entry) whenever they change.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::state::AppState;
use crate::viewmodel::controls::percent_encode;

/// Writes the controls into the query string, keeping `?demo` when the page has it.
pub fn sync_controls_to_url(state: AppState) {
    Effect::new(move |_| {
        let pairs = state.controls.with(|controls| controls.to_query_pairs(state.browser_zone));
        let Some(window) = web_sys::window() else { return };
        let is_demo = super::browser::query_param("demo").is_some();
        let mut parts: Vec<String> = Vec::new();
        if is_demo {
            parts.push(String::from("demo"));
        }
        parts.extend(pairs.into_iter().map(|(key, value)| format!("{key}={}", percent_encode(&value))));
        let query = if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) };
        let path = window.location().pathname().unwrap_or_default();
        if let Ok(history) = window.history() {
            // A failure only means the URL does not follow; the page itself is unaffected.
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")));
        }
    });
}

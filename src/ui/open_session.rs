//! Opening a session's drill-down from anywhere on the page (a pattern card, a rule's
//! list): the session becomes the open one (kept in the URL), and once shown the
//! drill-down, or the first line hitting `rule`, is scrolled into view.

use leptos::prelude::*;

use super::state::AppState;
use crate::viewmodel::session_id::session_id;

pub fn open_session(state: AppState, position: u32, rule: Option<&'static str>) {
    let id = id_at(state, position as usize);
    state.controls.update(|controls| controls.open_session = id);
    wasm_bindgen_futures::spawn_local(async move {
        // The drill-down is drawn on the next turn.
        gloo::timers::future::TimeoutFuture::new(0).await;
        let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
        let line = rule.and_then(|rule| document.query_selector(&format!("[data-role=session-detail] [data-rules~={rule}]")).ok().flatten());
        let target = line.or_else(|| document.query_selector("[data-role=session-detail]").ok().flatten());
        if let Some(target) = target {
            target.scroll_into_view();
        }
    });
}

/// The stable id of the `position`th session the dashboard lists.
pub fn id_at(state: AppState, position: usize) -> Option<String> {
    state.dataset.with_untracked(|dataset| state.dashboard.with_untracked(|dashboard| session_id(dataset.as_ref()?, dashboard.as_ref()?, position)))
}

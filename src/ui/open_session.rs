//! Opening a session's drill-down from anywhere on the page (a pattern card, a rule's
//! list, a practice's sessions, the sessions list): the session becomes the open one (kept
//! in the URL), the Sessions view is shown when the drill-down is not on screen, and the
//! focus moves into the drill-down (to the first line hitting `rule`, if one is named).
//! Closing it (its button, or Escape from anywhere) returns to where it was opened from.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::AppState;
use crate::viewmodel::page_views::PageView;
use crate::viewmodel::session_id::session_id;

/// The `id` of the drill-down's heading (focusable from script).
pub const DETAIL_HEADING_ID: &str = "session-detail-heading";

/// Where a drill-down was opened from: the view then, and the element that opened it.
struct Opener {
    view: PageView,
    element: Option<web_sys::HtmlElement>,
    /// A selector for the opener when its view is drawn again (another view was shown).
    selector: Option<String>,
}

thread_local! {
    static OPENER: RefCell<Option<Opener>> = const { RefCell::new(None) };
}

fn focused_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.active_element()?.dyn_into().ok()
}

/// Opens the `position`th session the dashboard lists, from an element with `selector`
/// (in the view shown now) or from the sessions list itself.
pub fn open_session(state: AppState, position: u32, rule: Option<&'static str>) {
    let selector = rule.map_or_else(
        || format!("[data-role=open-session][data-session=\"{position}\"]"),
        |rule| format!("[data-rule={rule}] [data-role=open-session][data-session=\"{position}\"]"),
    );
    open_at(state, position as usize, Some(selector), rule);
}

/// Opens a session (the list's rows call this directly), remembering the opener.
pub fn open_at(state: AppState, position: usize, selector: Option<String>, rule: Option<&'static str>) {
    let id = id_at(state, position);
    let view = state.view.get_untracked();
    let is_shown_here = matches!(view, PageView::Sessions | PageView::Everything);
    OPENER.with(|opener| *opener.borrow_mut() = Some(Opener { view, element: focused_element(), selector }));
    state.controls.update(|controls| controls.open_session = id);
    if !is_shown_here {
        state.view.set(PageView::Sessions);
    }
    wasm_bindgen_futures::spawn_local(async move {
        // The drill-down is drawn on the next turn.
        gloo::timers::future::TimeoutFuture::new(0).await;
        let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
        let line = rule.and_then(|rule| document.query_selector(&format!("[data-role=session-detail] [data-rules~={rule}]")).ok().flatten());
        if let Some(line) = &line {
            line.scroll_into_view();
        }
        if let Some(heading) = document.get_element_by_id(DETAIL_HEADING_ID).and_then(|heading| heading.dyn_into::<web_sys::HtmlElement>().ok()) {
            if line.is_none() {
                heading.scroll_into_view();
            }
            // Fails only for a detached heading; the focus then stays.
            let _ = heading.focus();
        }
    });
}

/// Closes the drill-down and gives the focus back to what opened it (in its view).
pub fn close_session(state: AppState) {
    state.controls.update(|controls| controls.open_session = None);
    let Some(opener) = OPENER.with(|opener| opener.borrow_mut().take()) else { return };
    if opener.view != state.view.get_untracked() {
        state.view.set(opener.view);
    }
    wasm_bindgen_futures::spawn_local(async move {
        gloo::timers::future::TimeoutFuture::new(0).await;
        let still_there = opener.element.filter(|element| element.is_connected());
        let again = || {
            let document = web_sys::window()?.document()?;
            document.query_selector(opener.selector.as_deref()?).ok()??.dyn_into::<web_sys::HtmlElement>().ok()
        };
        if let Some(element) = still_there.or_else(again) {
            // Fails only for a detached element; the focus then stays.
            let _ = element.focus();
        }
    });
}

/// The stable id of the `position`th session the dashboard lists.
pub fn id_at(state: AppState, position: usize) -> Option<String> {
    state.dataset.with_untracked(|dataset| state.dashboard.with_untracked(|dashboard| session_id(dataset.as_ref()?, dashboard.as_ref()?, position)))
}

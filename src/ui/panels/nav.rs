//! The view tabs of the top bar and the skip link: each tab is a link to its view's URL
//! (so it opens in a new tab too); followed here, it shows the view and moves the focus
//! to its heading, as the skip link does.

use leptos::prelude::*;

use crate::ui::state::AppState;
use crate::ui::url::query_of;
use crate::viewmodel::page_views::PageView;

/// The `id` of the shown view's heading.
pub const VIEW_HEADING_ID: &str = "view-heading";

/// Moves the focus to the view's heading once the view is on screen.
pub fn focus_view_heading() {
    focus_element_later(VIEW_HEADING_ID);
}

/// Moves the focus to the element with `id` (focusable, or with `tabindex="-1"`) once the
/// page has drawn what was just chosen.
pub fn focus_element_later(id: &'static str) {
    request_animation_frame(move || {
        let element = web_sys::window().and_then(|window| window.document()).and_then(|document| document.get_element_by_id(id));
        if let Some(element) = element.and_then(|element| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()) {
            // Only fails on a detached element; the focus then stays where it was.
            let _ = element.focus();
        }
    });
}

#[component]
pub fn SkipLink() -> impl IntoView {
    let on_click = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        focus_view_heading();
    };
    view! { <a class="skip-link" href=format!("#{VIEW_HEADING_ID}") on:click=on_click>"Skip to the content"</a> }
}

#[component]
pub fn ViewTabs() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tabs = PageView::ALL.into_iter().map(|view| {
        let on_click = move |event: leptos::ev::MouseEvent| {
            // A click with a modifier opens the link in a new tab or window, as links do.
            if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
                return;
            }
            event.prevent_default();
            state.view.set(view);
            focus_view_heading();
        };
        view! {
            <li>
                <a
                    href=move || query_of(state, view)
                    data-view-tab=view.key()
                    aria-current=move || (state.view.get() == view).then_some("page")
                    on:click=on_click
                >
                    {view.title()}
                </a>
            </li>
        }
    });
    view! {
        <nav class="view-tabs" aria-label="Sections">
            <ul>{tabs.collect_view()}</ul>
        </nav>
    }
}

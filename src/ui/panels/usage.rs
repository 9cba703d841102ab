//! The Usage section: the filtered requests as ccusage shows them, by day, week, month or
//! 5-hour billing block, with a row per model on demand: the command line's reports
//! (`viewmodel::usage_tables`) as a table.

use leptos::prelude::*;

use crate::model::{Agent, Dataset};
use crate::ui::components::DataTable;
use crate::ui::state::{today_in, AppState};
use crate::viewmodel::sections::Section;
use crate::viewmodel::table_view::TableView;
use crate::viewmodel::usage_report::kept_requests;
use crate::viewmodel::usage_tables::{usage_table, UsageView};

#[component]
pub fn UsagePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = RwSignal::new(UsageView::Daily);
    let breakdown = RwSignal::new(false);
    let table = Memo::new(move |_| -> TableView {
        let (filters, settings, today) = state.controls.with(|c| (c.filters.clone(), c.settings, c.today.unwrap_or_else(|| today_in(c.settings.time_zone))));
        let agent = filters.agent.as_deref().and_then(Agent::from_label);
        let (view, breakdown) = (chosen.get(), breakdown.get());
        let now_ms = js_sys::Date::now() as i64;
        state.dataset.with(|dataset| match dataset {
            Some(dataset) => usage_table(dataset, &kept_requests(dataset, &filters, &settings, today), view, breakdown, agent, settings.time_zone, now_ms),
            None => usage_table(&Dataset::default(), &[], view, breakdown, agent, settings.time_zone, now_ms),
        })
    });
    // A toolbar: one Tab stop (the chosen view), the arrow keys move between the views.
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        let step: isize = match event.key().as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            _ => return,
        };
        event.prevent_default();
        let count = UsageView::ALL.len() as isize;
        let at = UsageView::ALL.iter().position(|view| *view == chosen.get_untracked()).unwrap_or(0) as isize;
        let next = UsageView::ALL[(at + step).rem_euclid(count) as usize];
        chosen.set(next);
        let document = web_sys::window().and_then(|window| window.document());
        let button = document.and_then(|document| document.query_selector(&format!("[data-usage-view={}]", next.name())).ok().flatten());
        if let Some(button) = button.and_then(|button| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(button).ok()) {
            // Fails only for a detached button; the focus then stays.
            let _ = button.focus();
        }
    };
    let choices = UsageView::ALL
        .into_iter()
        .map(|view| {
            view! {
                <button
                    type="button"
                    data-usage-view=view.name()
                    aria-pressed=move || (chosen.get() == view).to_string()
                    tabindex=move || if chosen.get() == view { "0" } else { "-1" }
                    on:click=move |_| chosen.set(view)
                    on:keydown=on_key
                >
                    {view.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="panel usage" data-section=Section::Usage.key()>
            <div class="segmented usage-views" role="toolbar" aria-label="Usage by">
                {choices}
                <label>
                    <input
                        type="checkbox"
                        data-role="usage-breakdown"
                        prop:checked=move || breakdown.get()
                        on:change=move |event| breakdown.set(event_target_checked(&event))
                    />
                    " a row per model"
                </label>
            </div>
            <DataTable table=table.into() />
        </section>
    }
}

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
    let choices = UsageView::ALL
        .into_iter()
        .map(|view| {
            view! {
                <button
                    type="button"
                    data-usage-view=view.name()
                    aria-pressed=move || (chosen.get() == view).to_string()
                    on:click=move |_| chosen.set(view)
                >
                    {view.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="panel usage" data-section=Section::Usage.key()>
            <div class="segmented usage-views" role="group" aria-label="Usage by">
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

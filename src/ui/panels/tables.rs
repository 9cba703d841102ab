//! The people (for a team), models, tools, files, languages, agents, projects, outcomes
//! and daily tables.

use leptos::prelude::*;

use crate::model::Dataset;
use crate::ui::components::DataTable;
use crate::ui::state::AppState;
use crate::viewmodel::agents::agent_table;
use crate::viewmodel::dashboard::Dashboard;
use crate::viewmodel::outcomes::outcome_table;
use crate::viewmodel::people::people_table;
use crate::viewmodel::sections::Section;
use crate::viewmodel::table_view::{self, TableView};

fn table_signal(state: AppState, build: fn(&Dashboard) -> TableView) -> Signal<TableView> {
    let memo = Memo::new(move |_| {
        state.dashboard.with(|dashboard| match dashboard {
            Some(dashboard) => build(dashboard),
            None => build(&Dashboard::default()),
        })
    });
    memo.into()
}

/// A table built from the dataset as well as the dashboard (people's and agents' rows).
fn data_table_signal(state: AppState, build: fn(&Dataset, &Dashboard) -> TableView) -> Signal<TableView> {
    let memo = Memo::new(move |_| {
        state.dataset.with(|dataset| {
            state.dashboard.with(|dashboard| match (dataset, dashboard) {
                (Some(dataset), Some(dashboard)) => build(dataset, dashboard),
                _ => build(&Dataset::default(), &Dashboard::default()),
            })
        })
    });
    memo.into()
}

#[component]
pub fn TablesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let models = table_signal(state, |d| table_view::models(&d.tables.models));
    let tools = table_signal(state, |d| table_view::tools(&d.tables.tools));
    let files = table_signal(state, |d| table_view::files(&d.tables.files));
    let languages = table_signal(state, |d| table_view::languages(&d.tables.languages));
    let projects = table_signal(state, |d| table_view::projects(&d.tables.projects));
    let days = table_signal(state, |d| table_view::days(&d.tables.days));
    let outcomes = data_table_signal(state, outcome_table);
    let agents = data_table_signal(state, agent_table);
    let people = data_table_signal(state, people_table);
    let is_team = move || people.with(|table| table.rows.len() > 1);
    view! {
        <section class="panel tables" data-section=Section::Tables.key()>
            <Show when=is_team>
                <DataTable table=people />
            </Show>
            <div class="table-grid">
                <DataTable table=models />
                <DataTable table=tools />
                <DataTable table=files />
                <DataTable table=languages />
            </div>
            <DataTable table=agents />
            <DataTable table=projects />
            <DataTable table=outcomes />
            <details class="daily-table">
                <summary>"Daily table"</summary>
                <DataTable table=days />
            </details>
        </section>
    }
}

//! The models, tools, files, languages, agents, projects and daily tables.

use leptos::prelude::*;

use crate::ui::components::DataTable;
use crate::ui::state::AppState;
use crate::viewmodel::dashboard::Dashboard;
use crate::viewmodel::agents::agent_table;
use crate::viewmodel::outcomes::outcome_table;
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

#[component]
pub fn TablesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let models = table_signal(state, |d| table_view::models(&d.tables.models));
    let tools = table_signal(state, |d| table_view::tools(&d.tables.tools));
    let files = table_signal(state, |d| table_view::files(&d.tables.files));
    let languages = table_signal(state, |d| table_view::languages(&d.tables.languages));
    let projects = table_signal(state, |d| table_view::projects(&d.tables.projects));
    let days = table_signal(state, |d| table_view::days(&d.tables.days));
    let outcomes = Memo::new(move |_| {
        state.dataset.with(|dataset| {
            state.dashboard.with(|dashboard| match (dataset, dashboard) {
                (Some(dataset), Some(dashboard)) => outcome_table(dataset, dashboard),
                _ => outcome_table(&Default::default(), &Default::default()),
            })
        })
    });
    let outcomes = Signal::from(outcomes);
    let agents = Memo::new(move |_| {
        state.dataset.with(|dataset| {
            state.dashboard.with(|dashboard| match (dataset, dashboard) {
                (Some(dataset), Some(dashboard)) => agent_table(dataset, dashboard),
                _ => agent_table(&Default::default(), &Default::default()),
            })
        })
    });
    let agents = Signal::from(agents);
    view! {
        <section class="panel tables">
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

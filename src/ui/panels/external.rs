//! Other tools' records (session-metrics logs, AgileFlow sessions, ccusage reports) for
//! the filters in force, beside our figures: shown only when the load has some.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::model::Agent;
use crate::ui::components::{DataTable, FigureGroupCards};
use crate::ui::state::AppState;
use crate::viewmodel::external::{external_view, transcript_days, ExternalView};
use crate::viewmodel::external_tables::{logged_table, reported_figures, reported_table, tracked_table};
use crate::viewmodel::sections::Section;
use crate::viewmodel::table_view::TableView;

#[component]
pub fn ExternalPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The days transcripts cover depend on the dataset and the zone only (a memo of the
    // zone, so that a filter change does not go through every request again).
    let zone = Memo::new(move |_| state.controls.with(|c| c.settings.time_zone));
    let covered = Memo::new(move |_| {
        let zone = zone.get();
        state.dataset.with(|dataset| Arc::new(dataset.as_ref().map(|dataset| transcript_days(dataset, zone)).unwrap_or_default()))
    });
    let view_memo: Memo<Arc<ExternalView>> = Memo::new(move |_| {
        let (filters, settings) = state.controls.with(|c| (c.filters.clone(), c.settings));
        let today = state.today();
        let covered: Arc<HashSet<(String, Agent, NaiveDate)>> = covered.get();
        state.dataset.with(|dataset| {
            state.dashboard.with(|dashboard| match (dataset, dashboard) {
                (Some(dataset), Some(dashboard)) if !dataset.external.is_empty() => {
                    Arc::new(external_view(dataset, dashboard, &filters, &settings, today, &covered))
                }
                _ => Arc::new(ExternalView::default()),
            })
        })
    });
    let has_records = Memo::new(move |_| state.dataset.with(|dataset| dataset.as_ref().is_some_and(|dataset| !dataset.external.is_empty())));
    let logged: Signal<TableView> = Memo::new(move |_| logged_table(&view_memo.get().logged, zone.get())).into();
    let tracked: Signal<TableView> = Memo::new(move |_| tracked_table(&view_memo.get().tracked, zone.get())).into();
    let reported: Signal<TableView> = Memo::new(move |_| reported_table(&view_memo.get().reported)).into();
    move || {
        has_records.get().then(|| {
            let view = view_memo.get();
            let figures = reported_figures(&view).map(|group| view! { <FigureGroupCards group /> });
            let empty = view.is_empty().then(|| view! { <p class="setting-note">"The filters keep none of the other tools' records."</p> });
            let logged = (!view.logged.is_empty()).then(|| view! { <DataTable table=logged /> });
            let tracked = (!view.tracked.is_empty()).then(|| view! { <DataTable table=tracked /> });
            let reported = (!view.reported.is_empty()).then(|| view! { <DataTable table=reported /> });
            view! {
                <section class="panel external" data-role="external-records" data-section=Section::External.key()>
                    <h2>"Other tools' records"</h2>
                    <p class="setting-note">
                        "What session-metrics logs, AgileFlow and ccusage reports say, beside what the transcripts show for the same person and hours. "
                        "They are not added into the figures above."
                    </p>
                    {figures}
                    {empty}
                    {logged}
                    {tracked}
                    {reported}
                </section>
            }
        })
    }
}

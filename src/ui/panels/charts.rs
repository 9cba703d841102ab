//! The four charts: daily activity, daily cost, tokens per day by class, and session
//! durations.

use leptos::prelude::*;

use crate::ui::components::BarChartCanvas;
use crate::ui::state::AppState;
use crate::viewmodel::chart_series::{daily_cost, daily_requests, daily_tokens, session_durations, BarSeries};
use crate::viewmodel::dashboard::Dashboard;
use crate::viewmodel::sections::Section;

pub(super) fn series_memo(state: AppState, build: fn(&Dashboard) -> BarSeries) -> Memo<BarSeries> {
    Memo::new(move |_| {
        state.dashboard.with(|dashboard| match dashboard {
            Some(dashboard) => build(dashboard),
            None => build(&Dashboard::default()),
        })
    })
}

#[component]
pub fn ChartsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let activity = series_memo(state, |d| daily_requests(&d.tables.days));
    let cost = series_memo(state, |d| daily_cost(&d.tables.days));
    let tokens = series_memo(state, |d| daily_tokens(&d.tables.days));
    let durations = series_memo(state, |d| session_durations(&d.durations));
    let zone = move || state.controls.with(|c| c.settings.time_zone.name().to_owned());
    view! {
        <section class="panel charts" data-section=Section::Charts.key()>
            <p class="setting-note">"Days in " {zone}</p>
            <div class="chart-grid">
                <BarChartCanvas chart="daily_activity" series=activity />
                <BarChartCanvas chart="daily_cost" series=cost />
                <BarChartCanvas chart="daily_tokens" series=tokens />
                <BarChartCanvas chart="session_durations" series=durations />
            </div>
        </section>
    }
}

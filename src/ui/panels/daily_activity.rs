//! Requests per day, on a canvas.

use leptos::prelude::*;

use crate::ui::components::BarChartCanvas;
use crate::ui::state::AppState;
use crate::viewmodel::daily_activity::daily_requests;

#[component]
pub fn DailyActivityPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let series = Memo::new(move |_| {
        let settings = state.settings.get();
        state.dataset.with(|dataset| dataset.as_ref().map(|dataset| daily_requests(dataset, &settings)).unwrap_or_default())
    });
    let zone = move || state.settings.with(|settings| settings.time_zone.name().to_owned());
    view! {
        <section class="panel">
            <h2>"Daily activity"</h2>
            <p class="setting-note">"API requests per day, days in " {zone}</p>
            <BarChartCanvas chart="daily_activity" series />
        </section>
    }
}

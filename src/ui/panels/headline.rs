//! The headline cards and the token breakdown (spec section 4).

use leptos::prelude::*;

use crate::ui::components::FigureCard;
use crate::ui::state::AppState;
use crate::viewmodel::format;
use crate::viewmodel::summary::Summary;

#[component]
pub fn HeadlinePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = Memo::new(move |_| {
        let settings = state.settings.get();
        state.dataset.with(|dataset| dataset.as_ref().map(|dataset| Summary::compute(dataset, &settings)))
    });
    let cutoff = move || format!("Sessions split after {} idle", format::duration(state.settings.with(|s| s.idle_cutoff_ms)));
    move || {
        summary.get().map(|summary| {
            view! {
                <section class="panel">
                    <div class="cards headline">
                        {summary.headline().into_iter().map(|figure| view! { <FigureCard figure /> }).collect_view()}
                    </div>
                    <p class="setting-note">{cutoff}</p>
                    <div class="cards details">
                        {summary.details().into_iter().map(|figure| view! { <FigureCard figure /> }).collect_view()}
                    </div>
                </section>
            }
        })
    }
}

//! One figure: its label, its formatted value, and the raw value for scripts.

use leptos::prelude::*;

use crate::viewmodel::summary::Figure;

#[component]
pub fn FigureCard(figure: Figure) -> impl IntoView {
    view! {
        <div class="card" data-metric=figure.metric data-value=figure.value.raw()>
            <span class="card-label">{figure.label}</span>
            <span class="card-value">{figure.value.display()}</span>
        </div>
    }
}

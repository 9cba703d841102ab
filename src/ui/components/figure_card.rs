//! One figure: its label, its formatted value, and the raw value for scripts; and a
//! titled group of them.

use leptos::prelude::*;

use crate::viewmodel::summary::{Figure, FigureGroup};

#[component]
pub fn FigureCard(figure: Figure) -> impl IntoView {
    view! {
        <div class="card" data-metric=figure.metric data-value=figure.value.raw()>
            <span class="card-label">{figure.label}</span>
            <span class="card-value">{figure.value.display()}</span>
        </div>
    }
}

/// A titled group of figure cards.
#[component]
pub fn FigureGroupCards(group: FigureGroup) -> impl IntoView {
    view! {
        <div class="figure-group">
            <h3>{group.title}</h3>
            <div class="cards">
                {group.figures.into_iter().map(|figure| view! { <FigureCard figure /> }).collect_view()}
            </div>
        </div>
    }
}

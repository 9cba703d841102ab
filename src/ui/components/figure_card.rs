//! One figure: its label, its formatted value, and the raw value for scripts; and a
//! titled group of them.

use leptos::prelude::*;

use super::SparklineCanvas;
use crate::viewmodel::summary::{Figure, FigureGroup};
use crate::viewmodel::trends::{TrendMeasure, Trends};

/// A figure card; given the trends, a figure they follow gets its sparkline.
#[component]
pub fn FigureCard(figure: Figure, #[prop(optional)] trends: Option<Memo<Trends>>) -> impl IntoView {
    let sparkline = trends.zip(TrendMeasure::from_metric(figure.metric)).map(|(trends, measure)| view! { <SparklineCanvas trends measure /> });
    view! {
        <div class="card" data-metric=figure.metric data-value=figure.value.raw()>
            <span class="card-label">{figure.label}</span>
            <span class="card-value">{figure.value.display()}</span>
            {sparkline}
        </div>
    }
}

/// A titled group of figure cards.
#[component]
pub fn FigureGroupCards(group: FigureGroup, #[prop(optional)] trends: Option<Memo<Trends>>) -> impl IntoView {
    view! {
        <div class="figure-group">
            <h3>{group.title}</h3>
            <div class="cards">
                {group.figures.into_iter().map(|figure| match trends {
                    Some(trends) => view! { <FigureCard figure trends /> }.into_any(),
                    None => view! { <FigureCard figure /> }.into_any(),
                }).collect_view()}
            </div>
        </div>
    }
}

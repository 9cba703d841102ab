//! A figure card's sparkline: its measure per day over the period, a small line.

use leptos::prelude::*;

use super::canvas_drawing::draw_on_canvas;
use crate::charts::draw_sparkline;
use crate::viewmodel::trends::{TrendMeasure, Trends};

#[component]
pub fn SparklineCanvas(trends: Memo<Trends>, measure: TrendMeasure) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let failure = draw_on_canvas(canvas_ref, move |area, theme| trends.with(|trends| draw_sparkline(area, &trends.of(measure).daily, theme)));
    view! {
        <canvas
            node_ref=canvas_ref
            class="sparkline"
            data-chart="sparkline"
            data-sparkline=measure.metric()
            data-days=move || trends.with(|trends| trends.of(measure).daily.len())
            height="28"
            aria-hidden="true"
            title=move || failure.get().unwrap_or_default()
        ></canvas>
    }
}

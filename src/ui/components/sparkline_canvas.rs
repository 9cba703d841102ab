//! A figure card's sparkline: its measure per day over the period, a small line.

use leptos::prelude::*;

use super::canvas_drawing::draw_on_canvas;
use crate::charts::draw_sparkline;

#[component]
pub fn SparklineCanvas(metric: &'static str, values: Signal<Vec<f64>>) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let failure = draw_on_canvas(canvas_ref, move |area, theme| values.with(|values| draw_sparkline(area, values, theme)));
    view! {
        <canvas
            node_ref=canvas_ref
            class="sparkline"
            data-chart="sparkline"
            data-sparkline=metric
            data-days=move || values.with(Vec::len)
            height="28"
            aria-hidden="true"
            title=move || failure.get().unwrap_or_default()
        ></canvas>
    }
}

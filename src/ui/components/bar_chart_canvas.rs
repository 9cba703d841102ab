//! A daily bar chart drawn by the core's chart code on a canvas.

use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

use crate::charts::{draw_daily_bars, ChartTheme};
use crate::ui::browser::prefers_dark;
use crate::viewmodel::daily_activity::DailySeries;

#[component]
pub fn BarChartCanvas(chart: &'static str, series: Memo<DailySeries>) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    let resizes = RwSignal::new(0u32);
    let listener = window_event_listener(leptos::ev::resize, move |_| resizes.update(|count| *count += 1));
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        resizes.track();
        let Some(canvas) = canvas_ref.get() else { return };
        // Draw at the width the layout gives the canvas, so text is not scaled.
        let width = canvas.client_width();
        if width > 0 {
            canvas.set_width(width as u32);
        }
        let theme = ChartTheme::for_dark_mode(prefers_dark());
        let outcome = series.with(|series| match CanvasBackend::with_canvas_object(canvas) {
            Some(backend) => draw_daily_bars(&backend.into_drawing_area(), series, &theme).map_err(|e| e.to_string()),
            None => Err(String::from("this browser gave no 2D canvas")),
        });
        failure.set(outcome.err());
    });
    view! {
        <canvas node_ref=canvas_ref data-chart=chart width="960" height="260"></canvas>
        {move || failure.get().map(|message| view! { <p class="error">{message}</p> })}
    }
}

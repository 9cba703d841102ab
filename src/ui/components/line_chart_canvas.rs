//! A line chart drawn by the core's chart code on a canvas; hovering shows the values of
//! the nearest day.

use leptos::prelude::*;

use super::canvas_drawing::draw_on_canvas;
use crate::charts::{draw_lines, point_at};
use crate::viewmodel::line_series::LineSeries;

#[component]
pub fn LineChartCanvas(chart: &'static str, series: Memo<LineSeries>) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let hovered = RwSignal::new(None::<usize>);
    let failure = draw_on_canvas(canvas_ref, move |area, theme| series.with(|series| draw_lines(area, series, theme)));
    let on_move = move |event: leptos::ev::MouseEvent| {
        let Some(canvas) = canvas_ref.get() else { return };
        hovered.set(series.with(|series| point_at(f64::from(event.offset_x()), f64::from(canvas.client_width()), series.labels.len())));
    };
    let tooltip = move || hovered.get().and_then(|index| series.with(|series| series.tooltip(index)));
    view! {
        <div class="chart">
            <h3>{move || series.with(|series| series.title.clone())}</h3>
            <canvas
                node_ref=canvas_ref
                data-chart=chart
                height="240"
                role="img"
                aria-label=move || series.with(LineSeries::summary)
                on:mousemove=on_move
                on:mouseleave=move |_| hovered.set(None)
            ></canvas>
            <p class="tooltip" data-role="chart-tooltip">{move || tooltip().unwrap_or_else(|| String::from("\u{a0}"))}</p>
            {move || failure.get().map(|message| view! { <p class="error">{message}</p> })}
            <LineData series />
        </div>
    }
}

/// The chart's values as a table (a row per day, a column per line), built only while open.
#[component]
fn LineData(series: Memo<LineSeries>) -> impl IntoView {
    let is_open = RwSignal::new(false);
    view! {
        <details class="chart-data" data-role="chart-data" on:toggle=move |event| is_open.set(event_target::<web_sys::HtmlDetailsElement>(&event).open())>
            <summary>"Data as a table"</summary>
            {move || is_open.get().then(|| series.with(|series| view! {
                <div class="table-wrap">
                    <table>
                        <thead><tr><th scope="col">"Day"</th>{series.lines.iter().map(|(name, _)| view! { <th scope="col">{name.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {series.labels.iter().enumerate().map(|(index, label)| view! {
                                <tr>
                                    <th scope="row">{label.clone()}</th>
                                    {series.lines.iter().map(|(_, values)| view! { <td>{values.get(index).map(|v| series.kind.format(*v)).unwrap_or_default()}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }))}
        </details>
    }
}

//! A bar chart drawn by the core's chart code on a canvas, redrawn when its series or
//! the window size changes; hovering a bar shows its value.

use leptos::prelude::*;

use super::canvas_drawing::draw_on_canvas;
use crate::charts::{bar_at, draw_bars};
use crate::viewmodel::chart_series::BarSeries;

#[component]
pub fn BarChartCanvas(chart: &'static str, series: Memo<BarSeries>) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let hovered = RwSignal::new(None::<usize>);
    let failure = draw_on_canvas(canvas_ref, move |area, theme| series.with(|series| draw_bars(area, series, theme)));
    let on_move = move |event: leptos::ev::MouseEvent| {
        let Some(canvas) = canvas_ref.get() else { return };
        let index = series.with(|series| bar_at(f64::from(event.offset_x()), f64::from(canvas.client_width()), series.bars.len()));
        hovered.set(index);
    };
    let tooltip = move || hovered.get().and_then(|index| series.with(|series| series.tooltip(index)));
    view! {
        <div class="chart">
            <h3>{move || series.with(|series| series.title)}</h3>
            <canvas
                node_ref=canvas_ref
                data-chart=chart
                height="240"
                role="img"
                aria-label=move || series.with(BarSeries::summary)
                on:mousemove=on_move
                on:mouseleave=move |_| hovered.set(None)
            ></canvas>
            <p class="tooltip" data-role="chart-tooltip">{move || tooltip().unwrap_or_else(|| String::from("\u{a0}"))}</p>
            {move || failure.get().map(|message| view! { <p class="error">{message}</p> })}
            <ChartData series />
        </div>
    }
}

/// The chart's data as a table, opened on request (its text alternative beside the
/// one-sentence summary the canvas carries). Its rows are only built while it is open,
/// so a filter change does not redraw hundreds of hidden rows per chart.
#[component]
fn ChartData(series: Memo<BarSeries>) -> impl IntoView {
    let is_open = RwSignal::new(false);
    let on_toggle = move |event: leptos::ev::Event| {
        is_open.set(event_target::<web_sys::HtmlDetailsElement>(&event).open());
    };
    view! {
        <details class="chart-data" data-role="chart-data" on:toggle=on_toggle>
            <summary>"Data as a table"</summary>
            {move || is_open.get().then(|| series.with(|series| {
                let many = series.segments.len() > 1;
                view! {
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">"Bar"</th>
                                {many.then(|| series.segments.iter().map(|name| view! { <th scope="col">{*name}</th> }).collect_view())}
                                <th scope="col">{if many { "total" } else { series.segments.first().copied().unwrap_or("value") }}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {series.bars.iter().map(|bar| view! {
                                <tr>
                                    <th scope="row">{bar.label.clone()}</th>
                                    {many.then(|| bar.values.iter().map(|value| view! { <td>{series.kind.format(*value)}</td> }).collect_view())}
                                    <td>{series.kind.format(bar.total())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }))}
        </details>
    }
}

//! The weekday × hour heatmap of active time on a canvas, with its cells as a table for
//! screen readers and scripts; hovering a cell shows its time.

use super::CsvButton;
use leptos::prelude::*;

use super::canvas_drawing::draw_on_canvas;
use crate::charts::{cell_at, draw_heatmap};
use crate::metrics::trends::WeekHours;
use crate::viewmodel::format;
use crate::viewmodel::trends::WEEKDAYS;

fn weekday_name(weekday: u32) -> &'static str {
    WEEKDAYS.get(weekday as usize).copied().unwrap_or("")
}

#[component]
pub fn HeatmapCanvas(hours: Memo<WeekHours>) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let hovered = RwSignal::new(None::<(u32, u32)>);
    let failure = draw_on_canvas(canvas_ref, move |area, theme| hours.with(|hours| draw_heatmap(area, hours, theme)));
    let on_move = move |event: leptos::ev::MouseEvent| {
        let Some(canvas) = canvas_ref.get() else { return };
        let (width, height) = (f64::from(canvas.client_width()), f64::from(canvas.client_height()));
        hovered.set(cell_at(f64::from(event.offset_x()), f64::from(event.offset_y()), width, height));
    };
    let tooltip = move || {
        hovered.get().map(|(weekday, hour)| {
            let ms = hours.with(|hours| hours.ms(weekday, hour));
            format!("{} {hour:02}:00–{:02}:00: {} active", weekday_name(weekday), hour + 1, format::duration(ms))
        })
    };
    let summary = move || {
        hours.with(|hours| {
            let busiest = (0..7u32)
                .flat_map(|day| (0..24u32).map(move |hour| (day, hour)))
                .max_by_key(|(day, hour)| (hours.ms(*day, *hour), std::cmp::Reverse((*day, *hour))));
            match busiest.filter(|_| hours.total_ms() > 0) {
                Some((day, hour)) => format!(
                    "Active time by weekday and hour: {} in all; busiest {} {hour:02}:00 with {}.",
                    format::duration(hours.total_ms()),
                    weekday_name(day),
                    format::duration(hours.ms(day, hour))
                ),
                None => String::from("Active time by weekday and hour: no data."),
            }
        })
    };
    let is_open = RwSignal::new(false);
    view! {
        <div class="chart">
            <h3>"Active time by weekday and hour"</h3>
            <canvas
                node_ref=canvas_ref
                data-chart="activity_heatmap"
                height="200"
                role="img"
                aria-label=summary
                on:mousemove=on_move
                on:mouseleave=move |_| hovered.set(None)
            ></canvas>
            <p class="tooltip" data-role="chart-tooltip">{move || tooltip().unwrap_or_else(|| String::from("\u{a0}"))}</p>
            {move || failure.get().map(|message| view! { <p class="error">{message}</p> })}
            <details class="chart-data" data-role="chart-data" on:toggle=move |event| is_open.set(event_target::<web_sys::HtmlDetailsElement>(&event).open())>
                <summary>"Data as a table"</summary>
                {move || is_open.get().then(|| hours.with(|hours| view! {
                    <div class="table-wrap"><CsvButton table="activity_heatmap" /><table data-table="activity_heatmap">
                        <thead><tr><th scope="col">"Day"</th>{(0..24).map(|hour| view! { <th scope="col">{format!("{hour:02}")}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {(0..7u32).map(|day| view! {
                                <tr>
                                    <th scope="row">{weekday_name(day)}</th>
                                    {(0..24u32).map(|hour| {
                                        let ms = hours.ms(day, hour);
                                        view! { <td data-weekday=day data-hour=hour data-value=ms>{if ms > 0 { format::duration(ms) } else { String::new() }}</td> }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }))}
            </details>
        </div>
    }
}

//! Trends and baselines (spec 4.5): the rolling averages of a chosen measure, the weekday ×
//! hour heatmap of active time, the top-5 lists, each person's baseline session length,
//! and the test regressions across runs (each opens its session).

use crate::ui::components::CsvButton;
use leptos::prelude::*;

use crate::metrics::trends::ROLLING_WINDOWS_DAYS;
use crate::ui::components::{HeatmapCanvas, LineChartCanvas};
use crate::ui::open_session::open_session;
use crate::ui::state::AppState;
use crate::viewmodel::baselines::person_baselines;
use crate::viewmodel::format;
use crate::viewmodel::regressions::regressions;
use crate::viewmodel::sections::Section;
use crate::viewmodel::top_lists::top_lists;
use crate::viewmodel::trends::TrendMeasure;

/// Regressions listed; the rest are counted.
const LISTED_REGRESSIONS: usize = 10;

#[component]
fn RollingChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let measure = RwSignal::new(TrendMeasure::Sessions);
    let series = Memo::new(move |_| state.trends.with(|trends| trends.rolling_chart(measure.get())));
    let latest = move || {
        let measure = measure.get();
        state.trends.with(|trends| {
            let trend = trends.of(measure);
            ROLLING_WINDOWS_DAYS
                .iter()
                .zip(&trend.rolling)
                .map(|(window, values)| {
                    let value = values.last().copied();
                    let text = value.map_or_else(|| String::from("—"), |value| measure.kind().format(value));
                    view! {
                        <li data-trend=measure.metric() data-window=*window data-value=value.map(|v| v.to_string()).unwrap_or_default()>
                            {format!("{window}-day average: {text}")}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="trend-chart">
            <div class="segmented" role="group" aria-label="Measure">
                {TrendMeasure::ALL.into_iter().map(|choice| view! {
                    <button data-role="trend-measure" data-measure=choice.metric() aria-pressed=move || (measure.get() == choice).to_string()
                        on:click=move |_| measure.set(choice)>{choice.label()}</button>
                }).collect_view()}
            </div>
            <LineChartCanvas chart="rolling_trends" series />
            <ul class="trend-latest" data-role="trend-latest">{latest}</ul>
        </div>
    }
}

#[component]
pub(super) fn TopLists() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.dashboard.get().map(|dashboard| {
            top_lists(&dashboard.tables)
                .into_iter()
                .map(|list| {
                    let kind = list.kind;
                    view! {
                        <div class="top-list">
                            <h3>{list.title}</h3>
                            <ol data-list=list.name>
                                {list.items.into_iter().map(|item| view! {
                                    <li data-row=item.key.clone() data-value=item.value.to_string() title=item.key>
                                        {item.label}<span class="muted">{format!(" · {} {}", kind.format(item.value), list.unit)}</span>
                                    </li>
                                }).collect_view()}
                            </ol>
                        </div>
                    }
                })
                .collect_view()
        })
    }
}

#[component]
fn Baselines() -> impl IntoView {
    let state = expect_context::<AppState>();
    let baselines = Memo::new(move |_| state.with_loaded(person_baselines));
    view! {
        <ul class="baselines" data-role="baselines">
            {move || baselines.get().into_iter().map(|entry| {
                let (low, high) = entry.baseline.map_or((String::new(), String::new()), |b| (b.low_ms.to_string(), b.high_ms.to_string()));
                view! {
                    <li data-baseline=entry.person.clone() data-person=entry.person.clone() data-sessions=entry.sessions data-low-ms=low data-high-ms=high
                        class:muted=entry.baseline.is_none()>
                        <strong>{entry.person.clone()}</strong>": "{entry.sentence()}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Regressions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let found = Memo::new(move |_| state.with_loaded(regressions));
    move || {
        let found = found.get();
        if found.is_empty() {
            return view! { <p class="muted" data-role="regressions-none">"No test run named a failure the run before it did not have."</p> }.into_any();
        }
        let count = found.len();
        let more = count.saturating_sub(LISTED_REGRESSIONS);
        let zone = state.controls.with(|c| c.settings.time_zone);
        view! {
            <div class="table-wrap">
                <CsvButton table="regressions" />
                <table data-table="regressions" data-count=count>
                    <thead><tr><th>"When"</th><th>"Project"</th><th>"Runner"</th><th>"New failures"</th><th>"Session"</th></tr></thead>
                    <tbody>
                        {found.into_iter().take(LISTED_REGRESSIONS).map(|regression| {
                            let position = regression.session;
                            let when = crate::timezone::minute_text(regression.time_ms, zone);
                            view! {
                                <tr data-row=regression.project.clone() data-new-failures=regression.new_failures.len()>
                                    <td>{when}</td>
                                    <td>{regression.project.clone()}</td>
                                    <td>{regression.runner.code()}</td>
                                    <td><ul>{regression.new_failures.iter().map(|name| view! { <li><code>{name.clone()}</code></li> }).collect_view()}</ul></td>
                                    <td>
                                        <button class="link" data-role="open-session" data-session=position on:click=move |_| open_session(state, position, None)>
                                            {format!("#{}", position + 1)}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(more > 0).then(|| view! { <p class="muted">{format!("and {more} more")}</p> })}
        }
        .into_any()
    }
}

#[component]
pub fn TrendsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let hours = Memo::new(move |_| state.dashboard.with(|dashboard| dashboard.as_ref().map(|d| d.active_hours.clone()).unwrap_or_default()));
    let zone = move || state.controls.with(|c| c.settings.time_zone.name().to_owned());
    view! {
        <section class="panel trends" data-role="trends" data-section=Section::Trends.key()>
            <h2>"Trends"</h2>
            <p class="setting-note">
                "Rolling averages per day over the period's days (a window reaching before the period averages the days it has); days and hours in " {zone} "."
            </p>
            <div class="chart-grid">
                <RollingChart />
                <HeatmapCanvas hours />
            </div>
            <h3>"Top 5"</h3>
            <div class="top-lists"><TopLists /></div>
            <h3>"Personal baselines"</h3>
            <p class="setting-note">{format!("The middle half (interquartile range) of each person's session lengths among sessions with an applied edit; shown from {} such sessions.", crate::metrics::trends::BASELINE_MIN_SESSIONS)}</p>
            <Baselines />
            <h3>"Test regressions"</h3>
            <p class="setting-note">"A test run whose output names failing tests the previous run of the same project and runner did not fail, across sessions."</p>
            <Regressions />
            <p class="muted">{move || state.dashboard.with(|d| d.as_ref().map(|d| format!("{} of active time in the heatmap.", format::duration(d.active_hours.total_ms()))).unwrap_or_default())}</p>
        </section>
    }
}

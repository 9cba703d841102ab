//! The controls: period, person, project, agent and model filters, and the settings
//! (idle cutoff, time zone, hourly rate). Every change lands in the URL.

use leptos::prelude::*;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use crate::metrics::selection::Period;
use crate::ui::state::AppState;
use crate::viewmodel::controls::Controls;
use crate::viewmodel::dashboard::filter_choices;
use crate::viewmodel::thresholds::{Adjustable, HOURLY_RATE, IDLE, TIME_ZONE};
use crate::viewmodel::unknown_filters::unknown_filters;

const PERIODS: [(&str, &str); 4] = [("all", "All time"), ("7d", "Last 7 days"), ("30d", "Last 30 days"), ("90d", "Last 90 days")];

fn select_value(event: &leptos::ev::Event) -> String {
    event_target::<HtmlSelectElement>(event).value()
}

fn input_value(event: &leptos::ev::Event) -> String {
    event_target::<HtmlInputElement>(event).value()
}

/// A `<select>` over a filter's choices, "" meaning all.
#[component]
fn FilterSelect(
    label: &'static str,
    role: &'static str,
    choices: Signal<Vec<String>>,
    current: Signal<Option<String>>,
    on_pick: Callback<Option<String>>,
) -> impl IntoView {
    view! {
        <label class="control">
            <span>{label}</span>
            <select data-role=role on:change=move |event| on_pick.run(Some(select_value(&event)).filter(|v| !v.is_empty()))>
                <option value="" selected=move || current.get().is_none()>"All"</option>
                {move || choices.get().into_iter().map(|choice| {
                    let is_current = current.get().as_deref() == Some(choice.as_str());
                    view! { <option value=choice.clone() selected=is_current>{choice.clone()}</option> }
                }).collect_view()}
                // A value the data does not hold (from a link) is shown as chosen, not as "All".
                {move || current.get().filter(|value| !choices.with(|choices| choices.contains(value))).map(|value| view! {
                    <option value=value.clone() selected=true>{format!("{value} (not in this data)")}</option>
                })}
            </select>
        </label>
    }
}

#[component]
pub fn ControlsBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let choices = Memo::new(move |_| state.dataset.with(|dataset| dataset.as_ref().map(|d| filter_choices(d)).unwrap_or_default()));
    let change = move |apply: &dyn Fn(&mut Controls)| {
        state.controls.update(|controls| {
            apply(controls);
            controls.open_session = None;
        })
    };
    let filter = move |pick: fn(&mut Controls) -> &mut Option<String>| Callback::new(move |value: Option<String>| change(&|c| *pick(c) = value.clone()));
    let current = move |read: fn(&Controls) -> Option<String>| Signal::derive(move || state.controls.with(read));
    let period_key = move || match state.controls.with(|c| c.filters.period.clone()) {
        Period::Range { .. } => String::from("custom"),
        period => period.label(),
    };
    let range = move || match state.controls.with(|c| c.filters.period.clone()) {
        Period::Range { from, to } => (from.to_string(), to.to_string()),
        _ => {
            let today = state.today();
            ((today - chrono::Days::new(29)).to_string(), today.to_string())
        }
    };
    let on_period = move |event: leptos::ev::Event| {
        let value = select_value(&event);
        let period = if value == "custom" {
            let (from, to) = range();
            Period::parse(&format!("{from}..{to}")).unwrap_or_default()
        } else {
            Period::parse(&value).unwrap_or_default()
        };
        change(&|c| c.filters.period = period.clone());
    };
    let on_range = move |is_start: bool| {
        move |event: leptos::ev::Event| {
            let (from, to) = range();
            let text = if is_start { format!("{}..{to}", input_value(&event)) } else { format!("{from}..{}", input_value(&event)) };
            if let Ok(period) = Period::parse(&text) {
                change(&|c| c.filters.period = period.clone());
            }
        }
    };
    let zone_problem = RwSignal::new(None::<String>);
    // The idle cutoff, the time zone and the hourly rate, from the catalogue of settings.
    let on_zone = move |event: leptos::ev::Event| {
        let text = input_value(&event);
        let mut changed = state.controls.get_untracked();
        match TIME_ZONE.apply_strictly(&mut changed, TIME_ZONE.label, &text) {
            Ok(()) => {
                zone_problem.set(None);
                change(&|c| c.settings.time_zone = changed.settings.time_zone);
            }
            Err(problem) => zone_problem.set(Some(problem)),
        }
    };
    let on_idle = move |event: leptos::ev::Event| {
        let text = input_value(&event);
        change(&|c| IDLE.apply(c, &text));
    };
    let on_rate = move |event: leptos::ev::Event| {
        let text = input_value(&event);
        state.controls.update(|c| HOURLY_RATE.apply(c, &text));
    };
    let shown = |setting: &'static Adjustable| move || state.controls.with(|c| setting.text(c));
    view! {
        <section class="panel controls" data-role="controls">
            <label class="control">
                <span>"Period"</span>
                <select data-role="period" on:change=on_period>
                    {PERIODS.iter().map(|(value, label)| view! {
                        <option value=*value selected=move || period_key() == *value>{*label}</option>
                    }).collect_view()}
                    <option value="custom" selected=move || period_key() == "custom">"Custom…"</option>
                </select>
            </label>
            <Show when=move || period_key() == "custom">
                <label class="control"><span>"From"</span>
                    <input type="date" data-role="period-from" prop:value=move || range().0 on:change=on_range(true) />
                </label>
                <label class="control"><span>"To"</span>
                    <input type="date" data-role="period-to" prop:value=move || range().1 on:change=on_range(false) />
                </label>
            </Show>
            <FilterSelect label="Person" role="person" choices=Signal::derive(move || choices.with(|c| c.people.clone()))
                current=current(|c| c.filters.person.clone()) on_pick=filter(|c| &mut c.filters.person) />
            <FilterSelect label="Project" role="project" choices=Signal::derive(move || choices.with(|c| c.projects.clone()))
                current=current(|c| c.filters.project.clone()) on_pick=filter(|c| &mut c.filters.project) />
            <FilterSelect label="Agent" role="agent" choices=Signal::derive(move || choices.with(|c| c.agents.clone()))
                current=current(|c| c.filters.agent.clone()) on_pick=filter(|c| &mut c.filters.agent) />
            <FilterSelect label="Model" role="model" choices=Signal::derive(move || choices.with(|c| c.models.clone()))
                current=current(|c| c.filters.model.clone()) on_pick=filter(|c| &mut c.filters.model) />
            <label class="control">
                <span>{IDLE.label}</span>
                <input type="number" min="2" max="60" data-role="idle-minutes" prop:value=shown(&IDLE) on:change=on_idle />
            </label>
            <label class="control">
                <span>{TIME_ZONE.label}</span>
                <input type="text" data-role="time-zone" prop:value=shown(&TIME_ZONE) on:change=on_zone />
            </label>
            <label class="control">
                <span>{HOURLY_RATE.label}</span>
                <input type="number" min="0" step="5" data-role="hourly-rate" prop:value=shown(&HOURLY_RATE) on:change=on_rate />
            </label>
            {move || zone_problem.get().map(|problem| view! { <p class="error inline">{problem}</p> })}
            {move || {
                let unknown = state.controls.with(|controls| choices.with(|choices| unknown_filters(choices, &controls.filters)));
                unknown.into_iter().map(|filter| {
                    let (kind, sentence) = (filter.kind, filter.sentence());
                    let clear = move |_| change(&|c| filter.clear(&mut c.filters));
                    view! {
                        <p class="warning unknown-filter" role="alert" data-role="unknown-filter" data-filter=kind>
                            {sentence}" "
                            <button type="button" class="link" on:click=clear>{format!("Show every {kind}")}</button>
                        </p>
                    }
                }).collect_view()
            }}
        </section>
    }
}

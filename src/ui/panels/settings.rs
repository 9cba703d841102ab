//! Settings beyond the filters: minutes to fix a rule hit of each severity and the
//! pattern cards' thresholds (`viewmodel::thresholds`), each kept in the URL.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::ui::state::AppState;
use crate::viewmodel::thresholds::{Value, ADJUSTABLE, SETTINGS};

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The controls bar shows the idle cutoff, the time zone and the hourly rate.
    let mut groups: Vec<&'static str> = ADJUSTABLE.iter().map(|adjustable| adjustable.group).filter(|group| *group != SETTINGS).collect();
    groups.dedup();
    view! {
        <details class="panel settings" data-role="settings-panel">
            <summary>"Settings: minutes to fix and pattern thresholds"</summary>
            {groups.into_iter().map(|group| view! {
                <fieldset>
                    <legend>{group}</legend>
                    {ADJUSTABLE.iter().filter(|adjustable| adjustable.group == group).filter_map(|adjustable| {
                        let Value::Number { min, max, step, .. } = adjustable.value else { return None };
                        let on_change = move |event: leptos::ev::Event| {
                            let value = event_target::<HtmlInputElement>(&event).value();
                            state.controls.update(|controls| adjustable.apply(controls, &value));
                        };
                        Some(view! {
                            <label class="control">
                                <span>{adjustable.label}</span>
                                <input type="number" data-role=format!("setting-{}", adjustable.key)
                                    min=min.to_string() max=max.to_string() step=step.to_string()
                                    prop:value=move || state.controls.with(|controls| adjustable.text(controls))
                                    on:change=on_change />
                            </label>
                        })
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
        </details>
    }
}

//! The figure cards of spec section 4, grouped, and the rule violations card with the
//! catalogue: each rule's hits and the sessions they are in.

use leptos::prelude::*;

use crate::metrics::rules::Severity;
use crate::ui::components::FigureGroupCards;
use crate::ui::open_session::open_session;
use crate::ui::state::AppState;
use crate::viewmodel::format;
use crate::viewmodel::sections::Section;
use crate::viewmodel::violations::rule_rows;

#[component]
pub fn FiguresPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let trends = state.trends;
    let cutoff = move || format!("Sessions split after {} idle", format::duration(state.controls.with(|c| c.settings.idle_cutoff_ms)));
    move || {
        state.dashboard.get().map(|dashboard| {
            let summary = &dashboard.summary;
            let groups = summary.groups().into_iter().map(|group| view! { <FigureGroupCards group trends /> });
            let rules = summary.rules;
            let (rate, minutes) = state.controls.with(|c| (c.settings.hourly_rate_usd, c.settings.minutes_to_fix));
            let severities = Severity::ALL.map(|severity| {
                view! {
                    <li class=format!("severity {}", severity.label())>
                        <strong>{rules.hits_of(severity)}</strong>" "{severity.label()}
                        <span class="muted">{format!(" · ~{} min fix", minutes.of(severity))}</span>
                    </li>
                }
            });
            let loss_share = match summary.active_time_ms {
                0 => String::new(),
                active_ms => format!(
                    " — about {} of active time spent on corrections (the estimate is capped at the active time)",
                    format::percent((rules.minutes_to_fix(&minutes) * 60_000.0 / active_ms as f64).min(1.0))
                ),
            };
            view! {
                <section class="panel" data-section=Section::Figures.key()>
                    <p class="setting-note">{cutoff}</p>
                    {groups.collect_view()}
                    <div class="violations" data-role="violations">
                        <h3>"Rule violations impact"</h3>
                        <ul class="severities">{severities.into_iter().collect_view()}</ul>
                        <p>{format!("Estimated loss {} at {}/h{loss_share}.", format::usd(summary.estimated_loss_usd), format::usd(rate))}</p>
                        <ul class="rule-list" data-role="rule-catalogue">
                            {rule_rows(&dashboard).into_iter().map(|row| {
                                let rule = row.rule.name;
                                let more = row.sessions_with_hits.saturating_sub(row.sessions.len());
                                view! {
                                    <li data-rule=rule data-hits=row.hits>
                                        <code>{rule}</code>
                                        {format!(" ({}, ~{} min fix) — {} hits: ", row.rule.severity.label(), minutes.of(row.rule.severity), row.hits)}
                                        <span class="muted">{row.rule.description}</span>
                                        {(!row.sessions.is_empty()).then(|| view! {
                                            <span class="rule-sessions">
                                                " In "
                                                {row.sessions.iter().map(|(position, hits)| {
                                                    let position = *position;
                                                    view! {
                                                        <button class="link" data-role="open-session" data-session=position
                                                            on:click=move |_| open_session(state, position, Some(rule))>
                                                            {format!("#{} ({hits})", position + 1)}
                                                        </button>
                                                    }
                                                }).collect_view()}
                                                {(more > 0).then(|| format!(" and {more} more sessions"))}
                                            </span>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                </section>
            }
        })
    }
}

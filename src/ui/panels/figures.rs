//! The figure cards of spec section 4, grouped, and the rule violations card with the
//! catalogue: each rule's hits and the sessions they are in.

use leptos::prelude::*;

use crate::metrics::rules::Severity;
use crate::ui::components::{CsvButton, FigureGroupCards};
use crate::ui::open_session::open_session;
use crate::ui::state::AppState;
use crate::viewmodel::format;
use crate::viewmodel::sections::Section;
use crate::viewmodel::violations::{loss_assumptions, rule_rows};

/// The `id` of the rule violations' heading (the overview's loss card links to it).
pub const VIOLATIONS_HEADING_ID: &str = "violations-heading";

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
            let minutes = state.controls.with(|c| c.settings.minutes_to_fix);
            let assumptions = state.controls.with(|c| loss_assumptions(summary, &c.settings));
            let severities = Severity::ALL.map(|severity| {
                view! {
                    <li class=format!("severity {}", severity.label())>
                        <strong>{rules.hits_of(severity)}</strong>" "{severity.label()}
                        <span class="muted">{format!(" · ~{} min fix", minutes.of(severity))}</span>
                    </li>
                }
            });
            let uncharged = rules.uncharged_hits();
            view! {
                <section class="panel" data-section=Section::Figures.key()>
                    <p class="setting-note">{cutoff}</p>
                    {groups.collect_view()}
                    <div class="violations" data-role="violations">
                        <h3 id=VIOLATIONS_HEADING_ID tabindex="-1">"Rule violations impact"</h3>
                        <ul class="severities">
                            {severities.into_iter().collect_view()}
                            <li class="severity uncharged" data-role="uncharged-hits" data-value=uncharged>
                                <strong>{uncharged}</strong>" counted, not charged"
                            </li>
                        </ul>
                        <p data-role="loss-assumptions">{assumptions}" "<a href="#rule-catalogue">"The rule catalogue"</a>" lists each rule."</p>
                        <CsvButton table="rules" />
                        <div class="table-wrap">
                        <table class="rule-list" id="rule-catalogue" data-role="rule-catalogue" data-table="rules">
                            <caption>"Rule catalogue"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Rule"</th>
                                    <th scope="col">"Severity"</th>
                                    <th scope="col">"Charged"</th>
                                    <th scope="col" class="num">"Hits"</th>
                                    <th scope="col">"Sessions with most hits"</th>
                                </tr>
                            </thead>
                            <tbody>
                            {rule_rows(&dashboard).into_iter().map(|row| {
                                let rule = row.rule.name;
                                let more = row.sessions_with_hits.saturating_sub(row.sessions.len());
                                let charged = if row.rule.charged { format!("~{} min each", minutes.of(row.rule.severity)) } else { String::from("no") };
                                view! {
                                    <tr data-rule=rule data-hits=row.hits>
                                        <th scope="row"><code>{rule}</code><span class="muted rule-description">{row.rule.description}</span></th>
                                        <td>{row.rule.severity.label()}</td>
                                        <td>{charged}</td>
                                        <td class="num">{row.hits}</td>
                                        <td class="rule-sessions">
                                            {row.sessions.iter().map(|(position, hits)| {
                                                let position = *position;
                                                view! {
                                                    <button class="link" data-role="open-session" data-session=position
                                                        on:click=move |_| open_session(state, position, Some(rule))>
                                                        {format!("#{} ({hits})", position + 1)}
                                                    </button>
                                                }
                                            }).collect_view()}
                                            {(more > 0).then(|| format!(" and {more} more"))}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    </div>
                </section>
            }
        })
    }
}

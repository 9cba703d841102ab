//! The pattern cards (spec section 4.2): per person, what their sessions show against the
//! thresholds, which sessions (each opens its drill-down), and what to do about it.

use leptos::prelude::*;

use crate::ui::open_session::open_session;
use crate::ui::state::AppState;
use crate::viewmodel::patterns::pattern_cards;
use crate::viewmodel::sections::Section;

/// Session links shown on a card; the rest are counted.
const LINKED_SESSIONS: usize = 8;

#[component]
pub fn PatternsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let cards = Memo::new(move |_| {
        let (thresholds, period) = state.controls.with(|c| (c.patterns, c.filters.period.clone()));
        let period_end = period.dates(state.today()).map(|(_, to)| to);
        state.with_loaded(|dataset, dashboard| pattern_cards(dataset, dashboard, &thresholds, period_end))
    });
    move || {
        let cards = cards.get();
        let note = if cards.is_empty() {
            "No pattern stands out in these sessions (a person needs enough sessions before any is read)."
        } else {
            "Each card reads one person's own sessions against the thresholds shown (change them under Settings). Not a score, not a ranking."
        };
        view! {
            <section class="panel patterns" data-role="patterns" data-section=Section::Patterns.key()>
                <h2>"Patterns"</h2>
                <p class="setting-note">{note}</p>
                <div class="pattern-grid">
                    {cards.into_iter().map(|card| {
                        let more = card.sessions.len().saturating_sub(LINKED_SESSIONS);
                        let links = card.sessions.iter().take(LINKED_SESSIONS).copied().collect::<Vec<u32>>();
                        view! {
                            <article class="pattern-card" data-pattern=card.pattern.name() data-person=card.person.clone()>
                                <h3>{card.pattern.title()}<span class="muted">{format!(" · {}", card.person)}</span></h3>
                                <table class="measures">
                                    <thead><tr><th>"Seen"</th><th>"Value"</th><th>"Threshold"</th></tr></thead>
                                    <tbody>
                                        {card.measures.into_iter().map(|measure| view! {
                                            <tr><td>{measure.label}</td><td>{measure.value}</td><td>{measure.threshold}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <p class="sessions">
                                    <span class="muted">{format!("{} of {} sessions: ", card.sessions.len(), card.of_sessions)}</span>
                                    {links.into_iter().map(|position| view! {
                                        <button class="link" data-role="open-session" data-session=position on:click=move |_| open_session(state, position, None)>
                                            {format!("#{}", position + 1)}
                                        </button>
                                    }).collect_view()}
                                    {(more > 0).then(|| view! { <span class="muted">{format!(" and {more} more")}</span> })}
                                </p>
                                <p class="advice">{card.pattern.advice()}</p>
                            </article>
                        }
                    }).collect_view()}
                </div>
            </section>
        }
    }
}

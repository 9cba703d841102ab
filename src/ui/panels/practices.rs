//! The adoption matrix (spec 4.4): a row per person and one for the team, a column per
//! practice; each cell the share of the person's sessions showing it, with the count, and
//! whether the person has adopted it at all. The catalogue of what counts is shown under it.

use crate::ui::components::CsvButton;
use leptos::prelude::*;

use crate::metrics::practices::Practice;
use crate::ui::open_session::open_session;
use crate::ui::state::AppState;
use crate::viewmodel::format;
use crate::viewmodel::practices::{adoption_matrix, practice_sessions, PracticeCounts};
use crate::viewmodel::sections::Section;

/// The cell clicked: (person, or `None` for the team; practice).
type Chosen = RwSignal<Option<(Option<String>, Practice)>>;

fn cells(person: &str, counts: PracticeCounts, chosen: Chosen) -> impl IntoView {
    Practice::ALL
        .into_iter()
        .map(|practice| {
            let share = counts.share(practice);
            let adopted = counts.is_adopted(practice);
            let text = match share {
                Some(share) => format!("{} ({})", format::percent(share), counts.showing(practice)),
                None => String::from("—"),
            };
            view! {
                <td
                    data-practice=practice.name()
                    data-person=person.to_owned()
                    data-value=share.map(|share| share.to_string()).unwrap_or_default()
                    data-sessions=counts.showing(practice)
                    data-adopted=if adopted { "true" } else { "false" }
                    class:not-adopted=!adopted
                    title=if adopted { "adopted" } else { "not adopted: no session shows it" }
                >
                    {if adopted {
                        let who = (person != TEAM).then(|| person.to_owned());
                        view! {
                            <button class="link" data-role="practice-cell" on:click=move |_| chosen.set(Some((who.clone(), practice)))>{text}</button>
                        }.into_any()
                    } else {
                        text.into_any()
                    }}
                </td>
            }
        })
        .collect_view()
}

/// `data-person` of the team row.
const TEAM: &str = "(team)";
/// Session links listed for a cell; the rest are counted.
const LINKED_SESSIONS: usize = 20;

/// The sessions of the clicked cell, each opening its drill-down.
#[component]
fn ChosenSessions(chosen: Chosen) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (person, practice) = chosen.get()?;
        let positions = state.with_loaded(|dataset, dashboard| practice_sessions(dataset, dashboard, person.as_deref(), practice));
        let who = person.clone().unwrap_or_else(|| String::from("the team"));
        let more = positions.len().saturating_sub(LINKED_SESSIONS);
        Some(view! {
            <div class="practice-sessions" data-role="practice-sessions" data-person=person.unwrap_or_else(|| TEAM.to_owned()) data-practice=practice.name() data-count=positions.len()>
                <span class="muted">{format!("{} sessions of {who} show {}: ", positions.len(), practice.label().to_lowercase())}</span>
                {positions.iter().take(LINKED_SESSIONS).map(|position| {
                    let position = *position;
                    view! {
                        <button class="link" data-role="open-session" data-session=position on:click=move |_| open_session(state, position, None)>
                            {format!("#{}", position + 1)}
                        </button>
                    }
                }).collect_view()}
                {(more > 0).then(|| view! { <span class="muted">{format!(" and {more} more")}</span> })}
                <button class="link" on:click=move |_| chosen.set(None)>"close"</button>
            </div>
        })
    }
}

#[component]
pub fn PracticesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let matrix = Memo::new(move |_| state.with_loaded(adoption_matrix));
    let chosen: Chosen = RwSignal::new(None);
    let headings = Practice::ALL.into_iter().map(|practice| view! { <th title=practice.definition()>{practice.label()}</th> }).collect_view();
    let rows = move || {
        let matrix = matrix.get();
        let people = matrix.people.into_iter().map(|(person, counts)| {
            view! {
                <tr data-row=person.clone()>
                    <th scope="row">{person.clone()}<span class="muted">{format!(" · {} sessions", counts.sessions)}</span></th>
                    {cells(&person, counts, chosen)}
                </tr>
            }
        });
        let team = matrix.team;
        view! {
            {people.collect_view()}
            <tr data-row="(team)" class="team-row">
                <th scope="row">"Team"<span class="muted">{format!(" · {} sessions", team.sessions)}</span></th>
                {cells(TEAM, team, chosen)}
            </tr>
        }
    };
    let catalogue = Practice::ALL
        .into_iter()
        .map(|practice| view! { <li data-practice-definition=practice.name()><strong>{practice.label()}</strong>": "{practice.definition()}</li> })
        .collect_view();
    view! {
        <section class="panel practices" data-role="practices" data-section=Section::Practices.key()>
            <h2>"Practices"</h2>
            <p class="setting-note">
                "The share of each person's sessions that show a practice, with their number; a greyed cell is a practice the person has not adopted (no session shows it)."
            </p>
            <div class="table-wrap">
                <CsvButton table="practices" />
                <table data-table="practices">
                    <thead><tr><th>"Person"</th>{headings}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ChosenSessions chosen />
            <details class="practice-catalogue">
                <summary>"What counts as each practice"</summary>
                <ul>{catalogue}</ul>
            </details>
        </section>
    }
}

//! The adoption matrix (spec 4.4): a row per person and one for the team, a column per
//! practice; each cell the share of the person's sessions showing it, with the count, and
//! whether the person has adopted it at all. The catalogue of what counts is shown under it.

use leptos::prelude::*;

use crate::metrics::practices::Practice;
use crate::ui::state::AppState;
use crate::viewmodel::format;
use crate::viewmodel::practices::{adoption_matrix, AdoptionMatrix, PracticeCounts};

fn cells(person: &str, counts: PracticeCounts) -> impl IntoView {
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
                    {text}
                </td>
            }
        })
        .collect_view()
}

#[component]
pub fn PracticesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let matrix = Memo::new(move |_| {
        state.dataset.with(|dataset| {
            state.dashboard.with(|dashboard| match (dataset, dashboard) {
                (Some(dataset), Some(dashboard)) => adoption_matrix(dataset, dashboard),
                _ => AdoptionMatrix::default(),
            })
        })
    });
    let headings = Practice::ALL.into_iter().map(|practice| view! { <th title=practice.definition()>{practice.label()}</th> }).collect_view();
    let rows = move || {
        let matrix = matrix.get();
        let people = matrix.people.into_iter().map(|(person, counts)| {
            view! {
                <tr data-row=person.clone()>
                    <th scope="row">{person.clone()}<span class="muted">{format!(" · {} sessions", counts.sessions)}</span></th>
                    {cells(&person, counts)}
                </tr>
            }
        });
        let team = matrix.team;
        view! {
            {people.collect_view()}
            <tr data-row="(team)" class="team-row">
                <th scope="row">"Team"<span class="muted">{format!(" · {} sessions", team.sessions)}</span></th>
                {cells("(team)", team)}
            </tr>
        }
    };
    let catalogue = Practice::ALL
        .into_iter()
        .map(|practice| view! { <li data-practice-definition=practice.name()><strong>{practice.label()}</strong>": "{practice.definition()}</li> })
        .collect_view();
    view! {
        <section class="panel practices" data-role="practices">
            <h2>"Practices"</h2>
            <p class="setting-note">
                "The share of each person's sessions that show a practice, with their number; a greyed cell is a practice the person has not adopted (no session shows it)."
            </p>
            <div class="table-wrap">
                <table data-table="practices">
                    <thead><tr><th>"Person"</th>{headings}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <details class="practice-catalogue">
                <summary>"What counts as each practice"</summary>
                <ul>{catalogue}</ul>
            </details>
        </section>
    }
}

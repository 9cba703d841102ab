//! The project catalogue (spec 4.4): a card per project with its conversations' own
//! titles, top files and tools, sessions, cost and people. Built only while open (it
//! sums every kept group's tables again), so a filter change does not pay for it.

use leptos::prelude::*;

use crate::ui::state::AppState;
use crate::viewmodel::format;
use crate::viewmodel::project_catalogue::project_catalogue;
use crate::viewmodel::sections::Section;

#[component]
pub fn ProjectsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let is_open = RwSignal::new(false);
    let cards = move || {
        if !is_open.get() {
            return None;
        }
        let cards = state.with_loaded(project_catalogue);
        Some(
            cards
                .into_iter()
                .map(|card| {
                    view! {
                        <article class="project-card" data-project=card.project.clone() data-sessions=card.sessions data-cost-usd=card.cost_usd.to_string()>
                            <h3>{card.project.clone()}</h3>
                            <p class="muted">
                                {format!("{} sessions · {} · {} active · {}", card.sessions, format::usd(card.cost_usd), format::duration(card.active_time_ms), card.people.join(", "))}
                            </p>
                            <h4>"Recent conversations"</h4>
                            {if card.titles.is_empty() {
                                view! { <p class="muted">"No conversation here has a title line."</p> }.into_any()
                            } else {
                                view! { <ul data-role="project-titles">{card.titles.into_iter().map(|title| view! { <li>{title}</li> }).collect_view()}</ul> }.into_any()
                            }}
                            <h4>"Top files"</h4>
                            <ul data-role="project-files">
                                {card.top_files.into_iter().map(|(path, lines)| view! { <li>{path}<span class="muted">{format!(" · {lines} lines")}</span></li> }).collect_view()}
                            </ul>
                            <h4>"Top tools"</h4>
                            <ul data-role="project-tools">
                                {card.top_tools.into_iter().map(|(tool, calls)| view! { <li>{tool}<span class="muted">{format!(" · {calls} calls")}</span></li> }).collect_view()}
                            </ul>
                        </article>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <section class="panel projects" data-section=Section::Projects.key()>
            <details data-role="project-catalogue" on:toggle=move |event| is_open.set(event_target::<web_sys::HtmlDetailsElement>(&event).open())>
                <summary><h2>"Project catalogue"</h2></summary>
                <p class="setting-note">"Titles are the agents' own (summary, AI and custom title lines), the most recently active first; none is made up."</p>
                <div class="project-grid">{cards}</div>
            </details>
        </section>
    }
}

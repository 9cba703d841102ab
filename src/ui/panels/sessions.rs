//! The sessions list and, for the session opened from it, its figures and timeline.

use crate::ui::open_session::{close_session, open_at, DETAIL_HEADING_ID};
use crate::viewmodel::session_id::session_index;
use std::sync::Arc;

use leptos::prelude::*;

use crate::ui::components::{DataTable, FigureCard};
use crate::ui::drop_later::drop_later;
use crate::ui::state::AppState;
use crate::viewmodel::sections::Section;
use crate::viewmodel::session_base::{BaseCells, SessionCells};
use crate::viewmodel::session_detail::session_detail;
use crate::viewmodel::table_view;

/// Sessions rendered in the list at once (a scroll box of about fifteen rows; "Next"
/// shows the following ones, sorting or searching brings any other session up). Each
/// rendered row costs layout on every filter change: 300 rows took 120–190 ms per change
/// at 100k sessions, 100 rows 70–80.
const SHOWN_SESSIONS: usize = 100;

fn always_changed<T>(_: Option<&T>, _: Option<&T>) -> bool {
    true
}

#[component]
pub fn SessionsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let zone = Memo::new(move |_| state.controls.with(|c| c.settings.time_zone));
    // Each session's cells, made once per session and zone (`SessionCells`); a person,
    // project or agent filter only picks among them. Both memos are new whenever
    // recomputed: comparing 100k sessions' cells with the previous ones would cost more
    // than the change (see `changed_by_identity`).
    let kept_cells = StoredValue::new(SessionCells::default());
    let base_cells = Memo::new_with_compare(
        move |previous: Option<&BaseCells>| {
            if let Some(previous) = previous {
                drop_later(Arc::clone(previous));
            }
            let zone = zone.get();
            state
                .dataset
                .with(|dataset| {
                    state.base.with(|base| match (dataset, base) {
                        (Some(dataset), Some(base)) => kept_cells.try_update_value(|kept| kept.cells(dataset, base, zone)),
                        _ => None,
                    })
                })
                .unwrap_or_default()
        },
        always_changed,
    );
    let table = Memo::new_with_compare(
        move |_| {
            base_cells.with(|cells| {
                state.dashboard.with(|dashboard| {
                    let indexes = dashboard.as_ref().map(|dashboard| dashboard.base_indexes.as_slice()).unwrap_or_default();
                    table_view::sessions_from_cells(indexes.iter().filter_map(|index| cells.get(*index as usize).cloned()).collect())
                })
            })
        },
        always_changed,
    );
    // Rows are keyed by position; the URL keeps the session's stable id.
    let open = Callback::new(move |key: String| {
        if let Ok(position) = key.parse::<usize>() {
            open_at(state, position, Some(format!("[data-table=sessions] tr[data-row=\"{position}\"]")), None);
        }
    });
    let open_index = Memo::new(move |_| {
        let id = state.controls.with(|c| c.open_session.clone())?;
        state.dataset.with(|dataset| state.dashboard.with(|dashboard| session_index(dataset.as_ref()?, dashboard.as_ref()?, &id)))
    });
    let selected = Signal::derive(move || open_index.get().map(|index| index.to_string()));
    let detail = Memo::new(move |_| {
        let (filters, settings) = state.controls.with(|c| (c.filters.clone(), c.settings));
        let today = state.today();
        let index = open_index.get()?;
        state.dataset.with(|dataset| {
            state.dashboard.with(|dashboard| {
                let (dataset, dashboard) = (dataset.as_ref()?, dashboard.as_ref()?);
                session_detail(dataset, dashboard, &filters, &settings, today, index)
            })
        })
    });
    let close = move |_| close_session(state);
    let search = RwSignal::new(String::new());
    // Escape closes the open session wherever the focus is: the list's rows are drawn
    // again when a session opens, which takes the focus from the row that opened it, and a
    // session also opens from pattern, rule and practice links elsewhere on the page.
    let escape = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" && state.controls.with_untracked(|controls| controls.open_session.is_some()) {
            close_session(state);
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <section class="panel sessions" data-section=Section::Sessions.key()>
            <div class="sessions-main">
            <p class="setting-note">"Newest first. Click a session (or press Enter on it) to open its timeline; Escape closes it."</p>
                <label class="control session-search">
                    <span>"Search sessions"</span>
                    <input
                        type="search"
                        data-role="session-search"
                        placeholder="title, project, agent, person, tool…"
                        prop:value=move || search.get()
                        on:input=move |event| search.set(event_target_value(&event))
                    />
                </label>
                <div class="sessions-list">
                    <DataTable table=Signal::from(table) on_row=open selected max_rows=SHOWN_SESSIONS search=search />
                </div>
            </div>
            {move || detail.get().map(|detail| view! {
                <div class="session-detail" role="dialog" aria-modal="false" aria-labelledby=DETAIL_HEADING_ID data-role="session-detail" data-session=detail.index>
                    <div class="detail-head">
                        <h3 id=DETAIL_HEADING_ID tabindex="-1">{detail.heading}</h3>
                        <button class="button subtle" on:click=close>"Close"</button>
                    </div>
                    <div class="cards">
                        {detail.figures.into_iter().map(|figure| view! { <FigureCard figure /> }).collect_view()}
                    </div>
                    // Scrolls in its own box: focusable, so the keyboard can scroll it.
                    <ol class="timeline" tabindex="0" aria-label="Session timeline">
                        {detail.timeline.into_iter().map(|entry| {
                            let class = format!("line {}{}", entry.class.class(), if entry.is_sidechain { " sidechain" } else { "" });
                            let rules_attribute = entry.rules.join(" ");
                            view! {
                                <li class=class data-class=entry.class.label() data-rules=rules_attribute>
                                    <span class="time">{entry.time}</span>
                                    <span class="kind">{entry.class.label()}</span>
                                    {entry.marker.map(|marker| view! { <span class=format!("marker {marker}")>{marker}</span> })}
                                    <span class="text">
                                        {entry.text}
                                        {entry.said.map(|said| view! { <span class="said" data-role="error-text">{said}</span> })}
                                    </span>
                                    {entry.rules.into_iter().map(|rule| view! { <span class="marker rule">{rule}</span> }).collect_view()}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </div>
            })}
        </section>
    }
}

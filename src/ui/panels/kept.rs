//! What this browser keeps (spec section 6, "Keep"): files, conversations, first and
//! last day, bytes used against the browser's quota, what the last drop read and what
//! only kept data holds; forgetting everything or one source. Or why nothing is kept.
//! Its numbers carry `data-kept="<name>"` and `data-value` (they describe the store,
//! not the sessions, so they are not among the dashboard's `data-metric` figures).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::export::Redaction;
use crate::keep::overview::{count_conversations_and_sessions, kept_price_tables, kept_sources, kept_summary, paths_of_source};
use crate::timezone::local_date;
use crate::ui::keeping;
use crate::ui::loader::{self, Source};
use crate::ui::panels::share::save_export;
use crate::ui::state::{changed_by_identity, AppState, Phase};

/// The `id` of the first button of the confirmation (the focus goes there).
const FORGET_CONFIRM_ID: &str = "forget-confirm-first";

fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

/// Forgets (everything, or the paths given), then shows what is still kept.
fn forget(state: AppState, paths: Option<Vec<String>>) {
    spawn_local(async move {
        match keeping::forget(state, paths).await {
            Ok(()) => loader::start(state, Source::Kept),
            Err(message) => state.keep.update(|status| status.notices.push(message)),
        }
    });
}

/// Kept history's notices, each an alert (in this panel, and above the other views).
pub fn notice_lines(notices: Vec<String>) -> impl IntoView {
    notices.into_iter().map(|notice| view! { <p class="warning" role="alert" data-role="keep-notice">{notice}</p> }).collect_view()
}

#[component]
pub fn KeptPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The status also changes for a write starting or ending and a new storage estimate:
    // what is derived below follows only the kept files and the last drop's keys (by
    // identity), so those changes split no sessions again.
    let files = Memo::new_with_compare(move |_| state.keep.with(|status| Some(status.files.clone())), changed_by_identity);
    let keys =
        Memo::new_with_compare(move |_| state.keep.with(|status| status.last_drop.as_ref().map(|drop| drop.only_kept_keys.clone())), changed_by_identity);
    let summary = Memo::new(move |_| files.with(|files| files.as_deref().map(|files| kept_summary(files)).unwrap_or_default()));
    let sources = Memo::new(move |_| files.with(|files| files.as_deref().map(|files| kept_sources(files)).unwrap_or_default()));
    let price_tables = Memo::new(move |_| files.with(|files| files.as_deref().map(|files| kept_price_tables(files)).unwrap_or_default()));
    let only_kept = Memo::new(move |_| {
        let cutoff_ms = state.controls.with(|c| c.settings.idle_cutoff_ms);
        keys.with(|keys| {
            let keys = keys.as_ref()?;
            state.dataset.with(|dataset| dataset.as_ref().map(|dataset| count_conversations_and_sessions(dataset, keys, cutoff_ms)))
        })
    });
    let day = move |ms: Option<i64>| {
        let zone = state.controls.with(|c| c.settings.time_zone);
        ms.map(|ms| local_date(ms, zone).to_string()).unwrap_or_default()
    };
    let busy = move || state.phase.with(|phase| *phase == Phase::Loading);
    // Forgetting everything asks first, and offers to save an export before.
    let confirming = RwSignal::new(false);
    let exported = RwSignal::new(None::<String>);
    view! {
        <section
            class="panel kept"
            data-role="kept-panel"
            data-keep-state=move || state.keep.with(|status| status.data_state())
            hidden=move || state.keep.with(|status| status.is_blank())
        >
            {move || state.keep.with(|status| status.unavailable.clone()).map(|reason| view! { <p class="setting-note" data-role="keep-off">{reason}</p> })}
            {move || notice_lines(state.keep.with(|status| status.notices.clone()))}
            {move || {
                let summary = summary.get();
                (summary.files > 0).then(|| view! {
                    <p>
                        "Kept in this browser: "
                        <span data-kept="kept_files" data-value=summary.files>{summary.files}</span>" files, "
                        <span data-kept="kept_conversations" data-value=summary.conversations>{summary.conversations}</span>" conversations, from "
                        <span data-role="kept-first-day" data-value=day(summary.first_ms)>{day(summary.first_ms)}</span>" to "
                        <span data-role="kept-last-day" data-value=day(summary.last_ms)>{day(summary.last_ms)}</span>"; "
                        <span data-kept="kept_part_bytes" data-value=summary.part_bytes>{megabytes(summary.part_bytes as f64)}</span>" of parsed data"
                        {move || state.keep.with(|status| status.storage).map(|(usage, quota)| view! {
                            " (the page uses "
                            <span data-kept="storage_usage_bytes" data-value=usage>{megabytes(usage)}</span>" of the "
                            <span data-kept="storage_quota_bytes" data-value=quota>{megabytes(quota)}</span>" the browser allows)"
                        })}
                        "."
                    </p>
                })
            }}
            {move || state.keep.with(|status| status.last_drop.clone()).map(|drop| {
                let (conversations, sessions) = only_kept.get().unwrap_or_default();
                view! {
                    <p data-role="last-drop">
                        "This drop: "
                        <span data-kept="read_files" data-value=drop.read_files>{drop.read_files}</span>" files read (new or changed), "
                        <span data-kept="unchanged_files" data-value=drop.unchanged_files>{drop.unchanged_files}</span>" unchanged, taken from what was kept; "
                        <span data-kept="only_kept_files" data-value=drop.only_kept_files>{drop.only_kept_files}</span>" kept files are not in it. "
                        <span data-kept="only_kept_sessions" data-value=sessions>{sessions}</span>" sessions ("
                        <span data-kept="only_kept_conversations" data-value=conversations>{conversations}</span>" conversations) come only from kept data."
                    </p>
                }
            })}
            {move || (summary.get().files > 0).then(|| view! {
                <div class="kept-actions">
                    <button class="button subtle" data-role="forget-all" disabled=busy aria-expanded=move || confirming.get().to_string()
                        on:click=move |_| {
                            confirming.set(true);
                            crate::ui::panels::focus_element_later(FORGET_CONFIRM_ID);
                        }>"Forget everything kept"</button>
                    <Show when=move || confirming.get()>
                        <div class="forget-confirm" role="group" aria-label="Forget everything kept?" data-role="forget-confirm">
                            <p>
                                {move || format!("This deletes the {} files kept in this browser. ", summary.get().files)}
                                "It may be the only copy of sessions your agents have since deleted from disk (Claude Code removes transcripts after 30 days by default)."
                            </p>
                            <button class="button" id=FORGET_CONFIRM_ID data-role="forget-export" on:click=move |_| exported.set(Some(save_export(state, Redaction::default())))>
                                "Save an export first"
                            </button>
                            <button class="button danger" data-role="forget-confirmed" disabled=busy on:click=move |_| {
                                confirming.set(false);
                                exported.set(None);
                                forget(state, None);
                            }>"Forget everything"</button>
                            <button class="button subtle" data-role="forget-cancel" on:click=move |_| {
                                confirming.set(false);
                                exported.set(None);
                            }>"Keep it"</button>
                            {move || exported.get().map(|said| view! { <p class="setting-note" role="status" data-role="forget-export-status">{said}</p> })}
                        </div>
                    </Show>
                    <details>
                        <summary>"Kept sources"</summary>
                        <ul>
                            {move || sources.get().into_iter().map(|source| {
                                let name = source.name.clone();
                                let on_forget = move |_| {
                                    let paths = state.keep.with_untracked(|status| paths_of_source(&status.files, &name));
                                    forget(state, Some(paths));
                                };
                                view! {
                                    <li data-row=source.name.clone()>
                                        <code>{source.name.clone()}</code>
                                        {format!(" — {} files, {} ", source.files, megabytes(source.part_bytes as f64))}
                                        <button class="button subtle" data-role="forget-source" data-source=source.name.clone() disabled=busy on:click=on_forget>"Forget"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </details>
                </div>
            })}
            {move || {
                let tables = price_tables.get();
                (!tables.is_empty()).then(|| view! {
                    <div data-role="kept-prices">
                        <p>"Price tables kept, newest first: each prices the models it names, over the embedded prices and the older tables, for everything shown."</p>
                        <ul>
                            {tables.into_iter().map(|table| {
                                let file = table.file.clone();
                                let date = if table.prices.date.is_empty() { String::new() } else { format!(", prices of {}", table.prices.date) };
                                let on_forget = move |_| forget(state, Some(vec![file.clone()]));
                                view! {
                                    <li data-row=table.prices.path.clone()>
                                        <code>{table.prices.path.clone()}</code>
                                        {format!(" — {} models{date} ", table.prices.models)}
                                        <button class="button subtle" data-role="forget-prices" data-source=table.file.clone() disabled=busy on:click=on_forget>"Forget"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
        </section>
    }
}

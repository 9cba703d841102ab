//! Sharing without a server: "Export data" saves everything loaded as an export (the
//! JSON a teammate drops onto their page), "Download report" saves the self-contained
//! HTML report of the current filters. Both are written by the core (`export`) in this
//! page; the two boxes choose what they leave out.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::export::{rfc3339_utc, write_export, write_report, ExportOptions, Redaction, ReportOptions};
use crate::ui::download::download;
use crate::ui::state::AppState;

fn checked(event: &leptos::ev::Event) -> bool {
    event_target::<HtmlInputElement>(event).checked()
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// "2026-11-30", for file names.
fn today_label(state: AppState) -> String {
    state.today().to_string()
}

#[component]
pub fn SharePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let redaction = RwSignal::new(Redaction::default());
    let status = RwSignal::new(None::<String>);
    let export = move |_| {
        let Some(dataset) = state.dataset.get_untracked() else { return };
        let options = ExportOptions { redaction: redaction.get_untracked(), created_at: rfc3339_utc(now_ms()), conversations: None };
        let name = format!("session-lens-export-{}.json", today_label(state));
        let outcome = download(&name, "application/json", |out| write_export(&dataset, &options, out));
        status.set(Some(match outcome {
            Ok(bytes) => format!("Saved {name} ({:.1} MB, {} conversations).", bytes as f64 / 1e6, dataset.conversations.len()),
            Err(message) => message,
        }));
    };
    let report = move |_| {
        let Some(dataset) = state.dataset.get_untracked() else { return };
        let (filters, settings, patterns) = state.controls.with_untracked(|c| (c.filters.clone(), c.settings, c.patterns));
        let options = ReportOptions {
            filters,
            settings,
            patterns,
            today: state.today(),
            redaction: redaction.get_untracked(),
            created_at: rfc3339_utc(now_ms()),
            demo: state.shows_demo.get_untracked(),
        };
        let name = format!("session-lens-report-{}.html", today_label(state));
        let outcome = download(&name, "text/html", |out| write_report(&dataset, &options, out));
        status.set(Some(match outcome {
            Ok(bytes) => format!("Saved {name} ({:.1} MB) for the filters shown.", bytes as f64 / 1e6),
            Err(message) => message,
        }));
    };
    view! {
        <section class="panel share" data-role="share">
            <div class="share-row">
                <button class="button" data-role="export-data" on:click=export>"Export data"</button>
                <button class="button" data-role="download-report" on:click=report>"Download report"</button>
                <label class="check">
                    <input type="checkbox" data-role="include-text"
                        on:change=move |event| redaction.update(|r| r.include_text = checked(&event)) />
                    "Include prompt text and full commands"
                </label>
                <label class="check">
                    <input type="checkbox" data-role="hash-paths"
                        on:change=move |event| redaction.update(|r| r.hash_paths = checked(&event)) />
                    "Hash project and file paths"
                </label>
            </div>
            <p class="setting-note" data-role="share-status">
                {move || status.get().unwrap_or_else(|| String::from(
                    "An export holds everything loaded and opens in Session Lens again (drop several to see a team); the report shows the filters above and opens anywhere, without a server."
                ))}
            </p>
        </section>
    }
}

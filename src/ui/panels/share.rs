//! Sharing without a server: "Export data" saves everything loaded as an export (the
//! JSON a teammate drops onto their page), "Download report" saves the self-contained
//! HTML report of the current filters. Both are written by the core (`export`) in this
//! page; the two boxes choose what they leave out.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::export::{report_contents, rfc3339_utc, write_export, write_report, ExportOptions, Redaction, ReportOptions};
use crate::ui::download::download;
use crate::ui::state::AppState;
use crate::viewmodel::page_views::PageView;

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

/// Saves everything loaded as an export; says what was saved, or why not.
pub fn save_export(state: AppState, redaction: Redaction) -> String {
    let Some(dataset) = state.dataset.get_untracked() else { return String::from("Nothing is loaded to export.") };
    let options = ExportOptions { redaction, created_at: rfc3339_utc(now_ms()), conversations: None };
    let name = format!("session-lens-export-{}.json", today_label(state));
    match download(&name, "application/json", |out| write_export(&dataset, &options, out)) {
        Ok(bytes) => format!("Saved {name} ({:.1} MB, {} conversations).", bytes as f64 / 1e6, dataset.conversations.len()),
        Err(message) => message,
    }
}

/// Counts what is written.
#[derive(Default)]
struct ByteCount(u64);

impl std::io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The size the report would have, written to a counter a moment after the data, the
/// filters or the report's options last changed, while the Data view is shown (in the
/// column of every section it is left out: every filter change would write the report).
fn report_size(state: AppState, options: impl Fn() -> ReportOptions + 'static) -> RwSignal<Option<u64>> {
    let size_bytes = RwSignal::new(None::<u64>);
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let options = options();
        let shown = state.view.get() == PageView::Data;
        let dataset = state.dataset.get();
        size_bytes.set(None);
        let change = latest.get_value() + 1;
        latest.set_value(change);
        let Some(dataset) = dataset.filter(|_| shown) else { return };
        leptos::task::spawn_local(async move {
            gloo::timers::future::TimeoutFuture::new(SIZE_DELAY_MS).await;
            if latest.get_value() != change {
                return;
            }
            let mut counted = ByteCount::default();
            if write_report(&dataset, &options, &mut counted).is_ok() {
                size_bytes.set(Some(counted.0));
            }
        });
    });
    size_bytes
}

/// How long the report's inputs rest before its size is measured.
const SIZE_DELAY_MS: u32 = 400;

#[component]
pub fn SharePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let redaction = RwSignal::new(Redaction::default());
    let status = RwSignal::new(None::<String>);
    let export = move |_| status.set(Some(save_export(state, redaction.get_untracked())));
    let summary_only = RwSignal::new(false);
    let options = move || {
        let (filters, settings, patterns) = state.controls.with(|c| (c.filters.clone(), c.settings, c.patterns));
        ReportOptions {
            filters,
            settings,
            patterns,
            today: state.today(),
            redaction: redaction.get(),
            created_at: rfc3339_utc(now_ms()),
            demo: state.shows_demo.get(),
            summary_only: summary_only.get(),
        }
    };
    let contents = move || {
        let options = options();
        state.dashboard.with(|dashboard| dashboard.as_deref().map(|dashboard| report_contents(dashboard, &options)))
    };
    let size_bytes = report_size(state, options);
    let report = move |_| {
        let Some(dataset) = state.dataset.get_untracked() else { return };
        let options = untrack(options);
        let name = format!("session-lens-{}-{}.html", if options.summary_only { "summary" } else { "report" }, today_label(state));
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
                <label class="check">
                    <input type="checkbox" data-role="summary-only" on:change=move |event| summary_only.set(checked(&event)) />
                    "Report: summary only"
                </label>
            </div>
            <p class="setting-note" data-role="report-contents" data-size-bytes=move || size_bytes.get().map(|bytes| bytes.to_string())>
                {contents}
                {move || size_bytes.get().map(|bytes| format!(" About {:.1} MB.", bytes as f64 / 1e6))}
            </p>
            <p class="setting-note" data-role="share-status">
                {move || status.get().unwrap_or_else(|| String::from(
                    "An export holds everything loaded and opens in Session Lens again (drop several to see a team); the report shows the filters above and opens anywhere, without a server."
                ))}
            </p>
        </section>
    }
}

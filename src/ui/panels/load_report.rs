//! What was read: files, conversations, and everything skipped with its reason.

use leptos::prelude::*;

use crate::ui::state::AppState;
use crate::ui::worker_host::LoadStats;
use crate::viewmodel::load_report::load_report;
use crate::viewmodel::pricing_notes::pricing_notes;

/// `data-value` of the parsed-in note: "worker" or "page".
fn parsed_in(stats: &LoadStats) -> &'static str {
    if stats.worker_count > 0 {
        "worker"
    } else {
        "page"
    }
}

/// Where the files were parsed and, for workers, where the time went.
fn parsed_in_sentence(stats: &LoadStats) -> String {
    let workers = match stats.worker_count {
        0 => return String::from("Parsed on the page's thread."),
        1 => String::from("a background worker"),
        count => format!("{count} background workers"),
    };
    format!(
        "Parsed in {workers}: reading files {:.1} s, parsing {:.1} s (summed over workers); merging on the page {:.2} s.",
        stats.read_ms / 1000.0,
        stats.parse_ms / 1000.0,
        stats.merge_ms / 1000.0,
    )
}

#[component]
pub fn LoadReportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = Memo::new(move |_| state.dataset.with(|dataset| dataset.as_ref().map(|dataset| load_report(dataset))));
    let pricing = Memo::new(move |_| state.dataset.with(|dataset| dataset.as_ref().map(|dataset| pricing_notes(dataset).sentences()).unwrap_or_default()));
    move || {
        report.get().map(|report| {
            let skipped_lines: u64 = report.skipped_line_counts.iter().map(|(_, count)| count).sum();
            view! {
                <section class="panel load-report">
                    <h2>"What was read"</h2>
                    <p>
                        {format!(
                            "{} files read ({:.1} MB), {} conversations. {} files skipped, {} lines skipped.",
                            report.files_read,
                            report.bytes_read as f64 / 1e6,
                            report.conversations,
                            report.skipped_files.len(),
                            skipped_lines,
                        )}
                    </p>
                    {(report.imports > 0).then(|| view! {
                        <p class="setting-note" data-role="imports">
                            {format!(
                                "{} of them Session Lens exports or reports, holding the data of {} files read where they were made.",
                                report.imports, report.imported_files
                            )}
                        </p>
                    })}
                    <p class="setting-note" data-role="prices">{report.prices_note.clone()}</p>
                    <p
                        class="setting-note"
                        data-role="parsed-in"
                        data-value=move || parsed_in(&state.load_stats.get())
                        data-workers=move || state.load_stats.get().worker_count
                        data-read-ms=move || format!("{:.0}", state.load_stats.get().read_ms)
                        data-parse-ms=move || format!("{:.0}", state.load_stats.get().parse_ms)
                        data-merge-ms=move || format!("{:.0}", state.load_stats.get().merge_ms)
                        data-list-ms=move || format!("{:.0}", state.load_stats.get().list_ms)
                        data-kept-ms=move || format!("{:.0}", state.load_stats.get().kept_ms)
                        data-worker-memory-bytes=move || state.load_stats.get().worker_memory_bytes
                        data-page-memory-bytes=move || state.load_stats.get().page_memory_bytes
                    >
                        {move || parsed_in_sentence(&state.load_stats.get())}
                    </p>
                    {move || pricing.get().into_iter().map(|sentence| view! { <p class="warning" data-role="pricing-note">{sentence}</p> }).collect_view()}
                    <details>
                        <summary>"Skipped files"</summary>
                        <ul>
                            {report.skipped_files.into_iter().map(|file| view! {
                                <li><code>{file.path}</code>": "{file.reason}</li>
                            }).collect_view()}
                        </ul>
                    </details>
                    <details>
                        <summary>"Skipped lines by reason"</summary>
                        <ul>
                            {report.skipped_line_counts.into_iter().map(|(reason, count)| view! {
                                <li>{reason}": "{count}</li>
                            }).collect_view()}
                        </ul>
                        <ul class="examples">
                            {report.skipped_line_examples.into_iter().map(|line| view! {
                                <li><code>{format!("{}:{}", line.path, line.line)}</code>" — "{line.reason}" "<span class="detail">{line.detail}</span></li>
                            }).collect_view()}
                        </ul>
                    </details>
                </section>
            }
        })
    }
}

//! The app root: the drop zone over the whole page, the inputs, the progress bar and
//! the panels. `data-state` on the root says where loading is.

use leptos::prelude::*;
use web_sys::{DragEvent, HtmlInputElement};

use super::browser;
use super::drop;
use super::keeping;
use super::loader::{self, Source};
use super::panels::kept_notice_lines as notice_lines;
use super::panels::{
    ChartsPanel, ControlsBar, ExternalPanel, FiguresPanel, KeptPanel, LoadReportPanel, OverviewPanel, PatternsPanel, PracticesPanel, ProjectsPanel,
    SessionsPanel, SettingsPanel, SharePanel, SkipLink, TablesPanel, TrendsPanel, UsagePanel, ViewTabs, VIEW_HEADING_ID,
};
use super::state::{AppState, Phase};
use super::url::sync_controls_to_url;
use crate::keep::history::DropMode;
use crate::viewmodel::controls::Controls;
use crate::viewmodel::page_views::{PagePanel, PageView, ViewPart};
use crate::viewmodel::sections::Section;

#[component]
pub fn App() -> impl IntoView {
    let browser_zone = browser::browser_time_zone();
    let query = web_sys::window().and_then(|window| window.location().search().ok()).unwrap_or_default();
    let view = PageView::parse(&browser::query_param("view").unwrap_or_default());
    let state = AppState::new(Controls::from_query(&query, browser_zone), view, browser_zone);
    provide_context(state);
    provide_context(browser::DarkScheme::follow());
    sync_controls_to_url(state);
    if browser::query_param("demo").is_some() {
        // The demo ends on the page's today (`?today=` or the clock in the chosen zone).
        loader::start(state, Source::Demo(state.today()));
    } else {
        // What earlier visits kept, with no input.
        loader::start(state, Source::Kept);
    }
    let is_dragging = RwSignal::new(false);
    let on_drop = move |event: DragEvent| {
        event.prevent_default();
        is_dragging.set(false);
        let Some(data) = event.data_transfer() else { return };
        let dropped = drop::take_dropped(&data);
        loader::start_when_listed(state, drop::expand(dropped));
    };
    let on_drag_over = move |event: DragEvent| {
        event.prevent_default();
        is_dragging.set(true);
    };
    let on_person = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let label = input.value().trim().to_owned();
        if label.is_empty() {
            input.set_value(&state.person_label.get_untracked());
            return;
        }
        let previous = state.person_label.get_untracked();
        state.person_label.set(label.clone());
        state.relabel_person(&previous, &label);
        if !state.shows_demo.get_untracked() {
            leptos::task::spawn_local(keeping::keep_settings(state));
        }
    };
    let on_pick = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let files = loader::input_files(input.files());
        // The files are held by the loader now. Left in the input, the browser saves
        // their list with the page's history entry on every URL update (about 90 ms per
        // filter change with 100k files chosen); cleared, the same folder can also be
        // chosen again.
        input.set_value("");
        if files.is_empty() {
            // A folder with no file in it (or a hidden one the dialog would not enter).
            state.phase.set(Phase::Error(String::from(EMPTY_CHOICE)));
        } else {
            loader::start(state, Source::Files { files, walk_ms: 0.0 });
        }
    };
    let is_ready = move || state.phase.with(|phase| *phase == Phase::Ready);
    let top_bar = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(bar) = top_bar.get() {
            browser::pad_scrolling_below(&bar);
        }
    });
    view! {
        <div
            class="app"
            class:dragging=move || is_dragging.get()
            data-state=move || state.phase.with(Phase::data_state)
            on:dragover=on_drag_over
            on:dragleave=move |_| is_dragging.set(false)
            on:drop=on_drop
        >
            <Show when=is_ready>
                <SkipLink />
            </Show>
            <header class="top">
                <h1>"Session Lens"</h1>
                <p class="tagline">"AI coding-agent sessions, analysed in your browser. Nothing is uploaded."</p>
                <div class="inputs">
                    <label class="control person-label" title="The person your dropped transcripts are labelled with; exports keep their own">
                        <span>"Person"</span>
                        <input type="text" data-role="person-label" prop:value=move || state.person_label.get() on:change=on_person />
                    </label>
                    <label class="button">
                        "Choose folder"
                        <input type="file" data-role="folder-input" prop:webkitdirectory=true multiple on:change=on_pick />
                    </label>
                    <label class="button">
                        "Choose files"
                        <input type="file" data-role="files-input" multiple on:change=on_pick />
                    </label>
                    <a class="button subtle" href="?demo">"Open the demo"</a>
                    <Show when=move || !state.keep.with(|status| status.files.is_empty())>
                        <label class="control drop-mode">
                            <span>"A new drop"</span>
                            <select data-role="drop-mode" on:change=move |event| state.drop_mode.set(DropMode::parse(&event_target_value(&event)))>
                                {DropMode::ALL.into_iter().map(|mode| view! {
                                    <option value=mode.key() selected=move || state.drop_mode.get() == mode>{mode.label()}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    </Show>
                </div>
            </header>
            <LoadStatus />
            // Before anything is shown, what is kept can still be forgotten here; once a
            // load is shown, that is in the Data view.
            <Show when=move || !is_ready() && browser::query_param("demo").is_none()>
                <KeptPanel />
            </Show>
            <Show when=is_ready>
                <div class="top-bar" node_ref=top_bar>
                    <ViewTabs />
                    <ControlsBar />
                </div>
                <main>
                    <Show when=move || state.shows_demo.get()>
                        <p class="demo-banner" role="note" data-role="demo-banner">{crate::demo::DEMO_BANNER}</p>
                    </Show>
                    <ImportProblems />
                    <KeepNotices />
                    {move || {
                        let view = state.view.get();
                        view! {
                            <section class="view" data-view=view.key() aria-labelledby=VIEW_HEADING_ID>
                                <h2 id=VIEW_HEADING_ID tabindex="-1">{view.title()}</h2>
                                <p class="view-description">{view.description()}</p>
                                {view.parts().into_iter().map(view_part).collect_view()}
                            </section>
                        }
                    }}
                </main>
            </Show>
        </div>
    }
}

/// A part of a view: a dashboard section's panel (`viewmodel::sections`: the page, the
/// report and the command line follow one list) or one of the page's own.
fn view_part(part: ViewPart) -> AnyView {
    let state = expect_context::<AppState>();
    let section = match part {
        ViewPart::Section(section) => section,
        ViewPart::Page(PagePanel::Headlines) => return view! { <OverviewPanel /> }.into_any(),
        ViewPart::Page(PagePanel::Settings) => return view! { <SettingsPanel /> }.into_any(),
        ViewPart::Page(PagePanel::Share) => return view! { <SharePanel /> }.into_any(),
        ViewPart::Page(PagePanel::LoadReport) => return view! { <LoadReportPanel /> }.into_any(),
        // The demo is never kept: nothing to show or forget.
        ViewPart::Page(PagePanel::Kept) => return (!state.shows_demo.get_untracked()).then(|| view! { <KeptPanel /> }).into_any(),
    };
    match section {
        Section::Figures => view! { <FiguresPanel /> }.into_any(),
        Section::Patterns => view! { <PatternsPanel /> }.into_any(),
        Section::Practices => view! { <PracticesPanel /> }.into_any(),
        Section::Charts => view! { <ChartsPanel /> }.into_any(),
        Section::Usage => view! { <UsagePanel /> }.into_any(),
        Section::Trends => view! { <TrendsPanel /> }.into_any(),
        Section::Tables => view! { <TablesPanel /> }.into_any(),
        Section::Projects => view! { <ProjectsPanel /> }.into_any(),
        Section::External => view! { <ExternalPanel /> }.into_any(),
        Section::Sessions => view! { <SessionsPanel /> }.into_any(),
    }
}

/// What kept history has to say (a drop not kept, a full quota, a store cleared), above
/// every view but the ones that show the kept panel, which says it there.
#[component]
fn KeepNotices() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let shows_panel = matches!(state.view.get(), PageView::Data | PageView::Everything);
        let notices = state.keep.with(|status| status.notices.clone());
        (!shows_panel && !notices.is_empty()).then(|| {
            view! {
                <section class="panel keep-notices">
                    {notice_lines(notices)}
                </section>
            }
        })
    }
}

/// Exports and reports of the last load that could not be read, named with the reason
/// (a newer schema, a broken file): the rest of the load is shown below.
#[component]
fn ImportProblems() -> impl IntoView {
    let state = expect_context::<AppState>();
    let problems = Memo::new(move |_| {
        state.dataset.with(|dataset| dataset.as_ref().map(|dataset| crate::viewmodel::load_report::load_report(dataset).failed_imports).unwrap_or_default())
    });
    move || {
        let problems = problems.get();
        (!problems.is_empty()).then(|| {
            view! {
                <section class="panel import-problems" role="alert" data-role="import-problems">
                    {problems.into_iter().map(|file| view! { <p class="warning"><code>{file.path}</code>": "{file.reason}</p> }).collect_view()}
                </section>
            }
        })
    }
}

/// The empty-page hint, the progress bar while loading, or the error.
#[component]
fn LoadStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        match state.phase.get() {
        Phase::Empty => view! {
            <section class="hint" data-role="first-visit">
                <p>"Drop your agents' folders (or any part of them) anywhere on this page, or choose them above. Nothing leaves this browser."</p>
                <table class="where" data-role="agent-folders">
                    <caption>"Where each agent keeps its sessions"</caption>
                    <thead><tr><th scope="col">"Agent"</th><th scope="col">"macOS and Linux"</th><th scope="col">"Windows"</th></tr></thead>
                    <tbody>
                        <tr><th scope="row">"Claude Code"</th><td><code>"~/.claude/projects"</code>" (or "<code>"~/.config/claude/projects"</code>")"</td><td><code>"%USERPROFILE%\\.claude\\projects"</code></td></tr>
                        <tr><th scope="row">"Codex"</th><td><code>"~/.codex/sessions"</code></td><td><code>"%USERPROFILE%\\.codex\\sessions"</code></td></tr>
                        <tr><th scope="row">"Gemini CLI"</th><td><code>"~/.gemini/tmp"</code></td><td><code>"%USERPROFILE%\\.gemini\\tmp"</code></td></tr>
                    </tbody>
                </table>
                <p class="setting-note">
                    "These folders are hidden. In the file dialog: on macOS press Cmd+Shift+. (period) to show hidden folders; on Linux press Ctrl+H; on Windows type the path into the dialog's address bar. Or drag the folder from a file manager that shows hidden files."
                </p>
                <p class="setting-note">"Session Lens exports and reports (yours or your teammates') open the same way; several at once make a team view."</p>
            </section>
        }
        .into_any(),
        Phase::Loading => {
            let progress = state.progress;
            view! {
                <section class="loading" role="status" aria-live="polite">
                    <progress
                        data-role="load-progress"
                        aria-label="Reading the files"
                        max=move || progress.with(|p| p.total_bytes.max(1) as f64)
                        value=move || progress.with(|p| p.done_bytes as f64)
                    ></progress>
                    <span>{move || progress.with(|p| format!("{} of {} read", mb(p.done_bytes), mb(p.total_bytes)))}</span>
                    <button class="button subtle" data-role="cancel-load" on:click=move |_| loader::cancel(state)>"Cancel"</button>
                </section>
            }
            .into_any()
        }
        Phase::Ready => ().into_any(),
        Phase::Error(message) => view! { <section class="error" role="alert">{message}</section> }.into_any(),
    }
    }
}

/// What choosing a folder with no file in it says.
const EMPTY_CHOICE: &str = "The folder you chose holds no files. An agent's sessions are in hidden folders: in the file dialog press Cmd+Shift+. (macOS) or Ctrl+H (Linux) to show them, or type the path into the address bar (Windows: %USERPROFILE%\\.claude\\projects).";

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

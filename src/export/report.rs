//! The self-contained HTML report (spec section 6): one file that reads with no
//! JavaScript and no network. Inline CSS, the charts as inline SVG drawn by the same
//! chart functions as the page's canvases, the headline cards with the page's
//! `data-metric` / `data-value`, the tables, the rule violations, the most expensive
//! sessions, a header saying what it covers; a Content-Security-Policy that allows
//! nothing but its own styles; every transcript-derived string escaped (`html`). It
//! embeds the export of the conversations it covers (in `<script type="application/
//! json">`, never run), so dropping it onto the page opens it as data.

use crate::viewmodel::usage_report::kept_requests;
use crate::viewmodel::usage_tables::{usage_table, UsageView};
use crate::viewmodel::violations::loss_assumptions;
use std::io::{self, Write};

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};

use super::html::{Html, ScriptSafe};
use super::report_insights;
use super::schema::{Redaction, EMBEDDED_EXPORT_ID, PRODUCER, PRODUCER_VERSION, REPORT_GENERATOR};
use super::write::{write_export, ExportOptions};
use crate::charts::{draw_bars, ChartError, ChartTheme};
use crate::metrics::patterns::PatternThresholds;
use crate::metrics::rules::Severity;
use crate::metrics::selection::Filters;
use crate::metrics::Settings;
use crate::model::Dataset;
use crate::viewmodel::agents::agent_table;
use crate::viewmodel::chart_series::{daily_cost, daily_requests, daily_tokens, session_durations};
use crate::viewmodel::coverage::{coverage, Coverage};
use crate::viewmodel::dashboard::Dashboard;
use crate::viewmodel::expensive_sessions::{expensive_sessions, EXPENSIVE_SESSIONS};
use crate::viewmodel::external::{external_view, transcript_days};
use crate::viewmodel::external_tables::{logged_table, reported_figures, reported_table, tracked_table};
use crate::viewmodel::format;
use crate::viewmodel::outcomes::outcome_table;
use crate::viewmodel::patterns::pattern_cards;
use crate::viewmodel::people::people_table;
use crate::viewmodel::sections::Section;
use crate::viewmodel::summary::FigureGroup;
use crate::viewmodel::table_view::{self, SortKey, TableView};

const STYLE: &str = include_str!("report.css");
/// Nothing may load or run: only the report's own inline styles (and SVG's data URLs).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
const CHART_SIZE_PX: (u32, u32) = (720, 260);

/// What a report shows and how.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub filters: Filters,
    pub settings: Settings,
    pub patterns: PatternThresholds,
    /// The day periods such as "last 30 days" end on.
    pub today: NaiveDate,
    /// For the embedded export.
    pub redaction: Redaction,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Whether the data is the built-in demo (the report says so first).
    pub demo: bool,
    /// Figures, charts and tables only: no session rows, no file paths, no project cards,
    /// no embedded export.
    pub summary_only: bool,
}

/// What the report of `dashboard` (the filters' sessions) with `options` holds, in one
/// sentence for the button that writes it.
pub fn report_contents(dashboard: &Dashboard, options: &ReportOptions) -> String {
    let sessions = dashboard.summary.sessions;
    if options.summary_only {
        return format!(
            "The summary holds the figures, charts and tables of the {sessions} sessions the filters keep: no session, file path or prompt, and it does not reopen as data."
        );
    }
    let conversations = dashboard.summary.conversations;
    let paths = if options.redaction.hash_paths { "project and file paths hashed" } else { "project and file paths as they are" };
    let text = if options.redaction.include_text { "prompt text and full commands included" } else { "no prompt text" };
    format!(
        "The report holds the figures, charts and tables of the {sessions} sessions the filters keep, the {} most expensive sessions, and the data of their {conversations} conversations ({paths}, {text}), which reopens in Session Lens.",
        EXPENSIVE_SESSIONS.min(sessions as usize)
    )
}

/// Writes the report of `dataset` as `options` filter it.
pub fn write_report(dataset: &Dataset, options: &ReportOptions, mut out: impl Write) -> io::Result<()> {
    // One copy of the writer whatever `out` is (the page writes it to a download and to a
    // counter, for its size: a copy per writer type cost the page's wasm 23 KB).
    write_report_to(dataset, options, &mut out)
}

fn write_report_to(dataset: &Dataset, options: &ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    let dashboard = Dashboard::build(dataset, &options.filters, &options.settings, options.today);
    let covered = coverage(dataset, &dashboard, &options.filters, &options.settings, options.today);
    let mut html = Html::new(out);
    head(&mut html, &covered)?;
    header(&mut html, dataset, &covered, options)?;
    html.markup("<main>\n")?;
    // The page's sections, in its order (`viewmodel::sections`).
    for section in Section::ALL {
        match section {
            Section::Figures => figures(&mut html, &dashboard, &options.settings)?,
            Section::Patterns => patterns(&mut html, dataset, &dashboard, options)?,
            Section::Practices => report_insights::practices(&mut html, dataset, &dashboard)?,
            Section::Charts => charts(&mut html, &dashboard, &covered)?,
            Section::Usage => usage(&mut html, dataset, options)?,
            Section::Trends => report_insights::trends(&mut html, dataset, &dashboard, options)?,
            Section::Tables => tables(&mut html, dataset, &dashboard, options.summary_only)?,
            Section::Projects if options.summary_only => {}
            Section::Projects => report_insights::catalogue(&mut html, dataset, &dashboard)?,
            Section::External => external(&mut html, dataset, &dashboard, options)?,
            Section::Sessions if options.summary_only => {}
            Section::Sessions => sessions(&mut html, dataset, &dashboard, options)?,
        }
    }
    html.markup("</main>\n<footer><p>")?;
    if options.summary_only {
        html.text("A summary: figures, charts and tables only, without sessions, file paths or the data itself.")?;
        html.markup("</p></footer>\n")?;
    } else {
        html.text(&format!(
            "This file embeds the data it shows as a Session Lens export ({}); drop it onto Session Lens to open it as data.",
            options.redaction.describe()
        ))?;
        html.markup("</p></footer>\n")?;
        embedded_export(&mut html, dataset, &dashboard, options)?;
    }
    html.markup("</body>\n</html>\n")?;
    html.writer().flush()
}

fn head<W: Write>(html: &mut Html<W>, covered: &Coverage) -> io::Result<()> {
    html.markup("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")?;
    html.markup(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n"))?;
    html.markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light\">\n")?;
    html.markup(&format!("<meta name=\"generator\" content=\"{REPORT_GENERATOR} {PRODUCER_VERSION}\">\n<title>"))?;
    html.text(&format!("Session Lens report — {}", covered.period))?;
    html.markup("</title>\n<style>\n")?;
    html.markup(STYLE)?;
    html.markup("</style>\n</head>\n<body>\n")
}

/// A list of names, "all (n)" beyond a few.
fn names(items: &[String]) -> String {
    match items.len() {
        0 => String::from("none"),
        1..=12 => items.join(", "),
        count => format!("{} and {} more", items[..10].join(", "), count - 10),
    }
}

fn header<W: Write>(html: &mut Html<W>, dataset: &Dataset, covered: &Coverage, options: &ReportOptions) -> io::Result<()> {
    html.markup("<header class=\"report-head\">\n<h1>Session Lens report</h1>\n")?;
    if options.demo {
        html.markup("<p class=\"demo-banner\" data-role=\"demo-banner\">")?;
        html.text(crate::demo::DEMO_BANNER)?;
        html.markup("</p>\n")?;
    }
    html.markup("<dl class=\"covers\" data-role=\"covers\">\n")?;
    let days = covered.days.map_or_else(|| String::from("no sessions"), |(first, last)| format!("sessions from {first} to {last}"));
    let rows = [
        ("People", names(&covered.people)),
        ("Projects", names(&covered.projects)),
        ("Agents", names(&covered.agents)),
        ("Period", format!("{}; {days}", covered.period)),
        ("Filters", if covered.filters.is_empty() { String::from("none") } else { covered.filters.join(", ") }),
        ("Time zone", covered.time_zone.clone()),
        ("Idle cutoff", format!("sessions split after {} idle", covered.idle_cutoff)),
        ("Hourly rate", format!("{}/h for the estimated loss", format::usd(options.settings.hourly_rate_usd))),
        ("Prices", dataset.prices_label.clone()),
        ("Generated", format!("{} by {PRODUCER} {PRODUCER_VERSION}", options.created_at)),
        ("Embedded data", options.redaction.describe()),
    ];
    for (term, value) in rows {
        html.element("dt", "", term)?;
        html.element("dd", "", &value)?;
    }
    html.markup("</dl>\n</header>\n")
}

/// Opens a section: `<section>` with its `data-section` and its heading.
pub(super) fn section_start<W: Write>(html: &mut Html<W>, section: Section, class: &str) -> io::Result<()> {
    html.markup(&format!("<section class=\"{class}\" data-section=\"{}\">\n", section.key()))?;
    html.element("h2", "", section.title())
}

pub(super) fn section_end<W: Write>(html: &mut Html<W>) -> io::Result<()> {
    html.markup("</section>\n")
}

fn figures<W: Write>(html: &mut Html<W>, dashboard: &Dashboard, settings: &Settings) -> io::Result<()> {
    section_start(html, Section::Figures, "figures")?;
    for group in dashboard.summary.groups() {
        figure_group(html, group)?;
    }
    violations(html, dashboard, settings)?;
    section_end(html)
}

fn figure_group<W: Write>(html: &mut Html<W>, group: FigureGroup) -> io::Result<()> {
    html.markup("<div class=\"group\">")?;
    html.element("h3", "", group.title)?;
    html.markup("<div class=\"cards\">")?;
    for figure in group.figures {
        html.markup(&format!("<div class=\"card\" data-metric=\"{}\" data-value=\"", figure.metric))?;
        html.text(&figure.value.raw())?;
        html.markup("\">")?;
        html.element("span", "card-label", figure.label)?;
        html.element("span", "card-value", &figure.value.display())?;
        html.markup("</div>")?;
    }
    html.markup("</div></div>\n")
}

/// Other tools' records beside ours (only when the load has some).
fn external<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard, options: &ReportOptions) -> io::Result<()> {
    if dataset.external.is_empty() {
        return Ok(());
    }
    let covered = transcript_days(dataset, options.settings.time_zone);
    let view = external_view(dataset, dashboard, &options.filters, &options.settings, options.today, &covered);
    section_start(html, Section::External, "figures")?;
    html.element("p", "note", "What session-metrics logs, AgileFlow and ccusage reports say, beside what the transcripts show for the same person and hours. They are not added into the figures above.")?;
    if let Some(group) = reported_figures(&view) {
        figure_group(html, group)?;
    }
    let zone = options.settings.time_zone;
    for (rows, view) in [
        (view.logged.len(), logged_table(&view.logged, zone)),
        (view.tracked.len(), tracked_table(&view.tracked, zone)),
        (view.reported.len(), reported_table(&view.reported)),
    ] {
        if rows > 0 {
            table(html, &view)?;
        }
    }
    section_end(html)
}

fn violations<W: Write>(html: &mut Html<W>, dashboard: &Dashboard, settings: &Settings) -> io::Result<()> {
    let summary = &dashboard.summary;
    let rules = summary.rules;
    html.markup("<div class=\"violations\" data-role=\"violations\">\n<h3>Rule violations impact</h3>\n<ul class=\"severities\">")?;
    for severity in Severity::ALL {
        html.markup(&format!("<li class=\"{}\"><strong>{}</strong> ", severity.label(), rules.hits_of(severity)))?;
        html.text(&format!("{} · ~{} min fix", severity.label(), settings.minutes_to_fix.of(severity)))?;
        html.markup("</li>")?;
    }
    html.markup(&format!("<li class=\"uncharged\"><strong>{}</strong> ", rules.uncharged_hits()))?;
    html.text("counted, not charged")?;
    html.markup("</li></ul>\n<p data-role=\"loss-assumptions\">")?;
    html.text(&loss_assumptions(summary, settings))?;
    html.markup("</p>\n<ul class=\"catalogue\">")?;
    for (rule, hits) in rules.hits() {
        let charged = if rule.charged { format!("~{} min each", settings.minutes_to_fix.of(rule.severity)) } else { String::from("not charged") };
        html.markup(&format!("<li data-rule=\"{}\"><code>{}</code> ({}, {charged}, {hits} hits): ", rule.name, rule.name, rule.severity.label()))?;
        html.text(rule.description)?;
        html.markup("</li>")?;
    }
    html.markup("</ul>\n</div>\n")
}

fn patterns<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard, options: &ReportOptions) -> io::Result<()> {
    let period_end = options.filters.period.dates(options.today).map(|(_, to)| to);
    let cards = pattern_cards(dataset, dashboard, &options.patterns, period_end);
    section_start(html, Section::Patterns, "patterns")?;
    if cards.is_empty() {
        html.element("p", "note", "No pattern stands out in these sessions.")?;
    }
    html.markup("<div class=\"pattern-grid\">")?;
    for card in cards {
        html.markup(&format!("<article class=\"pattern-card\" data-pattern=\"{}\" data-person=\"", card.pattern.name()))?;
        html.text(&card.person)?;
        html.markup("\"><h3>")?;
        html.text(&format!("{} · {}", card.pattern.title(), card.person))?;
        html.markup("</h3><table><thead><tr><th>Seen</th><th>Value</th><th>Threshold</th></tr></thead><tbody>")?;
        for measure in &card.measures {
            html.markup("<tr>")?;
            html.element("td", "", measure.label)?;
            html.element("td", "", &measure.value)?;
            html.element("td", "", &measure.threshold)?;
            html.markup("</tr>")?;
        }
        html.markup("</tbody></table>")?;
        html.element("p", "note", &format!("{} of {} sessions.", card.sessions.len(), card.of_sessions))?;
        html.element("p", "", card.pattern.advice())?;
        html.markup("</article>")?;
    }
    html.markup("</div>\n")?;
    section_end(html)
}

/// A chart as SVG, drawn by the page's chart code.
pub(super) fn chart_svg(draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ChartError>) -> Result<String, String> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, CHART_SIZE_PX).into_drawing_area();
        draw(&area).map_err(|error| error.to_string())?;
    }
    Ok(svg)
}

/// A figure holding a chart's SVG (or why it could not be drawn).
pub(super) fn chart_figure<W: Write>(html: &mut Html<W>, name: &str, title: &str, svg: Result<String, String>) -> io::Result<()> {
    html.markup(&format!("<figure data-chart=\"{name}\">"))?;
    html.element("figcaption", "", title)?;
    match svg {
        Ok(svg) => {
            // Inline SVG in HTML needs no namespace declaration (and the report names no
            // address at all).
            let label = format!("<svg role=\"img\" aria-label=\"{}\" ", super::html::escape(title));
            html.markup(&svg.replacen("<svg ", &label, 1).replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1))?;
        }
        Err(error) => html.element("p", "note", &format!("This chart could not be drawn: {error}"))?,
    }
    html.markup("</figure>\n")
}

fn charts<W: Write>(html: &mut Html<W>, dashboard: &Dashboard, covered: &Coverage) -> io::Result<()> {
    section_start(html, Section::Charts, "charts-section")?;
    html.element("p", "note", &format!("Days and hours in {}.", covered.time_zone))?;
    html.markup("<div class=\"charts\">\n")?;
    let series = [
        ("daily_activity", daily_requests(&dashboard.tables.days)),
        ("daily_cost", daily_cost(&dashboard.tables.days)),
        ("daily_tokens", daily_tokens(&dashboard.tables.days)),
        ("session_durations", session_durations(&dashboard.durations)),
    ];
    for (name, series) in series {
        chart_figure(html, name, series.title, chart_svg(|area| draw_bars(area, &series, &ChartTheme::LIGHT)))?;
    }
    html.markup("</div>\n")?;
    section_end(html)
}

fn table<W: Write>(html: &mut Html<W>, view: &TableView) -> io::Result<()> {
    html.markup("<div class=\"table-wrap\">")?;
    html.element("h3", "", view.title)?;
    html.markup(&format!("<table data-table=\"{}\"><thead><tr>", view.name))?;
    let is_number: Vec<bool> = (0..view.columns.len())
        .map(|column| view.rows.first().is_some_and(|row| matches!(row.cells.get(column).map(|cell| &cell.sort), Some(SortKey::Number(_)))))
        .collect();
    for (column, title) in view.columns.iter().enumerate() {
        html.element("th", if is_number[column] { "num" } else { "" }, title)?;
    }
    html.markup("</tr></thead><tbody>")?;
    if view.rows.is_empty() {
        html.markup(&format!("<tr><td colspan=\"{}\">", view.columns.len().max(1)))?;
        html.text("Nothing in this period.")?;
        html.markup("</td></tr>")?;
    }
    for row in &view.rows {
        html.markup("<tr data-row=\"")?;
        html.text(&row.key.to_string())?;
        html.markup("\">")?;
        for cell in row.cells.iter() {
            let tone = cell.tone.map_or("", |tone| tone.class());
            let class = match cell.sort {
                SortKey::Number(_) if tone.is_empty() => String::from("num"),
                SortKey::Number(_) => format!("num {tone}"),
                SortKey::Text(_) => tone.to_owned(),
            };
            html.element("td", &class, &cell.text)?;
        }
        html.markup("</tr>")?;
    }
    html.markup("</tbody></table></div>\n")
}

fn tables<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard, summary_only: bool) -> io::Result<()> {
    let tables = &dashboard.tables;
    section_start(html, Section::Tables, "tables-section")?;
    let people = people_table(dataset, dashboard);
    if people.rows.len() > 1 {
        table(html, &people)?;
    }
    html.markup("<div class=\"tables\">\n")?;
    for view in
        [table_view::models(&tables.models), table_view::tools(&tables.tools), table_view::files(&tables.files), table_view::languages(&tables.languages)]
    {
        // A summary names no file.
        if !(summary_only && view.name == "files") {
            table(html, &view)?;
        }
    }
    html.markup("</div>\n")?;
    table(html, &table_view::projects(&tables.projects))?;
    table(html, &agent_table(dataset, dashboard))?;
    table(html, &outcome_table(dataset, dashboard))?;
    table(html, &table_view::days(&tables.days))?;
    section_end(html)
}

/// Usage as ccusage shows it, by day, week and month, as the page's Usage tables (its
/// 5-hour blocks are about now, which a report read later has none of).
fn usage<W: Write>(html: &mut Html<W>, dataset: &Dataset, options: &ReportOptions) -> io::Result<()> {
    section_start(html, Section::Usage, "usage")?;
    let requests = kept_requests(dataset, &options.filters, &options.settings, options.today);
    for view in [UsageView::Daily, UsageView::Weekly, UsageView::Monthly] {
        table(html, &usage_table(dataset, &requests, view, false, None, options.settings.time_zone, 0))?;
    }
    section_end(html)
}

/// The sessions: the most expensive, as the page's list sorted by cost shows them first.
fn sessions<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard, options: &ReportOptions) -> io::Result<()> {
    section_start(html, Section::Sessions, "sessions")?;
    table(html, &expensive_sessions(dataset, dashboard, options.settings.time_zone, EXPENSIVE_SESSIONS))?;
    section_end(html)
}

fn embedded_export<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard, options: &ReportOptions) -> io::Result<()> {
    let mut covered = vec![false; dataset.conversations.len()];
    for facts in dashboard.sessions() {
        covered[facts.conversation.0 as usize] = true;
    }
    let export = ExportOptions { redaction: options.redaction, created_at: options.created_at.clone(), conversations: Some(covered) };
    html.markup(&format!("<script type=\"application/json\" id=\"{EMBEDDED_EXPORT_ID}\">"))?;
    write_export(dataset, &export, ScriptSafe(html.writer()))?;
    html.markup("</script>\n")
}

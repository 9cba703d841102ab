//! The report's insight sections beside the figures: the practices' adoption matrix, the
//! trends (rolling averages, the heatmap, top-5 lists, personal baselines, test
//! regressions) and the project catalogue, from the view-models the page shows them with.
//! Every transcript-derived string goes through `Html::text`.

use std::io::{self, Write};

use super::html::Html;
use super::report::{chart_figure, chart_svg, section_end, section_start, ReportOptions};
use crate::charts::{draw_heatmap, draw_lines, ChartTheme};
use crate::metrics::practices::Practice;
use crate::metrics::trends::{BASELINE_MIN_SESSIONS, ROLLING_WINDOWS_DAYS};
use crate::model::Dataset;
use crate::timezone::minute_text;
use crate::viewmodel::baselines::person_baselines;
use crate::viewmodel::dashboard::Dashboard;
use crate::viewmodel::format;
use crate::viewmodel::practices::{adoption_matrix, PracticeCounts};
use crate::viewmodel::project_catalogue::project_catalogue;
use crate::viewmodel::regressions::regressions;
use crate::viewmodel::sections::Section;
use crate::viewmodel::top_lists::top_lists;
use crate::viewmodel::trends::{dashboard_trends, TrendMeasure};

/// Regressions listed, as on the page; the rest are counted.
const LISTED_REGRESSIONS: usize = 10;

/// One row of the adoption matrix: each practice's share of the person's sessions.
fn practice_row<W: Write>(html: &mut Html<W>, person: &str, label: &str, counts: &PracticeCounts) -> io::Result<()> {
    html.markup("<tr data-row=\"")?;
    html.text(person)?;
    html.markup("\"><th scope=\"row\">")?;
    html.text(&format!("{label} · {} sessions", counts.sessions))?;
    html.markup("</th>")?;
    for practice in Practice::ALL {
        let share = counts.share(practice);
        let adopted = counts.is_adopted(practice);
        html.markup(&format!("<td class=\"num{}\" data-practice=\"{}\" data-person=\"", if adopted { "" } else { " not-adopted" }, practice.name()))?;
        html.text(person)?;
        html.markup(&format!("\" data-value=\"{}\" data-adopted=\"{adopted}\">", share.map(|share| share.to_string()).unwrap_or_default()))?;
        html.text(&share.map_or_else(|| String::from("—"), |share| format!("{} ({})", format::percent(share), counts.showing(practice))))?;
        html.markup("</td>")?;
    }
    html.markup("</tr>")
}

pub fn practices<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard) -> io::Result<()> {
    let matrix = adoption_matrix(dataset, dashboard);
    section_start(html, Section::Practices, "practices")?;
    html.element(
        "p",
        "note",
        "The share of each person's sessions that show a practice, with their number; a practice no session of the person shows is not adopted.",
    )?;
    html.markup("<div class=\"table-wrap\"><table data-table=\"practices\"><thead><tr><th>Person</th>")?;
    for practice in Practice::ALL {
        html.element("th", "num", practice.label())?;
    }
    html.markup("</tr></thead><tbody>")?;
    for (person, counts) in &matrix.people {
        practice_row(html, person, person, counts)?;
    }
    practice_row(html, "(team)", "Team", &matrix.team)?;
    html.markup("</tbody></table></div>\n")?;
    html.element("h3", "", "What counts as each practice")?;
    html.markup("<ul class=\"catalogue\">")?;
    for practice in Practice::ALL {
        html.markup(&format!("<li data-practice-definition=\"{}\"><strong>", practice.name()))?;
        html.text(practice.label())?;
        html.markup("</strong>: ")?;
        html.text(practice.definition())?;
        html.markup("</li>")?;
    }
    html.markup("</ul>\n")?;
    section_end(html)
}

pub fn trends<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard, options: &ReportOptions) -> io::Result<()> {
    let trends = dashboard_trends(dashboard, options.filters.period.dates(options.today));
    section_start(html, Section::Trends, "trends")?;
    html.element(
        "p",
        "note",
        &format!(
            "Rolling averages per day over the period's days (a window reaching before the period averages the days it has); days and hours in {}.",
            options.settings.time_zone.name()
        ),
    )?;
    html.markup("<div class=\"table-wrap\"><table data-table=\"rolling-averages\"><thead><tr><th>Measure</th>")?;
    for window in ROLLING_WINDOWS_DAYS {
        html.element("th", "num", &format!("{window}-day average"))?;
    }
    html.markup("</tr></thead><tbody>")?;
    for measure in TrendMeasure::ALL {
        html.markup(&format!("<tr data-row=\"{}\">", measure.metric()))?;
        html.element("th", "", measure.label())?;
        for (window, values) in ROLLING_WINDOWS_DAYS.iter().zip(&trends.of(measure).rolling) {
            let value = values.last().copied();
            html.markup(&format!(
                "<td class=\"num\" data-trend=\"{}\" data-window=\"{window}\" data-value=\"{}\">",
                measure.metric(),
                value.map(|value| value.to_string()).unwrap_or_default()
            ))?;
            html.text(&value.map_or_else(|| String::from("—"), |value| measure.kind().format(value)))?;
            html.markup("</td>")?;
        }
        html.markup("</tr>")?;
    }
    html.markup("</tbody></table></div>\n<div class=\"charts\">\n")?;
    let rolling = trends.rolling_chart(TrendMeasure::Cost);
    chart_figure(html, "rolling_trends", &rolling.title, chart_svg(|area| draw_lines(area, &rolling, &ChartTheme::LIGHT)))?;
    let heatmap = chart_svg(|area| draw_heatmap(area, &dashboard.active_hours, &ChartTheme::LIGHT));
    chart_figure(html, "activity_heatmap", "Active time by weekday and hour", heatmap)?;
    html.markup("</div>\n")?;
    top_five(html, dashboard, options.summary_only)?;
    baselines(html, dataset, dashboard)?;
    test_regressions(html, dataset, dashboard, options)?;
    section_end(html)
}

fn top_five<W: Write>(html: &mut Html<W>, dashboard: &Dashboard, summary_only: bool) -> io::Result<()> {
    html.element("h3", "", "Top 5")?;
    html.markup("<div class=\"tables\">")?;
    // A summary names no file.
    for list in top_lists(&dashboard.tables).into_iter().filter(|list| !(summary_only && list.name == "top_files")) {
        html.markup("<div>")?;
        html.element("h3", "", list.title)?;
        html.markup(&format!("<ol data-list=\"{}\">", list.name))?;
        for item in &list.items {
            html.markup("<li data-row=\"")?;
            html.text(&item.key)?;
            html.markup(&format!("\" data-value=\"{}\">", item.value))?;
            html.text(&format!("{} · {} {}", item.label, list.kind.format(item.value), list.unit))?;
            html.markup("</li>")?;
        }
        html.markup("</ol></div>")?;
    }
    html.markup("</div>\n")
}

fn baselines<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard) -> io::Result<()> {
    html.element("h3", "", "Personal baselines")?;
    html.element(
        "p",
        "note",
        &format!("The middle half (interquartile range) of each person's session lengths among sessions with an applied edit; shown from {BASELINE_MIN_SESSIONS} such sessions."),
    )?;
    html.markup("<ul data-role=\"baselines\">")?;
    for entry in person_baselines(dataset, dashboard) {
        html.markup("<li data-person=\"")?;
        html.text(&entry.person)?;
        html.markup("\"><strong>")?;
        html.text(&entry.person)?;
        html.markup("</strong>: ")?;
        html.text(&entry.sentence())?;
        html.markup("</li>")?;
    }
    html.markup("</ul>\n")
}

fn test_regressions<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard, options: &ReportOptions) -> io::Result<()> {
    html.element("h3", "", "Test regressions")?;
    let found = regressions(dataset, dashboard);
    if found.is_empty() {
        return html.element("p", "note", "No test run named a failure the run before it did not have.");
    }
    html.markup(&format!(
        "<div class=\"table-wrap\"><table data-table=\"regressions\" data-count=\"{}\"><thead><tr><th>When</th><th>Project</th><th>Runner</th><th>New failures</th><th>Session</th></tr></thead><tbody>",
        found.len()
    ))?;
    for regression in found.iter().take(LISTED_REGRESSIONS) {
        html.markup("<tr>")?;
        html.element("td", "", &minute_text(regression.time_ms, options.settings.time_zone))?;
        html.element("td", "", &regression.project)?;
        html.element("td", "", regression.runner.code())?;
        html.markup("<td><ul>")?;
        for name in &regression.new_failures {
            html.element("li", "", name)?;
        }
        html.markup("</ul></td>")?;
        html.element("td", "num", &format!("#{}", regression.session + 1))?;
        html.markup("</tr>")?;
    }
    html.markup("</tbody></table></div>\n")?;
    if found.len() > LISTED_REGRESSIONS {
        html.element("p", "note", &format!("and {} more", found.len() - LISTED_REGRESSIONS))?;
    }
    Ok(())
}

pub fn catalogue<W: Write>(html: &mut Html<W>, dataset: &Dataset, dashboard: &Dashboard) -> io::Result<()> {
    section_start(html, Section::Projects, "projects")?;
    html.element("p", "note", "Titles are the agents' own (summary, AI and custom title lines), the most recently active first; none is made up.")?;
    html.markup("<div class=\"pattern-grid\">")?;
    for card in project_catalogue(dataset, dashboard) {
        html.markup("<article class=\"pattern-card\" data-project=\"")?;
        html.text(&card.project)?;
        html.markup(&format!("\" data-sessions=\"{}\" data-cost-usd=\"{}\">", card.sessions, card.cost_usd))?;
        html.element("h3", "", &card.project)?;
        html.element(
            "p",
            "note",
            &format!(
                "{} sessions · {} · {} active · {}",
                card.sessions,
                format::usd(card.cost_usd),
                format::duration(card.active_time_ms),
                card.people.join(", ")
            ),
        )?;
        let lists = [
            ("Recent conversations", "project-titles", card.titles.clone()),
            ("Top files", "project-files", card.top_files.iter().map(|(path, lines)| format!("{path} · {lines} lines")).collect()),
            ("Top tools", "project-tools", card.top_tools.iter().map(|(tool, calls)| format!("{tool} · {calls} calls")).collect()),
        ];
        for (title, role, items) in lists {
            html.element("h4", "", title)?;
            if items.is_empty() {
                html.element("p", "note", "None.")?;
                continue;
            }
            html.markup(&format!("<ul data-role=\"{role}\">"))?;
            for item in &items {
                html.element("li", "", item)?;
            }
            html.markup("</ul>")?;
        }
        html.markup("</article>")?;
    }
    html.markup("</div>\n")?;
    section_end(html)
}

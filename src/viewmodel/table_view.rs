//! The dashboard's tables as the page shows them: formatted cells with a sort key and a
//! tone (success rates green ≥ 90 %, amber ≥ 70 %, red below; lines added and removed).

use super::format;
use super::session_facts::SessionFacts;
use super::tables::{DayRow, FileRow, LanguageRow, ModelRow, ProjectRow, ToolRow};
use crate::model::{Dataset, LineCounts};
use crate::timezone::Tz;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum SortKey {
    Text(String),
    Number(f64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Added,
    Removed,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Warn => "warn",
            Tone::Bad => "bad",
            Tone::Added => "added",
            Tone::Removed => "removed",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub sort: SortKey,
    pub tone: Option<Tone>,
}

pub(super) fn text(value: impl Into<String>) -> Cell {
    let value = value.into();
    Cell { sort: SortKey::Text(value.to_lowercase()), text: value, tone: None }
}

pub(super) fn number(text: String, value: f64) -> Cell {
    Cell { text, sort: SortKey::Number(value), tone: None }
}

pub(super) fn count(value: u64) -> Cell {
    number(format::group_thousands(value), value as f64)
}

pub(super) fn usd(value: f64) -> Cell {
    number(format::usd(value), value)
}

pub(super) fn lines(value: u32, tone: Tone) -> Cell {
    let sign = if tone == Tone::Added { '+' } else { '−' };
    Cell { tone: Some(tone), ..number(format!("{sign}{}", format::group_thousands(u64::from(value))), f64::from(value)) }
}

pub(super) fn optional(value: Option<f64>, show: impl Fn(f64) -> String) -> Cell {
    match value {
        Some(value) => number(show(value), value),
        None => number(String::from("—"), -1.0),
    }
}

/// Green at 90 % and up, amber at 70 % and up, red below.
pub fn success_tone(rate: f64) -> Tone {
    if rate >= 0.9 {
        Tone::Good
    } else if rate >= 0.7 {
        Tone::Warn
    } else {
        Tone::Bad
    }
}

/// What identifies a row (its `data-row`).
#[derive(Clone, Debug, PartialEq)]
pub enum RowKey {
    /// Model id, tool name, file, language, project or date.
    Text(String),
    /// A session's position in the dashboard's sessions (a number, not a string per
    /// row: the sessions list has a row per session, 100k of them).
    Position(u32),
}

impl std::fmt::Display for RowKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowKey::Text(text) => formatter.write_str(text),
            RowKey::Position(position) => write!(formatter, "{position}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RowView {
    /// `data-row`.
    pub key: RowKey,
    /// When the row's session started (`data-start-ms`), for rows that are sessions.
    pub time_ms: Option<i64>,
    /// Shared: the sessions list keeps one copy of each session's cells across filter
    /// changes.
    pub cells: Arc<[Cell]>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableView {
    /// `data-table`.
    pub name: &'static str,
    pub title: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<RowView>,
}

impl TableView {
    /// The table as CSV (`csv::csv_text`): a header line, then `rows` as shown.
    pub fn to_csv(&self, rows: &[RowView]) -> String {
        let headings: Vec<&str> = self.columns.to_vec();
        let shown = self.columns.len();
        super::csv::csv_text(&headings, rows.iter().map(|row| row.cells.iter().take(shown).map(|cell| cell.text.as_str())))
    }

    /// The rows that hold `query` (case-insensitive, in any text cell: a row may carry
    /// cells past the columns, searched but not shown), in the table's order or sorted by
    /// `(column, reversed)`: `limit` of them from `offset`, and how many there are.
    pub fn page(&self, sort: Option<(usize, bool)>, query: &str, offset: usize, limit: usize) -> (Vec<RowView>, usize) {
        let query = query.trim().to_lowercase();
        let holds = |row: &&RowView| query.is_empty() || row.cells.iter().any(|cell| matches!(&cell.sort, SortKey::Text(text) if text.contains(&query)));
        let matching: Vec<&RowView> = self.rows.iter().filter(holds).collect();
        let total = matching.len();
        let rows = self.ordered(matching, sort).into_iter().skip(offset).take(limit).cloned().collect();
        (rows, total)
    }

    /// Rows ordered by a column; text ascending / numbers descending first.
    pub fn sorted(&self, column: usize, is_reversed: bool) -> Vec<RowView> {
        self.top_rows(Some((column, is_reversed)), usize::MAX)
    }

    /// The first `limit` rows, in the table's order or sorted by `(column, reversed)`;
    /// only those rows are copied (the sessions list can hold 100,000 rows).
    pub fn top_rows(&self, sort: Option<(usize, bool)>, limit: usize) -> Vec<RowView> {
        self.ordered(self.rows.iter().collect(), sort).into_iter().take(limit).cloned().collect()
    }

    /// `rows` as given, or sorted by `(column, reversed)`.
    fn ordered<'r>(&self, mut order: Vec<&'r RowView>, sort: Option<(usize, bool)>) -> Vec<&'r RowView> {
        let Some((column, is_reversed)) = sort.filter(|(column, _)| *column < self.columns.len()) else {
            return order;
        };
        crate::order::sort_by(&mut order, |a, b| {
            let ordering = match (&a.cells[column].sort, &b.cells[column].sort) {
                (SortKey::Number(x), SortKey::Number(y)) => y.total_cmp(x),
                (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
                (SortKey::Number(_), SortKey::Text(_)) => std::cmp::Ordering::Less,
                (SortKey::Text(_), SortKey::Number(_)) => std::cmp::Ordering::Greater,
            };
            if is_reversed {
                ordering.reverse()
            } else {
                ordering
            }
        });
        order
    }
}

pub fn models(rows: &[ModelRow]) -> TableView {
    TableView {
        name: "models",
        title: "Models",
        columns: vec!["Model", "Requests", "Tokens", "Cost"],
        rows: rows
            .iter()
            .map(|row| RowView {
                time_ms: None,
                key: RowKey::Text(row.model.clone()),
                cells: vec![text(&row.model), count(row.requests), count(row.usage.total_tokens()), usd(row.cost_usd)].into(),
            })
            .collect(),
    }
}

pub fn tools(rows: &[ToolRow]) -> TableView {
    TableView {
        name: "tools",
        title: "Tools (top 8)",
        columns: vec!["Tool", "Calls", "Success rate", "Avg duration"],
        rows: rows
            .iter()
            .map(|row| {
                let rate = row.stats.success_rate();
                let mut success = optional(rate, format::percent);
                success.tone = rate.map(success_tone);
                let duration = optional(row.stats.average_duration_ms(), |ms| format!("{} ms", format::group_thousands(ms.round() as u64)));
                RowView { time_ms: None, key: RowKey::Text(row.tool.clone()), cells: vec![text(&row.tool), count(row.stats.calls), success, duration].into() }
            })
            .collect(),
    }
}

/// A row of name, lines added, lines removed and cost (the files and languages tables).
fn churn_row(key: &str, name: &str, changed: LineCounts, cost_usd: f64) -> RowView {
    RowView {
        time_ms: None,
        key: RowKey::Text(key.to_owned()),
        cells: vec![text(name), lines(changed.added, Tone::Added), lines(changed.removed, Tone::Removed), usd(cost_usd)].into(),
    }
}

pub fn files(rows: &[FileRow]) -> TableView {
    TableView {
        name: "files",
        title: "Top modified files",
        columns: vec!["File", "Lines added", "Lines removed", "Cost"],
        rows: rows.iter().map(|row| churn_row(&row.path, row.name(), row.stats.lines, row.stats.cost_usd)).collect(),
    }
}

pub fn languages(rows: &[LanguageRow]) -> TableView {
    TableView {
        name: "languages",
        title: "Cost by language",
        columns: vec!["Language", "Lines added", "Lines removed", "Cost"],
        rows: rows.iter().map(|row| churn_row(row.language, row.language, row.lines, row.cost_usd)).collect(),
    }
}

pub fn projects(rows: &[ProjectRow]) -> TableView {
    TableView {
        name: "projects",
        title: "Projects",
        columns: vec!["Project", "Sessions", "Requests", "Active time", "Lines added", "Cost"],
        rows: rows
            .iter()
            .map(|row| RowView {
                time_ms: None,
                key: RowKey::Text(row.project.clone()),
                cells: vec![
                    text(&row.project),
                    count(row.sessions),
                    count(row.requests),
                    number(format::duration(row.active_time_ms), row.active_time_ms as f64),
                    lines(row.lines_added as u32, Tone::Added),
                    usd(row.cost_usd),
                ]
                .into(),
            })
            .collect(),
    }
}

pub fn days(rows: &[DayRow]) -> TableView {
    TableView {
        name: "daily",
        title: "Days",
        columns: vec!["Date", "Sessions", "Requests", "Tokens", "Cost"],
        rows: rows
            .iter()
            .rev()
            .map(|row| RowView {
                time_ms: None,
                key: RowKey::Text(row.date.to_string()),
                cells: vec![
                    Cell { sort: SortKey::Text(row.date.to_string()), ..text(row.date.to_string()) },
                    count(row.sessions),
                    count(row.requests),
                    count(row.usage.total_tokens()),
                    usd(row.cost_usd),
                ]
                .into(),
            })
            .collect(),
    }
}

/// "2026-11-20 14:05" in the display zone.
pub fn local_time(timestamp_ms: i64, zone: Tz) -> String {
    crate::timezone::minute_text(timestamp_ms, zone)
}

/// The cells of one session's row in the sessions list (they depend on the session and
/// the display zone only, so the page computes them once per period and reuses them).
pub fn session_cells(dataset: &Dataset, facts: &SessionFacts, zone: Tz) -> Arc<[Cell]> {
    let conversation = dataset.conversation(facts.conversation);
    let start = local_time(facts.start_ms, zone);
    let title = conversation.title.clone().unwrap_or_default();
    // Searched, not shown: what the search box finds a session by besides its cells.
    let tools: Vec<&str> = facts.tools.iter().map(|(tool, _)| dataset.text(tool)).collect();
    let models: Vec<&str> = facts.models.iter().map(|(model, _)| dataset.texts.get(*model)).collect();
    let model = match models.as_slice() {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [main, others @ ..] => format!("{main} +{}", others.len()),
    };
    // Kept once, lowercase (100k sessions hold one each): never shown. The first prompt
    // is there when the data holds prompt text (not in an export made without it).
    let searched =
        [conversation.agent.label(), &title, conversation.project_name(), &conversation.person, &tools.join(" "), &models.join(" "), &facts.first_prompt]
            .join("\u{1f}")
            .to_lowercase();
    vec![
        Cell { sort: SortKey::Number(facts.start_ms as f64), ..text(start) },
        text(conversation.agent.label()),
        text(model),
        text(title),
        text(&conversation.person),
        text(conversation.project_name()),
        number(format::duration(facts.active_time_ms), facts.active_time_ms as f64),
        count(facts.conversation_stats.prompts),
        count(facts.usage.total_tokens()),
        usd(facts.cost_usd),
        lines(facts.code.lines.added, Tone::Added),
        optional(facts.code.acceptance_rate(), format::percent),
        text(facts.outcome.label()),
        Cell { text: String::new(), sort: SortKey::Text(searched), tone: None },
    ]
    .into()
}

/// The sessions list, newest first: `cells` holds each listed session's cells, in the
/// dashboard's session order (row keys are positions in that order). The cells past the
/// columns are searched, not shown (`session_cells`).
pub fn sessions_from_cells(cells: Vec<Arc<[Cell]>>) -> TableView {
    let start_ms = |cells: &[Cell]| match cells.first().map(|cell| &cell.sort) {
        Some(SortKey::Number(start_ms)) => *start_ms as i64,
        _ => 0,
    };
    let mut rows: Vec<RowView> =
        cells.into_iter().enumerate().map(|(index, cells)| RowView { time_ms: Some(start_ms(&cells)), key: RowKey::Position(index as u32), cells }).collect();
    // Newest first; sessions starting together keep the later one in the list first.
    rows.reverse();
    crate::order::sort_by(&mut rows, |a, b| b.time_ms.cmp(&a.time_ms));
    TableView {
        name: "sessions",
        title: "Sessions",
        columns: vec![
            "Start",
            "Agent",
            "Model",
            "Title",
            "Person",
            "Project",
            "Duration",
            "Messages",
            "Tokens",
            "Cost",
            "Lines added",
            "Acceptance",
            "Outcome",
        ],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tools::ToolStats;

    fn tool(name: &str, calls: u64, results: u64, errors: u64) -> ToolRow {
        ToolRow { tool: name.into(), stats: ToolStats { calls, results, errors, recovered_errors: 0, total_duration_ms: 1500 * results as i64 } }
    }

    #[test]
    fn success_rates_are_coloured_by_threshold() {
        let view = tools(&[tool("Read", 10, 10, 0), tool("Edit", 10, 10, 2), tool("Bash", 10, 10, 5), tool("Task", 1, 0, 0)]);
        let tones: Vec<Option<Tone>> = view.rows.iter().map(|row| row.cells[2].tone).collect();
        assert_eq!(tones, [Some(Tone::Good), Some(Tone::Warn), Some(Tone::Bad), None]);
        assert_eq!(view.rows[0].cells[3].text, "1,500 ms");
        assert_eq!(view.rows[3].cells[2].text, "—");
    }

    #[test]
    fn sorting_by_number_and_text() {
        let view = tools(&[tool("Read", 3, 3, 0), tool("Bash", 9, 9, 0), tool("Edit", 5, 5, 0)]);
        let order = |rows: Vec<RowView>| rows.into_iter().map(|row| row.key.to_string()).collect::<Vec<_>>();
        assert_eq!(order(view.sorted(1, false)), ["Bash", "Edit", "Read"]);
        assert_eq!(order(view.sorted(1, true)), ["Read", "Edit", "Bash"]);
        assert_eq!(order(view.sorted(0, false)), ["Bash", "Edit", "Read"]);
    }
}

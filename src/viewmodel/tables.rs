//! The dashboard's tables (spec section 4): models, tools, files, languages, projects
//! and days. Rows carry raw values; the page formats them.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::session_facts::SessionFacts;
use crate::metrics::code::{language_of, FileStats};
use crate::metrics::daily::daily_usage;
use crate::metrics::tools::ToolStats;
use crate::model::{project_name, LineCounts, Request, TextId, Texts, TokenUsage};
use crate::timezone::LocalDays;

/// Rows shown in the tools, files and languages tables.
pub const TOP_ROWS: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct ModelRow {
    pub model: String,
    pub requests: u64,
    pub usage: TokenUsage,
    pub cost_usd: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ToolRow {
    pub tool: String,
    pub stats: ToolStats,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FileRow {
    pub path: String,
    pub stats: FileStats,
}

impl FileRow {
    pub fn name(&self) -> &str {
        project_name(&self.path)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LanguageRow {
    pub language: &'static str,
    pub lines: LineCounts,
    pub cost_usd: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectRow {
    pub project: String,
    pub sessions: u64,
    pub requests: u64,
    pub active_time_ms: i64,
    pub lines_added: u64,
    pub cost_usd: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DayRow {
    pub date: NaiveDate,
    pub sessions: u64,
    pub requests: u64,
    pub usage: TokenUsage,
    pub cost_usd: f64,
    /// Active time of the sessions that started on the day.
    pub active_time_ms: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tables {
    pub models: Vec<ModelRow>,
    pub tools: Vec<ToolRow>,
    pub files: Vec<FileRow>,
    pub languages: Vec<LanguageRow>,
    pub projects: Vec<ProjectRow>,
    pub days: Vec<DayRow>,
    /// Tools with errors, most errors first.
    pub error_tools: Vec<ToolRow>,
}

/// The tables' sums before rows are sorted and cut: additive, so the parts of disjoint
/// sets of sessions merge into the parts of their union (the dashboard keeps one per
/// person, project and agent, and merges those a filter keeps). Models, tools and files
/// are kept by the dataset's text ids (their rows get their names in [`TableParts::rows`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableParts {
    models: BTreeMap<TextId, ModelRow>,
    tools: BTreeMap<TextId, ToolStats>,
    files: BTreeMap<TextId, FileStats>,
    projects: BTreeMap<String, ProjectRow>,
    days: BTreeMap<NaiveDate, DayRow>,
}

impl TableParts {
    pub fn add_requests(&mut self, requests: &[&Request], local_days: &mut LocalDays) {
        for request in requests {
            let row = ModelRow { model: String::new(), requests: 1, usage: request.usage, cost_usd: request.cost_usd };
            self.models.entry(request.model).or_insert_with(ModelRow::empty).add(&row);
        }
        for (date, day) in daily_usage(requests.iter().copied(), local_days) {
            let row = DayRow { date, sessions: 0, requests: day.requests, usage: day.usage, cost_usd: day.cost_usd, active_time_ms: 0 };
            self.days.entry(date).or_insert_with(|| DayRow { date, ..DayRow::default() }).add(&row);
        }
    }

    /// Adds sessions of one project.
    pub fn add_sessions<'a>(&mut self, project: &str, sessions: impl IntoIterator<Item = &'a SessionFacts>, local_days: &mut LocalDays) {
        let mut project_row = ProjectRow::default();
        for facts in sessions {
            for (tool, stats) in facts.tools.iter() {
                self.tools.entry(tool).or_default().merge(stats);
            }
            for (path, stats) in facts.files.iter() {
                add_file(self.files.entry(path).or_default(), stats);
            }
            project_row.add(&ProjectRow {
                project: String::new(),
                sessions: 1,
                requests: facts.requests,
                active_time_ms: facts.active_time_ms,
                lines_added: u64::from(facts.code.lines.added),
                cost_usd: facts.cost_usd,
            });
            let date = local_days.date(facts.start_ms);
            let day = self.days.entry(date).or_insert_with(|| DayRow { date, ..DayRow::default() });
            day.sessions += 1;
            day.active_time_ms += facts.active_time_ms;
        }
        if project_row.sessions > 0 {
            update(&mut self.projects, project, |project| ProjectRow { project: project.to_owned(), ..ProjectRow::default() }, |into| into.add(&project_row));
        }
    }

    pub fn merge(&mut self, other: &TableParts) {
        for (model, row) in &other.models {
            self.models.entry(*model).or_insert_with(ModelRow::empty).add(row);
        }
        for (tool, stats) in &other.tools {
            self.tools.entry(*tool).or_default().merge(stats);
        }
        for (path, stats) in &other.files {
            add_file(self.files.entry(*path).or_default(), stats);
        }
        for (project, row) in &other.projects {
            update(&mut self.projects, project, |project| ProjectRow { project: project.to_owned(), ..ProjectRow::default() }, |into| into.add(row));
        }
        for (date, row) in &other.days {
            self.days.entry(*date).or_insert_with(|| DayRow { date: *date, ..DayRow::default() }).add(row);
        }
    }

    /// Every edited file's sums, by path (the dataset's text ids).
    pub fn files(&self) -> impl Iterator<Item = (TextId, &FileStats)> {
        self.files.iter().map(|(path, stats)| (*path, stats))
    }

    /// The rows, named from the dataset's texts: sorted, the long tables cut to their top
    /// rows.
    pub fn rows(&self, texts: &Texts) -> Tables {
        let mut models: Vec<ModelRow> = self.models.iter().map(|(model, row)| ModelRow { model: texts.get(*model).to_owned(), ..row.clone() }).collect();
        crate::order::sort_by(&mut models, |a, b| b.cost_usd.total_cmp(&a.cost_usd).then_with(|| a.model.cmp(&b.model)));
        let mut tools: Vec<ToolRow> = self.tools.iter().map(|(tool, stats)| ToolRow { tool: texts.get(*tool).to_owned(), stats: stats.clone() }).collect();
        let mut error_tools: Vec<ToolRow> = tools.iter().filter(|row| row.stats.errors > 0).cloned().collect();
        crate::order::sort_by(&mut error_tools, |a, b| b.stats.errors.cmp(&a.stats.errors).then_with(|| a.tool.cmp(&b.tool)));
        error_tools.truncate(TOP_ROWS);
        crate::order::sort_by(&mut tools, |a, b| b.stats.calls.cmp(&a.stats.calls).then_with(|| a.tool.cmp(&b.tool)));
        tools.truncate(TOP_ROWS);
        let mut projects: Vec<ProjectRow> = self.projects.values().cloned().collect();
        crate::order::sort_by(&mut projects, |a, b| b.cost_usd.total_cmp(&a.cost_usd).then_with(|| a.project.cmp(&b.project)));
        // In text id order: the languages' costs are summed in the order the files were
        // first seen, whatever their names (so hashed names sum alike).
        let files: Vec<(&str, &FileStats)> = self.files.iter().map(|(path, stats)| (texts.get(*path), stats)).collect();
        Tables { models, tools, files: file_rows(&files), languages: language_rows(&files), projects, days: self.days.values().cloned().collect(), error_tools }
    }
}

/// Changes the value under `key`, made with `new` first when missing (the key is copied
/// only then: this runs for every request and session of a period).
fn update<V>(map: &mut BTreeMap<String, V>, key: &str, new: impl FnOnce(&str) -> V, change: impl FnOnce(&mut V)) {
    match map.get_mut(key) {
        Some(value) => change(value),
        None => {
            let mut value = new(key);
            change(&mut value);
            map.insert(key.to_owned(), value);
        }
    }
}

impl ModelRow {
    fn empty() -> ModelRow {
        ModelRow { model: String::new(), requests: 0, usage: TokenUsage::default(), cost_usd: 0.0 }
    }

    fn add(&mut self, other: &ModelRow) {
        self.requests += other.requests;
        self.usage.add(&other.usage);
        self.cost_usd += other.cost_usd;
    }
}

impl ProjectRow {
    fn add(&mut self, other: &ProjectRow) {
        self.sessions += other.sessions;
        self.requests += other.requests;
        self.active_time_ms += other.active_time_ms;
        self.lines_added += other.lines_added;
        self.cost_usd += other.cost_usd;
    }
}

impl DayRow {
    fn add(&mut self, other: &DayRow) {
        self.sessions += other.sessions;
        self.requests += other.requests;
        self.usage.add(&other.usage);
        self.cost_usd += other.cost_usd;
        self.active_time_ms += other.active_time_ms;
    }
}

fn add_file(into: &mut FileStats, stats: &FileStats) {
    into.lines.add(stats.lines);
    into.edits += stats.edits;
    into.cost_usd += stats.cost_usd;
}

fn file_rows(files: &[(&str, &FileStats)]) -> Vec<FileRow> {
    let mut rows: Vec<FileRow> = files.iter().map(|(path, stats)| FileRow { path: (*path).to_owned(), stats: (*stats).clone() }).collect();
    let changed = |row: &FileRow| row.stats.lines.added + row.stats.lines.removed;
    crate::order::sort_by(&mut rows, |a, b| changed(b).cmp(&changed(a)).then_with(|| b.stats.edits.cmp(&a.stats.edits)).then_with(|| a.path.cmp(&b.path)));
    rows.truncate(TOP_ROWS);
    rows
}

fn language_rows(files: &[(&str, &FileStats)]) -> Vec<LanguageRow> {
    let mut languages: BTreeMap<&'static str, LanguageRow> = BTreeMap::new();
    for (path, stats) in files {
        let language = language_of(path);
        let row = languages.entry(language).or_insert(LanguageRow { language, lines: LineCounts::default(), cost_usd: 0.0 });
        row.lines.add(stats.lines);
        row.cost_usd += stats.cost_usd;
    }
    let mut rows: Vec<LanguageRow> = languages.into_values().collect();
    crate::order::sort_by(&mut rows, |a, b| b.cost_usd.total_cmp(&a.cost_usd).then_with(|| a.language.cmp(b.language)));
    rows.truncate(TOP_ROWS);
    rows
}

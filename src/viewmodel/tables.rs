//! The dashboard's tables (spec section 4): models, tools, files, languages, projects
//! and days. Rows carry raw values; the page formats them.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::session_facts::SessionFacts;
use crate::metrics::code::{language_of, FileStats};
use crate::metrics::daily::daily_usage;
use crate::metrics::tools::ToolStats;
use crate::model::{project_name, Dataset, LineCounts, Request, TokenUsage};
use crate::timezone::{local_date, Tz};

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
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tables {
    pub models: Vec<ModelRow>,
    pub tools: Vec<ToolRow>,
    pub files: Vec<FileRow>,
    pub languages: Vec<LanguageRow>,
    pub projects: Vec<ProjectRow>,
    pub days: Vec<DayRow>,
}

pub fn build(dataset: &Dataset, requests: &[&Request], zone: Tz, sessions: &[SessionFacts]) -> Tables {
    Tables {
        models: model_rows(requests),
        tools: tool_rows(sessions),
        files: file_rows(sessions),
        languages: language_rows(sessions),
        projects: project_rows(dataset, sessions),
        days: day_rows(requests, zone, sessions),
    }
}

fn model_rows(requests: &[&Request]) -> Vec<ModelRow> {
    let mut models: BTreeMap<&str, ModelRow> = BTreeMap::new();
    for request in requests {
        let row = models.entry(request.model.as_str()).or_insert_with(|| ModelRow {
            model: request.model.clone(),
            requests: 0,
            usage: TokenUsage::default(),
            cost_usd: 0.0,
        });
        row.requests += 1;
        row.usage.add(&request.usage);
        row.cost_usd += request.cost_usd;
    }
    let mut rows: Vec<ModelRow> = models.into_values().collect();
    rows.sort_by(|a, b| b.cost_usd.total_cmp(&a.cost_usd).then_with(|| a.model.cmp(&b.model)));
    rows
}

fn tool_rows(sessions: &[SessionFacts]) -> Vec<ToolRow> {
    let mut tools: BTreeMap<&str, ToolStats> = BTreeMap::new();
    for (tool, stats) in sessions.iter().flat_map(|facts| &facts.tools) {
        tools.entry(tool.as_str()).or_default().merge(stats);
    }
    let mut rows: Vec<ToolRow> = tools.into_iter().map(|(tool, stats)| ToolRow { tool: tool.to_owned(), stats }).collect();
    rows.sort_by(|a, b| b.stats.calls.cmp(&a.stats.calls).then_with(|| a.tool.cmp(&b.tool)));
    rows.truncate(TOP_ROWS);
    rows
}

fn all_files(sessions: &[SessionFacts]) -> BTreeMap<&str, FileStats> {
    let mut files: BTreeMap<&str, FileStats> = BTreeMap::new();
    for (path, stats) in sessions.iter().flat_map(|facts| &facts.files) {
        let entry = files.entry(path.as_str()).or_default();
        entry.lines.add(stats.lines);
        entry.edits += stats.edits;
        entry.cost_usd += stats.cost_usd;
    }
    files
}

fn file_rows(sessions: &[SessionFacts]) -> Vec<FileRow> {
    let mut rows: Vec<FileRow> =
        all_files(sessions).into_iter().map(|(path, stats)| FileRow { path: path.to_owned(), stats }).collect();
    let changed = |row: &FileRow| row.stats.lines.added + row.stats.lines.removed;
    rows.sort_by(|a, b| changed(b).cmp(&changed(a)).then_with(|| b.stats.edits.cmp(&a.stats.edits)).then_with(|| a.path.cmp(&b.path)));
    rows.truncate(TOP_ROWS);
    rows
}

fn language_rows(sessions: &[SessionFacts]) -> Vec<LanguageRow> {
    let mut languages: BTreeMap<&'static str, LanguageRow> = BTreeMap::new();
    for (path, stats) in all_files(sessions) {
        let language = language_of(path);
        let row = languages.entry(language).or_insert(LanguageRow { language, lines: LineCounts::default(), cost_usd: 0.0 });
        row.lines.add(stats.lines);
        row.cost_usd += stats.cost_usd;
    }
    let mut rows: Vec<LanguageRow> = languages.into_values().collect();
    rows.sort_by(|a, b| b.cost_usd.total_cmp(&a.cost_usd).then_with(|| a.language.cmp(b.language)));
    rows.truncate(TOP_ROWS);
    rows
}

fn project_rows(dataset: &Dataset, sessions: &[SessionFacts]) -> Vec<ProjectRow> {
    let mut projects: BTreeMap<&str, ProjectRow> = BTreeMap::new();
    for facts in sessions {
        let project = dataset.conversation(facts.conversation).project_name();
        let row = projects.entry(project).or_insert_with(|| ProjectRow { project: project.to_owned(), ..ProjectRow::default() });
        row.sessions += 1;
        row.requests += facts.requests;
        row.active_time_ms += facts.active_time_ms;
        row.lines_added += u64::from(facts.code.lines.added);
        row.cost_usd += facts.cost_usd;
    }
    let mut rows: Vec<ProjectRow> = projects.into_values().collect();
    rows.sort_by(|a, b| b.cost_usd.total_cmp(&a.cost_usd).then_with(|| a.project.cmp(&b.project)));
    rows
}

fn day_rows(requests: &[&Request], zone: Tz, sessions: &[SessionFacts]) -> Vec<DayRow> {
    let mut days: BTreeMap<NaiveDate, DayRow> = daily_usage(requests.iter().copied(), zone)
        .into_iter()
        .map(|(date, day)| (date, DayRow { date, sessions: 0, requests: day.requests, usage: day.usage, cost_usd: day.cost_usd }))
        .collect();
    for facts in sessions {
        let date = local_date(facts.start_ms, zone);
        days.entry(date).or_insert_with(|| DayRow { date, ..DayRow::default() }).sessions += 1;
    }
    days.into_values().collect()
}

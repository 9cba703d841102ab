//! The project catalogue (spec 4.4): a card per project of the sessions the filters keep,
//! with its conversations' own titles (the agent's summary, AI or custom title lines; no
//! text is made up), newest first, its top files and tools, sessions, cost and people.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::dashboard::Dashboard;
use super::group_totals::Totals;
use crate::model::{ConversationId, Dataset};

/// Titles, files and tools a card lists.
pub const CARD_ROWS: usize = 5;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectCard {
    pub project: String,
    pub sessions: u64,
    pub cost_usd: f64,
    pub active_time_ms: i64,
    /// In name order.
    pub people: Vec<String>,
    /// Titles of its conversations, the most recently active first.
    pub titles: Vec<String>,
    /// Files with most lines changed: (path, lines added + removed).
    pub top_files: Vec<(String, u64)>,
    /// Tools most called: (tool, calls).
    pub top_tools: Vec<(String, u64)>,
}

/// The cards, by cost (most first), then name.
pub fn project_catalogue(dataset: &Dataset, dashboard: &Dashboard) -> Vec<ProjectCard> {
    let mut projects: BTreeMap<&str, (Totals, Vec<&str>)> = BTreeMap::new();
    for (example, totals) in dashboard.kept_groups() {
        let conversation = dataset.conversation(example);
        let (sum, people) = projects.entry(conversation.project_name()).or_default();
        sum.merge(totals);
        if !people.contains(&conversation.person.as_str()) {
            people.push(conversation.person.as_str());
        }
    }
    // Each titled conversation once, at its latest session start.
    let mut latest: BTreeMap<ConversationId, i64> = BTreeMap::new();
    for facts in dashboard.sessions() {
        if dataset.conversation(facts.conversation).title.is_some() {
            let at = latest.entry(facts.conversation).or_insert(facts.start_ms);
            *at = (*at).max(facts.start_ms);
        }
    }
    let mut titled: Vec<(i64, ConversationId)> = latest.into_iter().map(|(id, at)| (at, id)).collect();
    crate::order::sort_by(&mut titled, |a, b| b.cmp(a));
    let mut cards: Vec<ProjectCard> = projects
        .into_iter()
        .map(|(project, (totals, mut people))| {
            people.sort_unstable();
            let tables = totals.tables.rows(&dataset.texts);
            let top_files = top_files(project, &totals, &dataset.texts);
            let mut titles: Vec<String> = Vec::new();
            for conversation in titled.iter().map(|(_, id)| dataset.conversation(*id)).filter(|conversation| conversation.project_name() == project) {
                if titles.len() == CARD_ROWS {
                    break;
                }
                if let Some(title) = conversation.title.as_ref().filter(|title| !titles.contains(title)) {
                    titles.push(title.clone());
                }
            }
            ProjectCard {
                project: project.to_owned(),
                sessions: totals.sessions,
                cost_usd: totals.cost_usd,
                active_time_ms: totals.active_time_ms,
                people: people.into_iter().map(str::to_owned).collect(),
                titles,
                top_files,
                top_tools: tables.tools.iter().take(CARD_ROWS).map(|row| (row.tool.clone(), row.stats.calls)).collect(),
            }
        })
        .collect();
    crate::order::sort_by(&mut cards, |a, b| b.cost_usd.total_cmp(&a.cost_usd).then_with(|| a.project.cmp(&b.project)));
    cards
}

/// A file's path inside its project (after the project's folder), so the checkouts of
/// several people add up; the whole path when it does not name the folder.
fn path_in_project<'a>(path: &'a str, project: &str) -> &'a str {
    path.rmatch_indices(project)
        .find(|(at, _)| path[..*at].ends_with(['/', '\\']) && path[at + project.len()..].starts_with(['/', '\\']))
        .map_or(path, |(at, _)| &path[at + project.len() + 1..])
}

/// The project's files with most lines changed, by their path inside the project.
fn top_files(project: &str, totals: &Totals, texts: &crate::model::Texts) -> Vec<(String, u64)> {
    let mut lines: BTreeMap<&str, u64> = BTreeMap::new();
    for (path, stats) in totals.tables.files() {
        *lines.entry(path_in_project(texts.get(path), project)).or_default() += u64::from(stats.lines.added) + u64::from(stats.lines.removed);
    }
    let mut files: Vec<(String, u64)> = lines.into_iter().map(|(path, lines)| (path.to_owned(), lines)).collect();
    crate::order::sort_by(&mut files, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    files.truncate(CARD_ROWS);
    files
}

/// `summary --json`'s `projects_catalogue`.
pub fn catalogue_json(cards: &[ProjectCard]) -> Value {
    Value::Array(
        cards
            .iter()
            .map(|card| {
                json!({
                    "project": card.project,
                    "sessions": card.sessions,
                    "cost_usd": card.cost_usd,
                    "active_time_ms": card.active_time_ms,
                    "people": card.people,
                    "titles": card.titles,
                    "top_files": card.top_files,
                    "top_tools": card.top_tools,
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_project_folder() {
        assert_eq!(path_in_project("/home/bob/code/web-app/src/App.tsx", "web-app"), "src/App.tsx");
        assert_eq!(path_in_project("C:\\code\\web-app\\src\\App.tsx", "web-app"), "src\\App.tsx");
        assert_eq!(path_in_project("/home/bob/web-app-old/x.ts", "web-app"), "/home/bob/web-app-old/x.ts");
        assert_eq!(path_in_project("src/App.tsx", "web-app"), "src/App.tsx");
    }
}

//! The top-5 lists (spec 4.5): files, tools, projects and errors of the sessions the
//! filters keep, from the dashboard's tables.

use serde_json::{json, Value};

use super::chart_series::ValueKind;
use super::tables::Tables;

pub const TOP_LIST_ROWS: usize = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct TopItem {
    /// What `data-row` names (a path, a tool, a project).
    pub key: String,
    /// As shown (a file's name).
    pub label: String,
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TopList {
    /// `data-list`: `top_files`, `top_tools`, `top_projects`, `top_errors`.
    pub name: &'static str,
    pub title: &'static str,
    /// What the value is, for its text.
    pub unit: &'static str,
    pub kind: ValueKind,
    pub items: Vec<TopItem>,
}

pub fn top_lists(tables: &Tables) -> Vec<TopList> {
    let item = |key: &str, label: &str, value: f64| TopItem { key: key.to_owned(), label: label.to_owned(), value };
    let top = |items: Vec<TopItem>| items.into_iter().take(TOP_LIST_ROWS).collect::<Vec<_>>();
    vec![
        TopList {
            name: "top_files",
            title: "Files most changed",
            unit: "lines changed",
            kind: ValueKind::Count,
            items: top(tables
                .files
                .iter()
                .map(|row| item(&row.path, row.name(), f64::from(row.stats.lines.added) + f64::from(row.stats.lines.removed)))
                .collect()),
        },
        TopList {
            name: "top_tools",
            title: "Tools most called",
            unit: "calls",
            kind: ValueKind::Count,
            items: top(tables.tools.iter().map(|row| item(&row.tool, &row.tool, row.stats.calls as f64)).collect()),
        },
        TopList {
            name: "top_projects",
            title: "Projects by cost",
            unit: "",
            kind: ValueKind::Usd,
            items: top(tables.projects.iter().map(|row| item(&row.project, &row.project, row.cost_usd)).collect()),
        },
        TopList {
            name: "top_errors",
            title: "Tools with most errors",
            unit: "errors",
            kind: ValueKind::Count,
            items: top(tables.error_tools.iter().map(|row| item(&row.tool, &row.tool, row.stats.errors as f64)).collect()),
        },
    ]
}

/// `summary --json`'s `top`: each list's rows as `[key, value]`.
pub fn top_lists_json(lists: &[TopList]) -> Value {
    let entries: serde_json::Map<String, Value> =
        lists.iter().map(|list| (list.name.to_owned(), Value::Array(list.items.iter().map(|item| json!([item.key, item.value])).collect()))).collect();
    Value::Object(entries)
}

//! One session opened from the list: its figures and its timeline, each line classed
//! as in spec section 2 (human prompt, agent message, tool call, tool output, system or
//! meta), with tool errors, rejections and interruptions marked. Text is shown as text.

use chrono::NaiveDate;

use super::dashboard::Dashboard;
use super::summary::{Figure, FigureValue};
use super::table_view::local_time;
use crate::metrics::rules::{rule_hits, CATALOGUE};
use crate::metrics::selection::{Filters, Selection};
use crate::metrics::tool_use::pair_tool_uses;
use crate::metrics::Settings;
use crate::model::{CheckKind, CheckRun, Dataset, EventKind, Texts};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineClass {
    HumanPrompt,
    AgentMessage,
    ToolCall,
    ToolOutput,
    SystemMeta,
}

impl LineClass {
    pub fn label(self) -> &'static str {
        match self {
            LineClass::HumanPrompt => "human prompt",
            LineClass::AgentMessage => "agent message",
            LineClass::ToolCall => "tool call",
            LineClass::ToolOutput => "tool output",
            LineClass::SystemMeta => "system / meta",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            LineClass::HumanPrompt => "human",
            LineClass::AgentMessage => "agent",
            LineClass::ToolCall => "tool-call",
            LineClass::ToolOutput => "tool-output",
            LineClass::SystemMeta => "meta",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    /// "14:05:09" in the display zone.
    pub time: String,
    pub class: LineClass,
    pub text: String,
    /// "error", "rejected" or "interrupted".
    pub marker: Option<&'static str>,
    /// What a failed call said (the beginning of its error text), shown under the line.
    pub said: Option<String>,
    pub is_sidechain: bool,
    /// The rules this line hit (`data-rule`).
    pub rules: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionDetail {
    pub index: usize,
    pub heading: String,
    pub figures: Vec<Figure>,
    pub timeline: Vec<TimelineEntry>,
}

/// What a build or test run's result says: "tests: 45 passed, 3 failed".
fn check_text(check: Option<&CheckRun>) -> Option<String> {
    match check? {
        CheckRun { kind: CheckKind::Build, .. } => Some(String::from("build")),
        CheckRun { kind: CheckKind::Test(runner), counts: Some(counts), failing_tests } => {
            let failing = if failing_tests.is_empty() { String::new() } else { format!("; failing: {}", failing_tests.join(", ")) };
            Some(format!("tests ({}): {} passed, {} failed, {} skipped{failing}", runner.code(), counts.passed, counts.failed, counts.skipped))
        }
        CheckRun { kind: CheckKind::Test(runner), counts: None, .. } => Some(format!("test command ({}), result unknown", runner.code())),
    }
}

/// A timeline line's class, text and marker.
fn entry(kind: &EventKind, texts: &Texts, checks: &[CheckRun]) -> (LineClass, String, Option<&'static str>) {
    match kind {
        EventKind::HumanPrompt { preview, is_plan_mode } => {
            let mode = if *is_plan_mode { "[plan mode] " } else { "" };
            (LineClass::HumanPrompt, format!("{mode}{preview}"), None)
        }
        EventKind::AgentMessage { preview, .. } => (LineClass::AgentMessage, preview.clone(), None),
        EventKind::ToolCall { tool, target, .. } => {
            let target = target.map_or("", |target| texts.get(target.text()));
            (LineClass::ToolCall, format!("{} {target}", texts.get(*tool)).trim_end().to_owned(), None)
        }
        EventKind::ToolResult { is_error, is_rejection, is_interruption, check, .. } => {
            let marker = match (is_rejection, is_interruption, is_error) {
                (true, _, _) => Some("rejected"),
                (_, true, _) => Some("interrupted"),
                (_, _, true) => Some("error"),
                _ => None,
            };
            let result = String::from(if marker.is_some() { "tool result (failed)" } else { "tool result" });
            let text = match check_text(check.and_then(|index| checks.get(index.index()))) {
                Some(check) => format!("{result} · {check}"),
                None => result,
            };
            (LineClass::ToolOutput, text, marker)
        }
        EventKind::Interruption => (LineClass::SystemMeta, String::from("[Request interrupted by user]"), Some("interrupted")),
        EventKind::SlashCommand { name } => (LineClass::SystemMeta, format!("command {name}"), None),
        EventKind::Compaction => (LineClass::SystemMeta, String::from("context compacted"), None),
        EventKind::SystemMeta => (LineClass::SystemMeta, String::from("system / meta"), None),
    }
}

pub fn session_detail(
    dataset: &Dataset,
    dashboard: &Dashboard,
    filters: &Filters,
    settings: &Settings,
    today: NaiveDate,
    index: usize,
) -> Option<SessionDetail> {
    let facts = dashboard.session(index)?;
    let selection = Selection::new(dataset, filters, settings, today);
    let session = selection.sessions.get(index)?;
    let zone = settings.time_zone;
    let events = selection.session_events(session);
    let uses = pair_tool_uses(events, &dataset.texts);
    let hits = rule_hits(events, &uses, &dataset.checks);
    let timeline = events
        .iter()
        .enumerate()
        .map(|(position, event)| {
            let (class, text, marker) = entry(&event.kind, &dataset.texts, &dataset.checks);
            let said = match &event.kind {
                EventKind::ToolResult { is_error: true, error: Some(error), .. } => Some(dataset.texts.get(error.text()).to_owned()),
                _ => None,
            };
            let time = crate::timezone::clock_text(event.timestamp_ms, zone);
            let rules = hits.iter().filter(|hit| hit.position == position).map(|hit| CATALOGUE[hit.rule].name).collect();
            TimelineEntry { time, class, text, marker, said, is_sidechain: event.is_sidechain, rules }
        })
        .collect();
    let conversation = dataset.conversation(facts.conversation);
    let title = conversation.title.as_deref().map(|title| format!(" — {title}")).unwrap_or_default();
    let heading = format!("{} · {} · {}{title}", local_time(facts.start_ms, zone), conversation.person, conversation.project_name());
    let figure = |metric, label, value| Figure { metric, label, value };
    let figures = vec![
        figure("session_duration_ms", "Duration", FigureValue::DurationMs(facts.active_time_ms)),
        figure("session_messages", "Messages", FigureValue::Count(facts.conversation_stats.prompts)),
        figure("session_tokens", "Tokens", FigureValue::Count(facts.usage.total_tokens())),
        figure("session_cost_usd", "Cost", FigureValue::Usd(facts.cost_usd)),
        figure("session_lines_added", "Lines added", FigureValue::Count(u64::from(facts.code.lines.added))),
        figure("session_acceptance_rate", "Acceptance", FigureValue::Rate(facts.code.acceptance_rate())),
        figure("session_slop_ratio", "Slop ratio", FigureValue::Ratio { value: facts.quality.slop_ratio(), unit: "", is_usd: false }),
        figure("session_test_pass_rate", "Test pass rate", FigureValue::Rate(facts.quality.test_pass_rate())),
        figure("session_lines_committed", "Lines committed", FigureValue::Count(facts.committed.map_or(0, |lines| u64::from(lines.added)))),
    ];
    let class = facts.quality.classification().label();
    Some(SessionDetail { index, heading: format!("{heading} ({}, {class})", facts.outcome.label()), figures, timeline })
}

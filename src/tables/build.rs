//! The normalised data as tables, from the same core the page and `summary` use: the
//! sessions at the idle cutoff, each session's facts, its tool uses paired, its rule hits
//! and practices. Each table's rows carry the columns of [`RowContext`] and a day and ISO
//! week; `docs/warehouse.md` says what every column means.

use chrono::NaiveDate;

use super::column::Table;
use super::context::{day_and_week, RowContext, Span};
use super::layout::{check_runs_table, conversations_table, edits_table, practices_table, requests_table, rule_hits_table, sessions_table, tool_calls_table};
use crate::export::Redaction;
use crate::metrics::code::{applied_lines, is_edit_tool};
use crate::metrics::commands;
use crate::metrics::rule_catalogue::CATALOGUE;
use crate::metrics::rules::rule_hits;
use crate::metrics::selection::{Filters, Selection};
use crate::metrics::tool_use::pair_tool_uses;
use crate::metrics::tools::{recovered_later, total};
use crate::metrics::Settings;
use crate::model::keys::hashed_path;
use crate::model::{CheckKind, ConversationId, Dataset, EventKind, PriceStatus};
use crate::viewmodel::session_base::SessionBase;

/// What the tables are made of and with.
pub struct TableChoices<'a> {
    pub settings: &'a Settings,
    pub redaction: Redaction,
    pub batch: i64,
    /// Whether a conversation's rows are written (one already written unchanged is not).
    pub writes: &'a dyn Fn(ConversationId) -> bool,
    /// Each conversation's events, first and last (`context::conversation_spans`).
    pub spans: &'a [Option<Span>],
}

/// Rows of one table, one column at a time: the context columns first.
pub(super) struct Rows<T> {
    pub(super) rows: Vec<(usize, i64, T)>,
}

impl<T> Rows<T> {
    pub(super) fn new() -> Self {
        Rows { rows: Vec::new() }
    }

    pub(super) fn push(&mut self, conversation: ConversationId, timestamp_ms: i64, row: T) {
        self.rows.push((conversation.0 as usize, timestamp_ms, row));
    }

    /// The table with its context, time, day and week columns, ready for its own.
    pub(super) fn table(&self, name: &'static str, contexts: &[RowContext], settings: &Settings, time_column: &'static str) -> Table {
        let context = |index: usize| &contexts[index];
        let mut table = Table::new(name);
        table
            .int("batch", self.rows.iter().map(|(c, _, _)| context(*c).batch))
            .text("session_id", self.rows.iter().map(|(c, _, _)| context(*c).session_id.clone()))
            .text("person", self.rows.iter().map(|(c, _, _)| context(*c).person.clone()))
            .text("agent", self.rows.iter().map(|(c, _, _)| context(*c).agent.to_owned()))
            .text("project", self.rows.iter().map(|(c, _, _)| context(*c).project.clone()))
            .timestamp(time_column, self.rows.iter().map(|(_, time, _)| *time));
        let days: Vec<(i32, i32)> = self.rows.iter().map(|(_, time, _)| day_and_week(*time, settings.time_zone)).collect();
        table.date("day", days.iter().map(|(day, _)| *day)).date("week", days.iter().map(|(_, week)| *week));
        table
    }

    pub(super) fn each<'a, U>(&'a self, value: impl Fn(&'a T) -> U + 'a) -> impl Iterator<Item = U> + 'a {
        self.rows.iter().map(move |(_, _, row)| value(row))
    }
}

pub(super) struct SessionRow {
    pub(super) work_session: i64,
    pub(super) end_ms: i64,
    pub(super) active_time_ms: i64,
    pub(super) prompts: i64,
    pub(super) turns: i64,
    pub(super) interruptions: i64,
    pub(super) requests: i64,
    pub(super) tool_calls: i64,
    pub(super) tool_results: i64,
    pub(super) tool_errors: i64,
    pub(super) recovered_errors: i64,
    pub(super) applied_edits: i64,
    pub(super) rejected_edits: i64,
    pub(super) lines_added: i64,
    pub(super) lines_removed: i64,
    pub(super) usage: crate::model::TokenUsage,
    pub(super) cost_usd: f64,
    pub(super) outcome: &'static str,
    pub(super) models: String,
    pub(super) practices: crate::metrics::practices::Practices,
}

pub(super) struct RequestRow {
    pub(super) work_session: i64,
    pub(super) model: String,
    pub(super) usage: crate::model::TokenUsage,
    pub(super) reasoning_output_tokens: i64,
    pub(super) cost_usd: f64,
    pub(super) price_status: &'static str,
    pub(super) query_source: &'static str,
    pub(super) is_fast: bool,
}

pub(super) struct ToolRow {
    pub(super) work_session: i64,
    pub(super) tool_name: String,
    pub(super) target_kind: Option<&'static str>,
    pub(super) file_path: Option<String>,
    pub(super) command: Option<String>,
    pub(super) has_result: bool,
    pub(super) success: bool,
    pub(super) is_error: bool,
    pub(super) rejected: bool,
    pub(super) interrupted: bool,
    pub(super) recovered: bool,
    pub(super) duration_ms: Option<i64>,
    pub(super) error_text: Option<String>,
    pub(super) edit: Option<EditFacts>,
}

#[derive(Clone, Copy)]
pub(super) struct EditFacts {
    pub(super) proposed_added: i64,
    pub(super) proposed_removed: i64,
    pub(super) applied: bool,
    pub(super) lines_added: i64,
    pub(super) lines_removed: i64,
}

pub(super) struct HitRow {
    pub(super) work_session: i64,
    pub(super) rule: &'static str,
    pub(super) severity: &'static str,
    pub(super) charged: bool,
}

pub(super) struct CheckRow {
    pub(super) work_session: i64,
    pub(super) kind: &'static str,
    pub(super) runner: Option<&'static str>,
    pub(super) passed: Option<i64>,
    pub(super) failed: Option<i64>,
    pub(super) skipped: Option<i64>,
}

pub(super) fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn price_status(status: PriceStatus) -> &'static str {
    match status {
        PriceStatus::Exact => "exact",
        PriceStatus::Approximate => "approximate",
        PriceStatus::Logged => "logged",
        PriceStatus::Unpriced => "unpriced",
    }
}

/// Every table of `dataset` (all of it: the tables are filtered in the engine).
pub fn build_tables(dataset: &Dataset, choices: &TableChoices<'_>) -> Vec<Table> {
    let settings = choices.settings;
    let contexts = RowContext::all(dataset, choices.batch, choices.redaction);
    // All time: the period, and so today's date, plays no part.
    let (filters, today) = (Filters::default(), NaiveDate::default());
    let base = SessionBase::build(dataset, &filters, settings, today);
    let selection = Selection::new(dataset, &filters, settings, today);
    let texts = &dataset.texts;
    let path = |path: &str| if choices.redaction.hash_paths { hashed_path(path) } else { path.to_owned() };
    let mut sessions = Rows::new();
    let mut requests = Rows::new();
    let mut tools = Rows::new();
    let mut hits = Rows::new();
    let mut checks = Rows::new();
    let mut ordinal = (u32::MAX, 0_i64);
    for (index, session) in selection.sessions.iter().enumerate() {
        let Some(facts) = base.sessions().get(index) else { continue };
        if !(choices.writes)(session.conversation) {
            continue;
        }
        ordinal = if ordinal.0 == session.conversation.0 { (ordinal.0, ordinal.1 + 1) } else { (session.conversation.0, 1) };
        let work_session = ordinal.1;
        let conversation = session.conversation;
        let events = selection.session_events(session);
        let uses = pair_tool_uses(events, texts);
        let tool_totals = total(&facts.tools);
        let models: Vec<&str> = facts.models.iter().map(|(model, _)| texts.get(*model)).collect();
        sessions.push(
            conversation,
            session.start_ms,
            SessionRow {
                work_session,
                end_ms: session.end_ms,
                active_time_ms: facts.active_time_ms,
                prompts: count(facts.conversation_stats.prompts),
                turns: count(facts.conversation_stats.turns),
                interruptions: count(facts.conversation_stats.interruptions),
                requests: count(facts.requests),
                tool_calls: count(tool_totals.calls),
                tool_results: count(tool_totals.results),
                tool_errors: count(tool_totals.errors),
                recovered_errors: count(tool_totals.recovered_errors),
                applied_edits: count(facts.code.applied_edits),
                rejected_edits: count(facts.code.rejected_edits),
                lines_added: i64::from(facts.code.lines.added),
                lines_removed: i64::from(facts.code.lines.removed),
                usage: facts.usage,
                cost_usd: facts.cost_usd,
                outcome: facts.outcome.label(),
                models: models.join(","),
                practices: facts.practices,
            },
        );
        for event in events {
            match &event.kind {
                EventKind::AgentMessage { request: Some(request), .. } => {
                    let Some(request) = dataset.requests.get(*request as usize) else { continue };
                    requests.push(
                        conversation,
                        request.timestamp_ms,
                        RequestRow {
                            work_session,
                            model: texts.get(request.model).to_owned(),
                            usage: request.usage,
                            reasoning_output_tokens: count(request.reasoning_output_tokens),
                            cost_usd: request.cost_usd,
                            price_status: price_status(request.price_status),
                            query_source: if request.is_sidechain { "subagent" } else { "main" },
                            is_fast: request.is_fast,
                        },
                    );
                }
                EventKind::ToolResult { check: Some(check), .. } => {
                    let Some(run) = dataset.checks.get(check.index()) else { continue };
                    let (kind, runner) = match run.kind {
                        CheckKind::Build => ("build", None),
                        CheckKind::Test(runner) => ("test", Some(runner.code())),
                    };
                    let counts = run.counts;
                    checks.push(
                        conversation,
                        event.timestamp_ms,
                        CheckRow {
                            work_session,
                            kind,
                            runner,
                            passed: counts.map(|counts| i64::from(counts.passed)),
                            failed: counts.map(|counts| i64::from(counts.failed)),
                            skipped: counts.map(|counts| i64::from(counts.skipped)),
                        },
                    );
                }
                _ => {}
            }
        }
        for (position, tool_use) in uses.iter().enumerate() {
            let outcome = tool_use.outcome;
            let error_text = outcome.filter(|_| choices.redaction.include_text).and_then(|outcome| match &events[outcome.position].kind {
                EventKind::ToolResult { error: Some(error), .. } => Some(texts.get(error.text()).to_owned()),
                _ => None,
            });
            let edit = is_edit_tool(tool_use.tool).then(|| {
                let proposed = tool_use.proposed.unwrap_or_default();
                let applied = applied_lines(tool_use);
                EditFacts {
                    proposed_added: i64::from(proposed.added),
                    proposed_removed: i64::from(proposed.removed),
                    applied: applied.is_some(),
                    lines_added: applied.map_or(0, |lines| i64::from(lines.added)),
                    lines_removed: applied.map_or(0, |lines| i64::from(lines.removed)),
                }
            });
            let command = tool_use.command().map(|command| if choices.redaction.include_text { command.to_owned() } else { commands::summary(command) });
            tools.push(
                conversation,
                tool_use.call_ms,
                ToolRow {
                    work_session,
                    tool_name: tool_use.tool.to_owned(),
                    target_kind: tool_use.target.map(|_| if tool_use.is_command { "command" } else { "file" }),
                    file_path: tool_use.file_id().map(|file| path(texts.get(file))),
                    command,
                    has_result: outcome.is_some(),
                    success: tool_use.is_success(),
                    is_error: tool_use.is_error(),
                    rejected: tool_use.is_rejected(),
                    interrupted: outcome.is_some_and(|outcome| outcome.is_interruption),
                    recovered: tool_use.is_error() && recovered_later(&uses, position),
                    duration_ms: tool_use.duration_ms(),
                    error_text,
                    edit,
                },
            );
        }
        for hit in rule_hits(events, &uses, &dataset.checks) {
            let rule = &CATALOGUE[hit.rule];
            let time = events.get(hit.position).map_or(session.start_ms, |event| event.timestamp_ms);
            hits.push(conversation, time, HitRow { work_session, rule: rule.name, severity: rule.severity.label(), charged: rule.charged });
        }
    }
    vec![
        conversations_table(dataset, &contexts, settings, choices),
        sessions_table(&sessions, &contexts, settings),
        requests_table(&requests, &contexts, settings),
        tool_calls_table(&tools, &contexts, settings),
        edits_table(&tools, &contexts, settings),
        rule_hits_table(&hits, &contexts, settings),
        practices_table(&sessions, &contexts, settings),
        check_runs_table(&checks, &contexts, settings),
    ]
}

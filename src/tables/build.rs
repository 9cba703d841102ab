//! The normalised data as tables, from the same core the page and `summary` use: the
//! sessions at the idle cutoff, each session's facts, its tool uses paired, its rule hits
//! and practices. Each table's rows carry the columns of [`RowContext`] and a day and ISO
//! week; `docs/warehouse.md` says what every column means.

use chrono::NaiveDate;

use super::column::Table;
use super::context::{day_and_week, RowContext};
use crate::export::Redaction;
use crate::metrics::code::{applied_lines, is_edit_tool};
use crate::metrics::commands;
use crate::metrics::practices::Practice;
use crate::metrics::rule_catalogue::CATALOGUE;
use crate::metrics::rules::rule_hits;
use crate::metrics::selection::{Filters, Selection};
use crate::metrics::tool_use::pair_tool_uses;
use crate::metrics::tools::{recovered_later, total};
use crate::metrics::Settings;
use crate::model::keys::hashed_path;
use crate::model::{CheckKind, ConversationId, Dataset, EventKind, PriceStatus};
use crate::viewmodel::dashboard::Dashboard;

/// What the tables are made of and with.
pub struct TableChoices<'a> {
    pub settings: &'a Settings,
    /// The date the dashboard would take as today (the tables hold all time).
    pub today: NaiveDate,
    pub redaction: Redaction,
    pub batch: i64,
    /// Whether a conversation's rows are written (one already written unchanged is not).
    pub writes: &'a dyn Fn(ConversationId) -> bool,
}

/// Rows of one table, one column at a time: the context columns first.
struct Rows<T> {
    rows: Vec<(usize, i64, T)>,
}

impl<T> Rows<T> {
    fn new() -> Self {
        Rows { rows: Vec::new() }
    }

    fn push(&mut self, conversation: ConversationId, timestamp_ms: i64, row: T) {
        self.rows.push((conversation.0 as usize, timestamp_ms, row));
    }

    /// The table with its context, time, day and week columns, ready for its own.
    fn table(&self, name: &'static str, contexts: &[RowContext], settings: &Settings, time_column: &'static str) -> Table {
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

    fn each<'a, U>(&'a self, value: impl Fn(&'a T) -> U + 'a) -> impl Iterator<Item = U> + 'a {
        self.rows.iter().map(move |(_, _, row)| value(row))
    }
}

struct SessionRow {
    work_session: i64,
    end_ms: i64,
    active_time_ms: i64,
    prompts: i64,
    turns: i64,
    interruptions: i64,
    requests: i64,
    tool_calls: i64,
    tool_results: i64,
    tool_errors: i64,
    recovered_errors: i64,
    applied_edits: i64,
    rejected_edits: i64,
    lines_added: i64,
    lines_removed: i64,
    usage: crate::model::TokenUsage,
    cost_usd: f64,
    outcome: &'static str,
    models: String,
    practices: crate::metrics::practices::Practices,
}

struct RequestRow {
    work_session: i64,
    model: String,
    usage: crate::model::TokenUsage,
    reasoning_output_tokens: i64,
    cost_usd: f64,
    price_status: &'static str,
    query_source: &'static str,
    is_fast: bool,
}

struct ToolRow {
    work_session: i64,
    tool_name: String,
    target_kind: Option<&'static str>,
    file_path: Option<String>,
    command: Option<String>,
    has_result: bool,
    success: bool,
    is_error: bool,
    rejected: bool,
    interrupted: bool,
    recovered: bool,
    duration_ms: Option<i64>,
    error_text: Option<String>,
    edit: Option<EditFacts>,
}

#[derive(Clone, Copy)]
struct EditFacts {
    proposed_added: i64,
    proposed_removed: i64,
    applied: bool,
    lines_added: i64,
    lines_removed: i64,
}

struct HitRow {
    work_session: i64,
    rule: &'static str,
    severity: &'static str,
    charged: bool,
}

struct CheckRow {
    work_session: i64,
    kind: &'static str,
    runner: Option<&'static str>,
    passed: Option<i64>,
    failed: Option<i64>,
    skipped: Option<i64>,
}

fn count(value: u64) -> i64 {
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
    let filters = Filters::default();
    let today = choices.today;
    let dashboard = Dashboard::build(dataset, &filters, settings, today);
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
        let Some(facts) = dashboard.session(index) else { continue };
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

fn conversations_table(dataset: &Dataset, contexts: &[RowContext], settings: &Settings, choices: &TableChoices<'_>) -> Table {
    let mut spans: Vec<Option<(i64, i64, i64)>> = vec![None; dataset.conversations.len()];
    for event in &dataset.events {
        let span = &mut spans[event.conversation.0 as usize];
        let (first, last, events) = span.get_or_insert((event.timestamp_ms, event.timestamp_ms, 0));
        *first = (*first).min(event.timestamp_ms);
        *last = (*last).max(event.timestamp_ms);
        *events += 1;
    }
    let mut rows = Rows::new();
    for (index, conversation) in dataset.conversations.iter().enumerate() {
        let id = ConversationId(index as u32);
        let Some((first, last, events)) = spans[index] else { continue };
        if (choices.writes)(id) {
            rows.push(id, first, (last, events, conversation));
        }
    }
    let hash = choices.redaction.hash_paths;
    let mut table = rows.table("conversations", contexts, settings, "first_time");
    table
        .timestamp("last_time", rows.each(|(last, _, _)| *last))
        .int("events", rows.each(|(_, events, _)| *events))
        .text("project_path", rows.each(|(_, _, c)| if hash { hashed_path(&c.project_path) } else { c.project_path.clone() }))
        .text("git_branch", rows.each(|(_, _, c)| c.git_branch.clone()))
        .optional_text("title", rows.each(|(_, _, c)| c.title.clone()));
    table
}

fn sessions_table(rows: &Rows<SessionRow>, contexts: &[RowContext], settings: &Settings) -> Table {
    let mut table = rows.table("sessions", contexts, settings, "start_time");
    table
        .int("work_session", rows.each(|row| row.work_session))
        .timestamp("end_time", rows.each(|row| row.end_ms))
        .int("active_time_ms", rows.each(|row| row.active_time_ms))
        .int("prompts", rows.each(|row| row.prompts))
        .int("turns", rows.each(|row| row.turns))
        .int("interruptions", rows.each(|row| row.interruptions))
        .int("requests", rows.each(|row| row.requests))
        .int("tool_calls", rows.each(|row| row.tool_calls))
        .int("tool_results", rows.each(|row| row.tool_results))
        .int("tool_errors", rows.each(|row| row.tool_errors))
        .int("recovered_errors", rows.each(|row| row.recovered_errors))
        .int("applied_edits", rows.each(|row| row.applied_edits))
        .int("rejected_edits", rows.each(|row| row.rejected_edits))
        .int("lines_added", rows.each(|row| row.lines_added))
        .int("lines_removed", rows.each(|row| row.lines_removed));
    token_columns(&mut table, rows, |row| row.usage);
    table
        .float("cost_usd", rows.each(|row| row.cost_usd))
        .text("outcome", rows.each(|row| row.outcome.to_owned()))
        .text("models", rows.each(|row| row.models.clone()));
    table
}

/// The token classes, OpenTelemetry's `cache_creation_tokens` (both cache writes) and
/// the total.
fn token_columns<T>(table: &mut Table, rows: &Rows<T>, usage: impl Fn(&T) -> crate::model::TokenUsage + Copy) {
    table
        .int("input_tokens", rows.each(move |row| count(usage(row).input_tokens)))
        .int("output_tokens", rows.each(move |row| count(usage(row).output_tokens)))
        .int("cache_write_5m_tokens", rows.each(move |row| count(usage(row).cache_write_5m_tokens)))
        .int("cache_write_1h_tokens", rows.each(move |row| count(usage(row).cache_write_1h_tokens)))
        .int("cache_creation_tokens", rows.each(move |row| count(usage(row).cache_write_tokens())))
        .int("cache_read_tokens", rows.each(move |row| count(usage(row).cache_read_tokens)))
        .int("total_tokens", rows.each(move |row| count(usage(row).total_tokens())));
}

fn requests_table(rows: &Rows<RequestRow>, contexts: &[RowContext], settings: &Settings) -> Table {
    let mut table = rows.table("requests", contexts, settings, "time");
    table.int("work_session", rows.each(|row| row.work_session)).text("model", rows.each(|row| row.model.clone()));
    token_columns(&mut table, rows, |row| row.usage);
    table
        .int("reasoning_output_tokens", rows.each(|row| row.reasoning_output_tokens))
        .float("cost_usd", rows.each(|row| row.cost_usd))
        .text("price_status", rows.each(|row| row.price_status.to_owned()))
        .text("query_source", rows.each(|row| row.query_source.to_owned()))
        .bool("is_fast", rows.each(|row| row.is_fast));
    table
}

fn tool_calls_table(rows: &Rows<ToolRow>, contexts: &[RowContext], settings: &Settings) -> Table {
    let mut table = rows.table("tool_calls", contexts, settings, "time");
    table
        .int("work_session", rows.each(|row| row.work_session))
        .text("tool_name", rows.each(|row| row.tool_name.clone()))
        .optional_text("target_kind", rows.each(|row| row.target_kind.map(str::to_owned)))
        .optional_text("file_path", rows.each(|row| row.file_path.clone()))
        .optional_text("command", rows.each(|row| row.command.clone()))
        .bool("has_result", rows.each(|row| row.has_result))
        .bool("success", rows.each(|row| row.success))
        .bool("is_error", rows.each(|row| row.is_error))
        .bool("rejected", rows.each(|row| row.rejected))
        .bool("interrupted", rows.each(|row| row.interrupted))
        .bool("recovered", rows.each(|row| row.recovered))
        .optional_int("duration_ms", rows.each(|row| row.duration_ms))
        .optional_text("error_text", rows.each(|row| row.error_text.clone()));
    table
}

fn edits_table(tools: &Rows<ToolRow>, contexts: &[RowContext], settings: &Settings) -> Table {
    let mut rows = Rows::new();
    for (conversation, time, row) in &tools.rows {
        if let Some(edit) = row.edit {
            rows.push(ConversationId(*conversation as u32), *time, (row.work_session, row.tool_name.clone(), row.file_path.clone(), row.rejected, edit));
        }
    }
    let mut table = rows.table("edits", contexts, settings, "time");
    table
        .int("work_session", rows.each(|row| row.0))
        .text("tool_name", rows.each(|row| row.1.clone()))
        .optional_text("file_path", rows.each(|row| row.2.clone()))
        .int("proposed_added", rows.each(|row| row.4.proposed_added))
        .int("proposed_removed", rows.each(|row| row.4.proposed_removed))
        .bool("applied", rows.each(|row| row.4.applied))
        .bool("rejected", rows.each(|row| row.3 && !row.4.applied))
        .int("lines_added", rows.each(|row| row.4.lines_added))
        .int("lines_removed", rows.each(|row| row.4.lines_removed));
    table
}

fn rule_hits_table(rows: &Rows<HitRow>, contexts: &[RowContext], settings: &Settings) -> Table {
    let mut table = rows.table("rule_hits", contexts, settings, "time");
    table
        .int("work_session", rows.each(|row| row.work_session))
        .text("rule", rows.each(|row| row.rule.to_owned()))
        .text("severity", rows.each(|row| row.severity.to_owned()))
        .bool("charged", rows.each(|row| row.charged));
    table
}

/// One row per session and practice: `avg(adopted)` is the adoption matrix's share.
fn practices_table(sessions: &Rows<SessionRow>, contexts: &[RowContext], settings: &Settings) -> Table {
    let mut rows = Rows::new();
    for (conversation, time, row) in &sessions.rows {
        for practice in Practice::ALL {
            rows.push(ConversationId(*conversation as u32), *time, (row.work_session, practice, row.practices.has(practice)));
        }
    }
    let mut table = rows.table("session_practices", contexts, settings, "start_time");
    table.int("work_session", rows.each(|row| row.0)).text("practice", rows.each(|row| row.1.name().to_owned())).bool("adopted", rows.each(|row| row.2));
    table
}

fn check_runs_table(rows: &Rows<CheckRow>, contexts: &[RowContext], settings: &Settings) -> Table {
    let mut table = rows.table("check_runs", contexts, settings, "time");
    table
        .int("work_session", rows.each(|row| row.work_session))
        .text("kind", rows.each(|row| row.kind.to_owned()))
        .optional_text("runner", rows.each(|row| row.runner.map(str::to_owned)))
        .optional_int("passed", rows.each(|row| row.passed))
        .optional_int("failed", rows.each(|row| row.failed))
        .optional_int("skipped", rows.each(|row| row.skipped));
    table
}

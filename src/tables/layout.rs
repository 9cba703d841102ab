//! Each table's columns, from the rows `build` collected: the context columns first
//! (`Rows::table`), then the table's own, in the order `docs/warehouse.md` lists them.

use super::build::{count, CheckRow, HitRow, RequestRow, Rows, SessionRow, TableChoices, ToolRow};
use super::column::Table;
use super::context::RowContext;
use crate::metrics::practices::Practice;
use crate::metrics::Settings;
use crate::model::keys::hashed_path;
use crate::model::{ConversationId, Dataset};

pub(super) fn conversations_table(dataset: &Dataset, contexts: &[RowContext], settings: &Settings, choices: &TableChoices<'_>) -> Table {
    let mut rows = Rows::new();
    for (index, conversation) in dataset.conversations.iter().enumerate() {
        let id = ConversationId(index as u32);
        let Some(span) = choices.spans.get(index).copied().flatten() else { continue };
        if (choices.writes)(id) {
            rows.push(id, span.first_ms, (span.last_ms, span.events, conversation));
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

pub(super) fn sessions_table(rows: &Rows<SessionRow>, contexts: &[RowContext], settings: &Settings) -> Table {
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

pub(super) fn requests_table(rows: &Rows<RequestRow>, contexts: &[RowContext], settings: &Settings) -> Table {
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

pub(super) fn tool_calls_table(rows: &Rows<ToolRow>, contexts: &[RowContext], settings: &Settings) -> Table {
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

pub(super) fn edits_table(tools: &Rows<ToolRow>, contexts: &[RowContext], settings: &Settings) -> Table {
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

pub(super) fn rule_hits_table(rows: &Rows<HitRow>, contexts: &[RowContext], settings: &Settings) -> Table {
    let mut table = rows.table("rule_hits", contexts, settings, "time");
    table
        .int("work_session", rows.each(|row| row.work_session))
        .text("rule", rows.each(|row| row.rule.to_owned()))
        .text("severity", rows.each(|row| row.severity.to_owned()))
        .bool("charged", rows.each(|row| row.charged));
    table
}

/// One row per session and practice: `avg(adopted)` is the adoption matrix's share.
pub(super) fn practices_table(sessions: &Rows<SessionRow>, contexts: &[RowContext], settings: &Settings) -> Table {
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

pub(super) fn check_runs_table(rows: &Rows<CheckRow>, contexts: &[RowContext], settings: &Settings) -> Table {
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

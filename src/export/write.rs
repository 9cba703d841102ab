//! Writes a dataset as an export (`docs/export-schema.md`): everything the figures,
//! filters and drill-down need, and by default no prompt text, tool output or previews.
//! Written through serde (`written` has the document's types, `line_format` its layout)
//! piece by piece into any `io::Write` (a file, a gzip stream, the page's download):
//! the rows are made as they are written, never held whole.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::{self, Write};

use super::line_format::{write_row_per_line, Rows};
use super::schema::{self, kind, request_flags, Redaction};
use super::texts::ExportTexts;
use super::written::{
    CheckRow, CommitRow, ConversationRow, Document, EventRow, ExampleRow, FileRow, HexKey, OptionalKey, OutcomeRow, Producer, RequestRow, ResultRow, SkipCounts,
};
use crate::model::keys::hashed_path;
use crate::model::{CheckKind, ConversationId, Dataset, EventKind, FileOutcome, LineCounts, LineKey, Target};

/// What to export, and how.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    pub redaction: Redaction,
    /// When the export was made, RFC 3339 in UTC (`created_at`).
    pub created_at: String,
    /// Which conversations to write (by dataset index); all when `None`. A report embeds
    /// the conversations its filters keep.
    pub conversations: Option<Vec<bool>>,
}

/// Writes the export of `dataset` into `out`.
pub fn write_export<'a>(dataset: &'a Dataset, options: &'a ExportOptions, mut out: impl Write) -> io::Result<()> {
    // One copy of the writer whatever `out` is (a download, a report's script element).
    write_export_to(dataset, options, &mut out)
}

fn write_export_to<'a>(dataset: &'a Dataset, options: &'a ExportOptions, mut out: &mut dyn Write) -> io::Result<()> {
    let redaction = options.redaction;
    let keeps = |conversation: usize| options.conversations.as_ref().is_none_or(|kept| kept.get(conversation).copied().unwrap_or(false));
    // Export indexes of the kept conversations and requests.
    let mut conversation_index: Vec<Option<u32>> = vec![None; dataset.conversations.len()];
    let mut kept_conversations = Vec::new();
    for (index, _) in dataset.conversations.iter().enumerate().filter(|(index, _)| keeps(*index)) {
        conversation_index[index] = Some(kept_conversations.len() as u32);
        kept_conversations.push(index);
    }
    let mut request_index: Vec<Option<u32>> = vec![None; dataset.requests.len()];
    let mut kept_requests = Vec::new();
    for (index, request) in dataset.requests.iter().enumerate() {
        if conversation_index[request.conversation.0 as usize].is_some() {
            request_index[index] = Some(kept_requests.len() as u32);
            kept_requests.push(index);
        }
    }
    let request_of = |index: Option<u32>| index.and_then(|index| request_index[index as usize]);
    // The build and test runs the kept events name, in order.
    let mut check_index: Vec<Option<u32>> = vec![None; dataset.checks.len()];
    let mut kept_checks = Vec::new();
    // The texts the kept rows use, numbered in the dataset's order.
    let mut texts = ExportTexts::new(&dataset.texts, redaction);
    for index in &kept_requests {
        texts.mark_plain(dataset.requests[*index].model);
    }
    let kept_events: Vec<usize> =
        (0..dataset.events.len()).filter(|index| conversation_index[dataset.events[*index].conversation.0 as usize].is_some()).collect();
    for index in &kept_events {
        match &dataset.events[*index].kind {
            EventKind::ToolCall { tool, target, .. } => {
                texts.mark_plain(*tool);
                if let Some(target) = target {
                    texts.mark_target(*target);
                }
            }
            EventKind::ToolResult { check, error, .. } => {
                if let Some(slot) = check.and_then(|check| check_index.get_mut(check.index())).filter(|slot| slot.is_none()) {
                    *slot = Some(kept_checks.len() as u32);
                    kept_checks.extend(check.map(|check| check.index()));
                }
                if let Some(error) = error.filter(|_| redaction.include_text) {
                    texts.mark_plain(error.text());
                }
            }
            _ => {}
        }
    }
    texts.number();
    let people: BTreeSet<&str> = kept_conversations.iter().map(|index| dataset.conversations[*index].person.as_str()).collect();

    let text = |preview: &'a str| (redaction.include_text && !preview.is_empty()).then_some(preview);
    let path = |path: &'a str| if redaction.hash_paths { Cow::Owned(hashed_path(path)) } else { Cow::Borrowed(path) };
    let conversation_of = |event_or_request: ConversationId| conversation_index[event_or_request.0 as usize].unwrap_or_default();
    let document = Document {
        format: schema::FORMAT,
        schema_version: schema::SCHEMA_VERSION,
        producer: Producer { name: schema::PRODUCER, version: schema::PRODUCER_VERSION },
        created_at: &options.created_at,
        person: (people.len() == 1).then(|| people.iter().next().copied()).flatten(),
        people: &people,
        redaction,
        prices: &dataset.prices_label,
        texts: Rows::new(texts.texts().iter()),
        conversations: Rows::new(kept_conversations.iter().map(|index| {
            let conversation = &dataset.conversations[*index];
            ConversationRow {
                key: &conversation.session_key,
                agent: conversation.agent.label(),
                person: &conversation.person,
                project: path(&conversation.project_path),
                branch: &conversation.git_branch,
                title: conversation.title.as_deref(),
            }
        })),
        requests: Rows::new(kept_requests.iter().map(|index| {
            let request = &dataset.requests[*index];
            let usage = &request.usage;
            let flags = if request.is_fast { request_flags::FAST } else { 0 } | if request.is_sidechain { request_flags::SIDECHAIN } else { 0 };
            RequestRow(
                conversation_of(request.conversation),
                request.timestamp_ms,
                texts.plain(request.model),
                usage.input_tokens,
                usage.output_tokens,
                usage.cache_write_5m_tokens,
                usage.cache_write_1h_tokens,
                usage.cache_read_tokens,
                request.cost_usd,
                request.price_status.code(),
                request.logged_cost_usd(),
                flags,
                OptionalKey(request.keys.request),
                OptionalKey(request.keys.message),
                request.reasoning_output_tokens,
            )
        })),
        events: Rows::new(kept_events.iter().map(|index| {
            let event = &dataset.events[*index];
            let (conversation, time_ms, line) =
                (conversation_of(event.conversation), event.timestamp_ms, OptionalKey(if event.line == LineKey::NONE { 0 } else { event.line.0 }));
            let sidechain = u8::from(event.is_sidechain);
            let lines = |counts: Option<LineCounts>| counts.map(|counts| [counts.added, counts.removed]);
            match &event.kind {
                EventKind::HumanPrompt { is_plan_mode, preview } => {
                    EventRow::Prompt(conversation, time_ms, line, sidechain, kind::PROMPT, u8::from(*is_plan_mode), text(preview))
                }
                EventKind::AgentMessage { request, preview } => {
                    EventRow::Message(conversation, time_ms, line, sidechain, kind::MESSAGE, request_of(*request), text(preview))
                }
                EventKind::ToolCall { tool_use_id, tool, target, proposed, request } => {
                    let (target_kind, target) = match target {
                        Some(target @ Target::File(_)) => (Some(schema::target::FILE), Some(texts.target(*target))),
                        Some(target @ Target::Command(_)) => (Some(schema::target::COMMAND), Some(texts.target(*target))),
                        None => (None, None),
                    };
                    EventRow::Call(
                        conversation,
                        time_ms,
                        line,
                        sidechain,
                        kind::CALL,
                        HexKey(tool_use_id.0),
                        texts.plain(*tool),
                        target_kind,
                        target,
                        lines(*proposed),
                        request_of(*request),
                    )
                }
                EventKind::ToolResult { tool_use_id, is_error, is_rejection, is_interruption, writes_todo, applied, check, error } => {
                    EventRow::Result(ResultRow {
                        head: (conversation, time_ms, line, sidechain),
                        tool_use_id: HexKey(tool_use_id.0),
                        flags: [u8::from(*is_error), u8::from(*is_rejection), u8::from(*is_interruption)],
                        applied: lines(*applied),
                        writes_todo: u8::from(*writes_todo),
                        check: check.and_then(|check| check_index[check.index()]),
                        error: error.filter(|_| redaction.include_text).map(|error| texts.plain(error.text())),
                    })
                }
                EventKind::SlashCommand { name } => EventRow::Command(conversation, time_ms, line, sidechain, kind::COMMAND, name),
                EventKind::Interruption => EventRow::Bare(conversation, time_ms, line, sidechain, kind::INTERRUPTION),
                EventKind::Compaction => EventRow::Bare(conversation, time_ms, line, sidechain, kind::COMPACTION),
                EventKind::SystemMeta => EventRow::Bare(conversation, time_ms, line, sidechain, kind::META),
            }
        })),
        checks: Rows::new(kept_checks.iter().map(|index| {
            let check = &dataset.checks[*index];
            let (kind, runner) = match check.kind {
                CheckKind::Build => ("build", None),
                CheckKind::Test(runner) => ("test", Some(runner.code())),
            };
            let counts = check.counts;
            let (passed, failed, skipped) = (counts.map(|c| c.passed), counts.map(|c| c.failed), counts.map(|c| c.skipped));
            if check.failing_tests.is_empty() {
                CheckRow::Plain(kind, runner, passed, failed, skipped)
            } else {
                // Hashed with paths: a regression only needs names to compare equal.
                CheckRow::Failing(kind, runner, passed, failed, skipped, check.failing_tests.iter().map(|name| path(name)).collect())
            }
        })),
        commits: Rows::new(
            dataset.commits.iter().map(|commit| CommitRow(path(&commit.repository), commit.timestamp_ms, HexKey(commit.key), commit.added, commit.removed)),
        ),
        // A part of the conversations (a report's): the records of their people; a
        // report of other tools' records alone keeps them all.
        external: super::external::redacted(&dataset.external, redaction, (options.conversations.is_some() && !people.is_empty()).then_some(&people)),
        files: Rows::new(dataset.files.iter().map(|file| FileRow {
            path: path(&file.path),
            size_bytes: file.size_bytes,
            lines: file.line_count,
            outcome: match &file.outcome {
                FileOutcome::Read { agent } => OutcomeRow::Read { agent: agent.label() },
                FileOutcome::Imported { conversations } => OutcomeRow::Imported { conversations: *conversations },
                FileOutcome::Prices { models } => OutcomeRow::Prices { models: *models },
                FileOutcome::Skipped { reason } => OutcomeRow::Skipped { reason: reason.to_string() },
            },
            skipped_lines: SkipCounts(&file.skipped_lines),
        })),
        skipped_line_examples: Rows::new(dataset.diagnostics.kept.iter().map(|example| ExampleRow {
            file: path(&example.file),
            line: example.line,
            reason: example.reason.code(),
            detail: redaction.include_text.then_some(example.detail.as_str()),
        })),
    };
    write_row_per_line(&document, &mut out)?;
    out.flush()
}

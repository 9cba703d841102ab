//! Claude Code transcripts (`~/.claude/projects/**/*.jsonl`).
//!
//! Quirks handled here (format notes: `docs/transcript-formats.md` in the shared docs):
//! - one API response is written as several assistant lines sharing `message.id` and
//!   `requestId`; early lines of 1.0.x builds carry a partial `output_tokens`
//!   (deduplicated by the builder, which keeps the largest);
//! - user lines are prompts, tool results, slash-command echoes, meta text, compaction
//!   summaries or interruption markers (`classify`);
//! - subagent turns arrive inline (1.0.x, `isSidechain`), as `agent-*.jsonl` beside the
//!   session (2.0.x) or under `<session>/subagents/` (2.1.x); all carry the parent's
//!   `sessionId`, so they join the parent conversation with `is_sidechain` set;
//! - `summary` lines have no session and title whichever conversation holds `leafUuid`;
//! - every other line type is metadata and is read past without complaint;
//! - `<synthetic>` assistant lines (API errors) carry no billable usage.

mod classify;
mod prefilter;
mod raw;
mod tools;

use std::borrow::Cow;

use super::builder::{CallNote, DatasetBuilder, Upsert};
use super::line_errors::{parse_failure, timestamp_ms};
use crate::model::{
    preview, Agent, ConversationId, Diagnostic, Event, EventKind, LineKey, PriceStatus, RecordedCost, Request, RequestKey, SkipReason, Target, TitleRank,
    TokenUsage, ToolUseId,
};
use raw::{Content, Line, RawMessage, RawUsage};

const SYNTHETIC_MODEL: &str = "<synthetic>";

/// Reads the lines of one Claude Code file into the builder.
#[derive(Debug)]
pub struct ClaudeFile {
    path: String,
    person: String,
    /// Session key for lines that carry no `sessionId`: the file name without `.jsonl`.
    fallback_key: String,
    /// For a 2.1.x subagent file (`<session>/subagents/agent-*.jsonl`): the parent
    /// session, which every line of the file belongs to.
    parent_key: Option<String>,
}

/// `<session>` of `…/<session>/subagents/[workflows/<id>/]agent-x.jsonl`.
fn parent_session_of(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split(['/', '\\']).collect();
    let subagents = segments.iter().rposition(|segment| *segment == "subagents")?;
    let file = segments.last()?;
    (file.starts_with("agent-") && subagents > 0).then(|| segments[subagents - 1].to_owned())
}

/// Top-level line types only Claude Code writes (format notes, section 1.2).
const LINE_TYPES: [&str; 10] =
    ["user", "assistant", "system", "summary", "file-history-snapshot", "queue-operation", "progress", "attachment", "custom-title", "cost-state"];

/// True when a parsed line looks like Claude Code's.
pub fn recognises(probe: &serde_json::Map<String, serde_json::Value>) -> bool {
    let has_envelope = ["sessionId", "uuid", "leafUuid", "parentUuid"].iter().any(|key| probe.contains_key(*key));
    let kind = probe.get("type").and_then(|kind| kind.as_str());
    let is_codex = probe.contains_key("payload");
    !is_codex && (has_envelope || kind.is_some_and(|kind| LINE_TYPES.contains(&kind)))
}

impl ClaudeFile {
    pub fn new(path: &str, person: &str) -> Self {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let fallback_key = name.strip_suffix(".jsonl").unwrap_or(name).to_owned();
        ClaudeFile { path: path.to_owned(), person: person.to_owned(), fallback_key, parent_key: parent_session_of(path) }
    }

    pub fn line(&self, builder: &mut DatasetBuilder, number: u64, bytes: &[u8], is_unterminated: bool) {
        let skip = |builder: &mut DatasetBuilder, reason: SkipReason, detail: String| {
            builder.diagnostic(Diagnostic { file: self.path.clone(), line: number, reason, detail });
        };
        if prefilter::can_skip(bytes) {
            return;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => return skip(builder, SkipReason::InvalidUtf8, error.to_string()),
        };
        let raw: Line<'_> = match raw::parse_line(text) {
            Ok(raw) => raw,
            Err(error) => {
                let reason = parse_failure(text, &error, is_unterminated);
                return skip(builder, reason, error.to_string());
            }
        };
        let has_usage = raw.message.as_ref().is_some_and(|message| message.usage.is_some());
        let kind = match raw.kind.as_deref() {
            Some("summary") => {
                if let (Some(leaf), Some(summary)) = (&raw.leaf_uuid, &raw.summary) {
                    builder.title(leaf, summary);
                }
                return;
            }
            Some(kind @ ("custom-title" | "ai-title")) => {
                let title = if kind == "custom-title" { &raw.custom_title } else { &raw.ai_title };
                if let (Some(session), Some(title)) = (&raw.session_id, title) {
                    let rank = if kind == "custom-title" { TitleRank::Custom } else { TitleRank::Generated };
                    builder.named_title(Agent::ClaudeCode, session, title, rank);
                }
                return;
            }
            Some("progress") => return self.progress_line(builder, raw, bytes, &skip),
            Some(kind @ ("user" | "assistant" | "system")) => kind,
            // Minimal lines (older tools, hand-written tests) carry usage but no type.
            None if has_usage => "assistant",
            _ => return,
        };
        let line = line_key(raw.uuid.as_deref(), bytes);
        if let Err((reason, detail)) = self.conversation_line(builder, kind, &raw, line) {
            skip(builder, reason, detail);
        }
        if let Some((reason, detail)) = builder.take_line_note() {
            skip(builder, reason, detail);
        }
    }

    /// A subagent's line nested in the parent's `agent_progress` line. When the
    /// subagent also has its own file, the same request and line ids make it count once.
    fn progress_line(&self, builder: &mut DatasetBuilder, outer: Line<'_>, outer_bytes: &[u8], skip: &impl Fn(&mut DatasetBuilder, SkipReason, String)) {
        let Some(progress) = outer.data else { return };
        let Some(mut nested) = progress.message.filter(|_| progress.kind.as_deref() == Some("agent_progress")) else {
            return;
        };
        let Some(kind @ ("user" | "assistant")) = nested.kind.as_deref() else { return };
        let kind = if kind == "user" { "user" } else { "assistant" };
        nested.session_id = nested.session_id.or(outer.session_id);
        nested.cwd = nested.cwd.or(outer.cwd);
        nested.git_branch = nested.git_branch.or(outer.git_branch);
        nested.is_sidechain = Some(true);
        let line = line_key(nested.uuid.as_deref(), outer_bytes);
        if let Err((reason, detail)) = self.conversation_line(builder, kind, &nested, line) {
            skip(builder, reason, detail);
        }
        if let Some((reason, detail)) = builder.take_line_note() {
            skip(builder, reason, detail);
        }
    }

    fn conversation_line(&self, builder: &mut DatasetBuilder, kind: &str, raw: &Line<'_>, line_key: LineKey) -> Result<(), (SkipReason, String)> {
        let key = self.parent_key.as_deref().or(raw.session_id.as_deref()).unwrap_or(&self.fallback_key);
        let conversation = builder.conversation(key, Agent::ClaudeCode, &self.person);
        builder.note_place(conversation, raw.cwd.as_deref(), raw.git_branch.as_deref());
        if !builder.first_sighting(line_key, conversation) {
            return Ok(());
        }
        let timestamp_ms = timestamp_ms(raw.timestamp.as_deref())?;
        let is_sidechain = raw.is_sidechain == Some(true) || self.parent_key.is_some();
        let line = LineContext { conversation, timestamp_ms, is_sidechain, key: line_key };
        match kind {
            "user" => user_line(builder, &line, raw),
            "assistant" => assistant_line(builder, &line, raw),
            _ => {
                let event = if raw.subtype.as_deref() == Some("compact_boundary") { EventKind::Compaction } else { EventKind::SystemMeta };
                line.push(builder, event);
                Ok(())
            }
        }
    }
}

/// A line's key: its `uuid`, or without one its bytes.
fn line_key(uuid: Option<&str>, bytes: &[u8]) -> LineKey {
    uuid.map_or_else(|| LineKey::of_content(bytes), LineKey::of_uuid)
}

struct LineContext {
    conversation: ConversationId,
    timestamp_ms: i64,
    is_sidechain: bool,
    key: LineKey,
}

impl LineContext {
    fn push(&self, builder: &mut DatasetBuilder, kind: EventKind) {
        builder.push_event(Event { timestamp_ms: self.timestamp_ms, line: self.key, conversation: self.conversation, is_sidechain: self.is_sidechain, kind });
    }
}

fn user_line(builder: &mut DatasetBuilder, line: &LineContext, raw: &Line<'_>) -> Result<(), (SkipReason, String)> {
    if raw.is_compact_summary == Some(true) {
        line.push(builder, EventKind::Compaction);
        return Ok(());
    }
    let content = match raw.message.as_ref().and_then(|message| message.content.as_ref()) {
        Some(content) if raw.is_meta != Some(true) => content,
        _ => {
            line.push(builder, EventKind::SystemMeta);
            return Ok(());
        }
    };
    let is_plan_mode = raw.permission_mode.as_deref() == Some("plan");
    match content.as_ref().map_err(|error| (SkipReason::WrongFieldType, error.clone()))? {
        Content::Text(text) => line.push(builder, classify::user_text(text, is_plan_mode)),
        Content::Blocks(blocks) => {
            let mut has_tool_results = false;
            let applied = tools::applied_lines(raw.tool_use_result);
            for block in blocks {
                if let (Some("tool_result"), Some(tool_use_id)) = (block.kind.as_deref(), &block.tool_use_id) {
                    has_tool_results = true;
                    let raw_result = block.content.map(|content| content.get()).unwrap_or("");
                    let tool_use_id = ToolUseId::of(tool_use_id);
                    let note = builder.take_call_note(tool_use_id).unwrap_or_default();
                    let check = builder.check_run(note, || Some(tools::command_output(raw.tool_use_result, block.content)));
                    let is_error = block.is_error == Some(true);
                    let is_rejection = classify::is_rejection(raw_result);
                    let is_interruption = classify::is_interruption(raw_result);
                    let error = builder.error_text((is_error && !is_rejection && !is_interruption).then(|| tools::error_text(block.content)).flatten());
                    line.push(
                        builder,
                        EventKind::ToolResult { tool_use_id, is_error, is_rejection, is_interruption, writes_todo: note.writes_todo, applied, check, error },
                    );
                }
            }
            let first_text = blocks.iter().find(|block| block.kind.as_deref() == Some("text"));
            if let Some(text) = first_text.and_then(|block| block.text.as_deref()) {
                match classify::user_text(text, is_plan_mode) {
                    // Text beside tool results was not typed, unless it is a marker.
                    EventKind::HumanPrompt { .. } if has_tool_results => {}
                    kind => line.push(builder, kind),
                }
            }
        }
    }
    Ok(())
}

fn assistant_line(builder: &mut DatasetBuilder, line: &LineContext, raw: &Line<'_>) -> Result<(), (SkipReason, String)> {
    let Some(message) = &raw.message else {
        line.push(builder, EventKind::SystemMeta);
        return Ok(());
    };
    let model = message.model.as_deref().unwrap_or("");
    if model == SYNTHETIC_MODEL || raw.is_api_error_message == Some(true) {
        line.push(builder, EventKind::SystemMeta);
        return Ok(());
    }
    let logged_cost_usd = match raw.cost_usd {
        Some(cost_usd) if !crate::model::limits::is_cost(cost_usd) => {
            builder.note_out_of_range(format!("costUSD {cost_usd} (the request is priced from the table)"));
            None
        }
        cost_usd => cost_usd,
    };
    let usage = message.usage.as_ref().and_then(|usage| match token_usage(usage) {
        Ok(counts) => Some((counts, usage.speed.as_deref() == Some("fast"))),
        Err(detail) => {
            builder.note_out_of_range(format!("{detail} (the message is read without usage)"));
            None
        }
    });
    let request = usage.map(|(usage, is_fast)| {
        let request = Request {
            timestamp_ms: line.timestamp_ms,
            conversation: line.conversation,
            model: builder.intern(model),
            usage,
            reasoning_output_tokens: 0,
            is_fast,
            is_sidechain: line.is_sidechain,
            recorded_cost: logged_cost_usd.map(RecordedCost::Logged),
            cost_usd: 0.0,
            price_status: PriceStatus::Unpriced,
            keys: request_key(message, raw.request_id.as_ref()),
        };
        builder.upsert_request(request)
    });
    let blocks: &[raw::RawBlock<'_>] = match &message.content {
        Some(Ok(Content::Blocks(blocks))) => blocks,
        _ => &[],
    };
    let text = blocks.iter().find_map(|block| block.text.as_deref().filter(|_| block.kind.as_deref() == Some("text")));
    let preview = text.map(preview).unwrap_or_default();
    let request_index = match request {
        Some(Upsert::New(index)) => {
            line.push(builder, EventKind::AgentMessage { request: Some(index), preview });
            Some(index)
        }
        Some(Upsert::Duplicate(index)) => Some(index),
        None => {
            line.push(builder, EventKind::AgentMessage { request: None, preview });
            None
        }
    };
    for block in blocks {
        if let (Some("tool_use"), Some(id), Some(name)) = (block.kind.as_deref(), &block.id, &block.name) {
            let tools::CallFacts { target, proposed, check, writes_todo } = tools::describe_call(name, block.input);
            let tool_use_id = ToolUseId::of(id);
            builder.note_call(tool_use_id, CallNote { check, writes_todo });
            let tool = builder.intern(name);
            let target = target.map(|target| match target {
                tools::CallTarget::File(path) => Target::File(builder.intern(&path)),
                tools::CallTarget::Command(command) => Target::Command(builder.intern(&command)),
            });
            line.push(builder, EventKind::ToolCall { tool_use_id, tool, target, proposed, request: request_index });
        }
    }
    Ok(())
}

/// The keys of `(message id, request id)`; none without a message id.
fn request_key<C>(message: &RawMessage<'_, C>, request_id: Option<&Cow<'_, str>>) -> RequestKey {
    match message.id.as_deref() {
        Some(message_id) => RequestKey::of(message_id, request_id.map_or("", |id| id.as_ref())),
        None => RequestKey::NONE,
    }
}

/// Splits cache writes by lifetime; without a breakdown they are all 5-minute writes.
/// A count beyond what a request can hold is an error naming it.
fn token_usage(usage: &RawUsage<'_>) -> Result<TokenUsage, String> {
    let breakdown = usage.cache_creation.as_ref();
    let breakdown_5m = breakdown.and_then(|b| b.ephemeral_5m_input_tokens).unwrap_or(0);
    let breakdown_1h = breakdown.and_then(|b| b.ephemeral_1h_input_tokens).unwrap_or(0);
    let counts = [
        ("input_tokens", usage.input_tokens),
        ("output_tokens", usage.output_tokens),
        ("cache_creation_input_tokens", usage.cache_creation_input_tokens),
        ("cache_read_input_tokens", usage.cache_read_input_tokens),
        ("ephemeral_5m_input_tokens", Some(breakdown_5m)),
        ("ephemeral_1h_input_tokens", Some(breakdown_1h)),
    ];
    if let Some((name, Some(count))) = counts.iter().find(|(_, count)| count.is_some_and(|count| count > crate::model::limits::MAX_TOKENS)) {
        return Err(format!("{name} {count}"));
    }
    let cache_write = usage.cache_creation_input_tokens.unwrap_or(breakdown_5m + breakdown_1h);
    let cache_write_1h = breakdown_1h.min(cache_write);
    Ok(TokenUsage {
        input_tokens: usage.input_tokens.unwrap_or(0),
        output_tokens: usage.output_tokens.unwrap_or(0),
        cache_write_5m_tokens: cache_write - cache_write_1h,
        cache_write_1h_tokens: cache_write_1h,
        cache_read_tokens: usage.cache_read_input_tokens.unwrap_or(0),
    })
}

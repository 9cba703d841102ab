//! OpenAI Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`, also
//! `archived_sessions/`, and the legacy flat rollouts of mid-2025).
//!
//! Every line is `{timestamp, type, payload}` (format notes, section 2):
//! - `session_meta` names the session, where it ran, and for a child rollout its parent
//!   (`forked_from_id`, or `source.subagent.thread_spawn.parent_thread_id`: a subagent,
//!   whose turns join the parent's conversation as a sidechain);
//! - `turn_context` sets the model of the token events that follow;
//! - `event_msg/token_count` is the usage of the model calls since the last one (one
//!   request each, `tokens`); `user_message` is what the person typed; `turn_aborted`
//!   an interruption; `thread_name_updated` the title; `exec_command_end` and
//!   `patch_apply_end` tell how a call ended;
//! - `response_item` holds the model-visible history: assistant text, tool calls
//!   (`function_call`, `custom_tool_call`, `local_shell_call`, `web_search_call`…) and
//!   their outputs; `compacted` marks a compaction.
//!
//! Lines are keyed by their bytes (`LineKey::of_sampled_content`), so the history a fork replays with its original
//! times, or a session found both in `sessions/` and `archived_sessions/`, is read once.

mod calls;
mod raw;
mod token_events;
mod tokens;
mod tools;

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::builder::DatasetBuilder;
use super::line_errors::{parse_failure, timestamp_ms};
use crate::model::{preview, Agent, ConversationId, Diagnostic, Event, EventKind, LineKey, SkipReason, ToolUseId};
use calls::Ending;
use raw::{Envelope, Payload};
use tokens::Totals;

/// The model ccusage assumes for token events of early builds that name none.
const FALLBACK_MODEL: &str = "gpt-5";

/// Record types only Codex writes at the top level.
const RECORD_TYPES: [&str; 7] =
    ["session_meta", "turn_context", "response_item", "event_msg", "compacted", "world_state", "inter_agent_communication_metadata"];

/// True when a parsed line looks like a Codex rollout's.
pub fn recognises(probe: &serde_json::Map<String, serde_json::Value>) -> bool {
    let kind = probe.get("type").and_then(|kind| kind.as_str());
    let is_record = probe.contains_key("payload") && kind.is_some_and(|kind| RECORD_TYPES.contains(&kind));
    // A legacy rollout's first line: bare session metadata.
    let is_legacy_meta = probe.contains_key("id") && probe.contains_key("instructions") && probe.contains_key("timestamp");
    is_record || is_legacy_meta || probe.get("record_type").is_some_and(|kind| kind == "state")
}

/// Reads the lines of one Codex rollout into the builder.
#[derive(Debug)]
pub struct CodexFile {
    path: String,
    person: String,
    /// The session key when no `session_meta` names one: the file name's trailing id.
    fallback_key: String,
    session_id: Option<String>,
    conversation: Option<ConversationId>,
    is_sidechain: bool,
    /// Older builds: no `event_msg` prompts, so user messages of the history are read.
    reads_history_prompts: bool,
    session_metas: u32,
    model: Option<String>,
    totals: Totals,
    /// A child rollout (its token events are noted in order: `ReplayLead`).
    is_child: bool,
    /// The last good timestamp: legacy items carry none and are placed at it.
    last_timestamp_ms: Option<i64>,
    endings: HashMap<ToolUseId, Ending>,
    /// Calls recorded by a call item (an MCP end of one of them only tells how it ended).
    calls: HashSet<ToolUseId>,
    /// Tool call events pushed since the last counted token event (whose request made them).
    unbilled_calls: Vec<usize>,
}

/// The session id at the end of a rollout's file name
/// (`rollout-2026-06-18T00-52-03-019ed836-b1da-78f1-8a0c-e598363d10f4.jsonl`), else its stem.
fn fallback_key(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let is_uuid_tail = stem.len() > 36 && stem.as_bytes()[stem.len() - 37] == b'-' && stem[stem.len() - 36..].bytes().filter(|b| *b == b'-').count() == 4;
    if stem.starts_with("rollout-") && is_uuid_tail {
        stem[stem.len() - 36..].to_owned()
    } else {
        stem.to_owned()
    }
}

impl CodexFile {
    pub fn new(path: &str, person: &str) -> Self {
        CodexFile {
            path: path.to_owned(),
            person: person.to_owned(),
            fallback_key: fallback_key(path),
            session_id: None,
            conversation: None,
            is_sidechain: false,
            reads_history_prompts: true,
            session_metas: 0,
            model: None,
            totals: Totals::default(),
            is_child: false,
            last_timestamp_ms: None,
            endings: HashMap::default(),
            calls: HashSet::default(),
            unbilled_calls: Vec::new(),
        }
    }

    fn skip(&self, builder: &mut DatasetBuilder, number: u64, reason: SkipReason, detail: String) {
        builder.diagnostic(Diagnostic { file: self.path.clone(), line: number, reason, detail });
    }

    pub fn line(&mut self, builder: &mut DatasetBuilder, number: u64, bytes: &[u8], is_unterminated: bool) {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => return self.skip(builder, number, SkipReason::InvalidUtf8, error.to_string()),
        };
        let mut envelope: Envelope<'_> = match serde_json::from_str(text) {
            Ok(envelope) => envelope,
            Err(error) => return self.skip(builder, number, parse_failure(text, &error, is_unterminated), error.to_string()),
        };
        // Legacy lines are bare: the line is its own payload.
        let (kind, payload) = match (envelope.kind.clone(), envelope.payload.take()) {
            (Some(kind), Some(payload)) => (kind, payload),
            (_, None) if envelope.record_type.is_some() => return,
            (kind, _) => {
                let kind = if kind.is_some() { Cow::Borrowed("response_item") } else { Cow::Borrowed("legacy_meta") };
                match serde_json::from_str::<Payload<'_>>(text) {
                    Ok(payload) => (kind, payload),
                    Err(error) => return self.skip(builder, number, SkipReason::WrongFieldType, format!("payload: {error}")),
                }
            }
        };
        let line = LineKey::of_sampled_content(bytes);
        let result = match kind.as_ref() {
            "session_meta" | "legacy_meta" => {
                self.session_meta(builder, &payload);
                Ok(())
            }
            "turn_context" => {
                if let Some(model) = raw::non_empty_text(payload.model) {
                    self.model = Some(model.trim().to_owned());
                }
                self.note_place(builder, &payload);
                Ok(())
            }
            "event_msg" => self.event(builder, &envelope, &payload, line),
            "response_item" => self.item(builder, &envelope, &payload, line),
            "compacted" => self.at(builder, &envelope, line).map(|at| {
                if let Some((conversation, time)) = at {
                    self.push(builder, conversation, time, line, EventKind::Compaction);
                }
            }),
            _ => Ok(()),
        };
        if let Err((reason, detail)) = result {
            self.skip(builder, number, reason, detail);
        }
        if let Some((reason, detail)) = builder.take_line_note() {
            self.skip(builder, number, reason, detail);
        }
    }

    fn session_meta(&mut self, builder: &mut DatasetBuilder, payload: &Payload<'_>) {
        self.session_metas += 1;
        // A child's second `session_meta` is its parent's, replayed.
        if self.session_metas > 1 || self.conversation.is_some() {
            return;
        }
        if payload.cli_version.is_some() {
            self.reads_history_prompts = false;
        }
        // Legacy items carry no time of their own: they are placed at the session's start.
        if let Ok(start_ms) = timestamp_ms(raw::text(payload.timestamp).as_deref()) {
            self.last_timestamp_ms.get_or_insert(start_ms);
        }
        self.session_id = raw::non_empty_text(payload.id).map(Cow::into_owned);
        let spawned_by = raw::non_empty_text(raw::field(raw::field(raw::field(payload.source, "subagent"), "thread_spawn"), "parent_thread_id"));
        let parent = spawned_by.clone().or_else(|| raw::non_empty_text(payload.forked_from_id));
        if let Some(parent) = parent {
            builder.begin_replay_lead(&parent, self.session_id.as_deref());
            self.is_child = true;
        }
        let key = match &spawned_by {
            Some(parent) => parent.to_string(),
            None => self.session_id.clone().unwrap_or_else(|| self.fallback_key.clone()),
        };
        self.is_sidechain = spawned_by.is_some();
        let conversation = builder.conversation(&key, Agent::Codex, &self.person);
        self.conversation = Some(conversation);
        self.note_place(builder, payload);
        let branch = raw::non_empty_text(raw::field(payload.git, "branch"));
        builder.note_place(conversation, None, branch.as_deref());
    }

    fn note_place(&mut self, builder: &mut DatasetBuilder, payload: &Payload<'_>) {
        if let (Some(conversation), Some(cwd)) = (self.conversation, raw::non_empty_text(payload.cwd)) {
            builder.note_place(conversation, Some(&cwd), None);
        }
    }

    /// The conversation of the file (from its name when no `session_meta` came first).
    fn conversation(&mut self, builder: &mut DatasetBuilder) -> ConversationId {
        *self.conversation.get_or_insert_with(|| builder.conversation(&self.fallback_key, Agent::Codex, &self.person))
    }

    /// The conversation and time of an event line; `None` when the line was read before
    /// (a replayed or copied line).
    fn at(&mut self, builder: &mut DatasetBuilder, envelope: &Envelope<'_>, line: LineKey) -> Result<Option<(ConversationId, i64)>, (SkipReason, String)> {
        let time = match (envelope.timestamp, self.last_timestamp_ms) {
            (None, Some(last)) => last,
            (timestamp, _) => timestamp_ms(raw::text(timestamp).as_deref())?,
        };
        self.last_timestamp_ms = Some(time);
        let conversation = self.conversation(builder);
        Ok(builder.first_sighting(line, conversation).then_some((conversation, time)))
    }

    fn push(&self, builder: &mut DatasetBuilder, conversation: ConversationId, timestamp_ms: i64, line: LineKey, kind: EventKind) {
        builder.push_event(Event { timestamp_ms, line, conversation, is_sidechain: self.is_sidechain, kind });
    }
}

/// The first text of a message's content items (`input_text` / `output_text`), or the
/// content itself when it is a string.
fn message_text(content: Option<&serde_json::value::RawValue>) -> Option<String> {
    if let Some(text) = raw::text(content) {
        return Some(text.into_owned());
    }
    let items: Vec<&serde_json::value::RawValue> = serde_json::from_str(content?.get()).ok()?;
    items.into_iter().find_map(|item| raw::text(raw::field(Some(item), "text")).map(Cow::into_owned))
}

/// Text the CLI injects as a user message (environment, instructions), not typed.
fn is_injected(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('<') || text.starts_with("# AGENTS.md instructions")
}

type LineResult = Result<(), (SkipReason, String)>;

impl CodexFile {
    fn event(&mut self, builder: &mut DatasetBuilder, envelope: &Envelope<'_>, payload: &Payload<'_>, line: LineKey) -> LineResult {
        let kind = payload.kind.as_deref().unwrap_or("");
        match kind {
            "token_count" => return self.token_event(builder, envelope, payload, line),
            "exec_command_end" => {
                let ending = Ending { is_error: raw::integer(payload.exit_code).map(|code| code != 0), applied: None };
                self.note_ending(payload, ending);
                return Ok(());
            }
            "patch_apply_end" => {
                let ending = Ending { is_error: raw::boolean(payload.success).map(|success| !success), applied: tools::applied_lines(payload.changes) };
                self.note_ending(payload, ending);
                return Ok(());
            }
            "mcp_tool_call_end" => return self.mcp_call(builder, envelope, payload, line),
            "thread_name_updated" => {
                if let Some(name) = raw::non_empty_text(payload.thread_name) {
                    let conversation = self.conversation(builder);
                    builder.set_title(conversation, &name);
                }
                return Ok(());
            }
            "user_message" | "turn_aborted" => {}
            _ => return Ok(()),
        }
        let Some((conversation, time)) = self.at(builder, envelope, line)? else { return Ok(()) };
        let event = match kind {
            "user_message" => {
                let text = raw::text(payload.message).unwrap_or_default();
                match text.trim().strip_prefix('/').and_then(|rest| rest.split_whitespace().next()) {
                    Some(name) if !name.contains('/') => EventKind::SlashCommand { name: format!("/{name}") },
                    _ => EventKind::HumanPrompt { is_plan_mode: false, preview: preview(&text) },
                }
            }
            _ => EventKind::Interruption,
        };
        self.push(builder, conversation, time, line, event);
        Ok(())
    }

    fn item(&mut self, builder: &mut DatasetBuilder, envelope: &Envelope<'_>, payload: &Payload<'_>, line: LineKey) -> LineResult {
        let kind = payload.kind.as_deref().unwrap_or("");
        match kind {
            "message" => {
                let role = payload.role.as_deref().unwrap_or("");
                let text = message_text(payload.content).unwrap_or_default();
                let event = match role {
                    "assistant" => EventKind::AgentMessage { request: None, preview: preview(&text) },
                    "user" if self.reads_history_prompts && !is_injected(&text) && !text.trim().is_empty() => {
                        EventKind::HumanPrompt { is_plan_mode: false, preview: preview(&text) }
                    }
                    _ => return Ok(()),
                };
                if let Some((conversation, time)) = self.at(builder, envelope, line)? {
                    self.push(builder, conversation, time, line, event);
                }
                Ok(())
            }
            "function_call" | "custom_tool_call" | "local_shell_call" | "web_search_call" | "tool_search_call" | "image_generation_call" => {
                self.call(builder, envelope, payload, line, kind)
            }
            "function_call_output" | "custom_tool_call_output" | "tool_search_output" => self.output(builder, envelope, payload, line),
            _ => Ok(()),
        }
    }
}

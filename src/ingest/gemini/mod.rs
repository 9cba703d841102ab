//! Gemini CLI chats (`~/.gemini/tmp/<project>/chats/`), read whole: the legacy
//! `session-*.json` (one record with every message, rewritten on each update) and the
//! append-only `session-*.jsonl` of 0.39 and later (format notes, section 3):
//! - the JSONL's first line is the chat's metadata; a message record whose `id` came
//!   before replaces the earlier one in place; `{"$set": …}` updates the metadata;
//!   `{"$rewindTo": id}` drops that message and every one after it;
//! - a chat with `kind: "subagent"` (in `chats/<parent session>/`) joins its parent's
//!   conversation as a sidechain;
//! - `tokens.input` includes the cached part; thoughts are billed as output and the
//!   tool-use prompt as input (`usage`);
//! - tool calls carry their own status: anything but `success` is an error, and
//!   `cancelled` a rejection; an `info` "Request cancelled." is an interruption.

mod raw;

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;
use serde_json::value::RawValue;

use super::builder::{CallNote, DatasetBuilder, Upsert};
use super::checks::{self, check_of};
use super::line_errors::{parse_failure, timestamp_ms};
use crate::model::{
    error_preview, preview, Agent, ConversationId, Diagnostic, Event, EventKind, LineCounts, LineKey, Request, RequestKey, SkipReason, Target, TokenUsage,
    ToolUseId,
};
use raw::{Arguments, Header, Message, Tokens};

/// The model of a response that names none: no price, listed as unpriced.
const UNNAMED_MODEL: &str = "unnamed-gemini-model";

/// Whether a file's first bytes look like a Gemini CLI chat: a JSON object with the
/// chat's keys and none of Claude Code's.
pub fn recognises(head: &[u8]) -> bool {
    let contains = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    let has_chat_keys = contains(b"\"projectHash\"") || (contains(b"\"messages\"") && (contains(b"\"gemini\"") || contains(b"\"sessionId\"")));
    head.trim_ascii_start().starts_with(b"{") && has_chat_keys && !contains(b"\"parentUuid\"") && !contains(b"\"payload\"")
}

/// A message as kept until the chat is complete, with the line it came from.
struct Kept<'a> {
    line: u64,
    /// The message record's JSON text, and the record parsed from it.
    raw: &'a str,
    message: Result<Message<'a>, String>,
}

/// The 1-based line of `part` (a slice of `text`).
fn line_of(text: &str, part: &str) -> u64 {
    let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
    1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count() as u64
}

struct Chat<'a> {
    header: Header<'a>,
    messages: Vec<Kept<'a>>,
}

/// Reads a whole chat into the builder; an error says why the file is not a chat.
pub fn read<'a>(builder: &mut DatasetBuilder, path: &str, person: &str, bytes: &'a [u8]) -> Result<(), String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| format!("Gemini CLI chat that is not UTF-8: {error}"))?;
    let chat = match serde_json::from_str::<Header<'_>>(text) {
        Ok(mut header) if header.messages.is_some() => {
            let messages = header.messages.take().unwrap_or_default();
            let kept = |raw: &'a RawValue| Kept {
                line: line_of(text, raw.get()),
                raw: raw.get(),
                message: serde_json::from_str(raw.get()).map_err(|error| format!("message: {error}")),
            };
            Chat { messages: messages.into_iter().map(kept).collect(), header }
        }
        _ => read_lines(builder, path, text)?,
    };
    ChatReader::new(builder, path, person, &chat.header).messages(builder, &chat.messages);
    Ok(())
}

/// The JSONL form: metadata, then records applied in order.
fn read_lines<'a>(builder: &mut DatasetBuilder, path: &str, text: &'a str) -> Result<Chat<'a>, String> {
    let mut header: Option<Header<'a>> = None;
    let mut messages: Vec<Kept<'a>> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::default();
    let line_count = text.lines().count();
    for (index, line) in text.lines().enumerate() {
        let number = index as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let is_unterminated = index + 1 == line_count && !text.ends_with('\n');
        let skip =
            |builder: &mut DatasetBuilder, reason, detail: String| builder.diagnostic(Diagnostic { file: path.to_owned(), line: number, reason, detail });
        let record: Message<'a> = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(error) => {
                skip(builder, parse_failure(line, &error, is_unterminated), error.to_string());
                continue;
            }
        };
        if let Some(target) = record.rewind_to.as_deref() {
            if let Some(&position) = positions.get(target) {
                messages.truncate(position);
                positions.retain(|_, kept| *kept < position);
            }
        } else if record.set.is_some() {
            // Metadata updates (`lastUpdated`, `summary`…): the title is read below.
            if let Some(update) = record.set.and_then(|set| serde_json::from_str::<Header<'_>>(set.get()).ok()) {
                let header = header.get_or_insert_with(Header::default);
                header.summary = update.summary.or(header.summary);
            }
        } else if let (Some(id), Some(_)) = (record.id.clone(), &record.kind) {
            let kept = Kept { line: number, raw: line.trim(), message: Ok(record) };
            match positions.get(id.as_ref()) {
                Some(&position) => messages[position] = kept,
                None => {
                    positions.insert(id.into_owned(), messages.len());
                    messages.push(kept);
                }
            }
        } else if header.is_none() {
            header = serde_json::from_str::<Header<'_>>(line).ok();
        }
    }
    if header.is_none() && messages.is_empty() {
        return Err(String::from("not a recognised transcript format (no Gemini CLI chat metadata or messages)"));
    }
    Ok(Chat { header: header.unwrap_or_default(), messages })
}

/// Reads the messages of one chat.
struct ChatReader {
    path: String,
    session: String,
    conversation: ConversationId,
    is_sidechain: bool,
}

/// `<parent>` of `…/chats/<parent>/<file>`.
fn parent_folder(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split(['/', '\\']).collect();
    (segments.len() >= 3 && segments[segments.len() - 3] == "chats").then(|| segments[segments.len() - 2].to_owned())
}

/// The project a chat ran in: its first directory, else the `tmp/<project>` folder it
/// sits in, else a short form of its project hash.
fn project_of(path: &str, header: &Header<'_>) -> Option<String> {
    let directories: Option<Vec<Cow<'_, str>>> = header.directories.and_then(|raw| serde_json::from_str(raw.get()).ok());
    if let Some(first) = directories.and_then(|directories| directories.into_iter().next()) {
        return Some(first.into_owned());
    }
    let segments: Vec<&str> = path.split(['/', '\\']).collect();
    if let Some(chats) = segments.iter().rposition(|segment| *segment == "chats").filter(|&at| at >= 2 && segments[at - 2] == "tmp") {
        return Some(segments[chats - 1].to_owned());
    }
    header.project_hash.as_deref().map(|hash| format!("gemini-project-{}", &hash[..hash.len().min(12)]))
}

impl ChatReader {
    fn new(builder: &mut DatasetBuilder, path: &str, person: &str, header: &Header<'_>) -> Self {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let stem = name.split('.').next().unwrap_or(name);
        let session = header.session_id.as_deref().filter(|id| !id.is_empty()).unwrap_or(stem).to_owned();
        let parent = (header.kind.as_deref() == Some("subagent")).then(|| parent_folder(path)).flatten();
        let conversation = builder.conversation(parent.as_deref().unwrap_or(&session), Agent::Gemini, person);
        builder.note_place(conversation, project_of(path, header).as_deref(), None);
        if let Some(summary) = serde_json::from_str::<Cow<'_, str>>(header.summary.map_or("null", |raw| raw.get())).ok().filter(|s| !s.trim().is_empty()) {
            builder.set_title(conversation, &summary);
        }
        ChatReader { path: path.to_owned(), session, conversation, is_sidechain: parent.is_some() }
    }

    fn messages(&self, builder: &mut DatasetBuilder, messages: &[Kept<'_>]) {
        for kept in messages {
            let result = match &kept.message {
                Ok(message) => self.message(builder, message, kept.raw),
                Err(detail) => Err((SkipReason::WrongFieldType, detail.clone())),
            };
            if let Err((reason, detail)) = result {
                builder.diagnostic(Diagnostic { file: self.path.clone(), line: kept.line, reason, detail });
            }
            if let Some((reason, detail)) = builder.take_line_note() {
                builder.diagnostic(Diagnostic { file: self.path.clone(), line: kept.line, reason, detail });
            }
        }
    }

    fn push(&self, builder: &mut DatasetBuilder, timestamp_ms: i64, line: LineKey, kind: EventKind) {
        builder.push_event(Event { timestamp_ms, line, conversation: self.conversation, is_sidechain: self.is_sidechain, kind });
    }

    fn message(&self, builder: &mut DatasetBuilder, message: &Message<'_>, raw: &str) -> Result<(), (SkipReason, String)> {
        let time = timestamp_ms(message.timestamp.as_deref())?;
        let line = match &message.id {
            Some(id) => LineKey::of_content(format!("gemini\u{1f}{}\u{1f}{id}", self.session).as_bytes()),
            None => LineKey::of_content(raw.as_bytes()),
        };
        if !builder.first_sighting(line, self.conversation) {
            return Ok(());
        }
        let text = raw::content_text(message.content);
        match message.kind.as_deref() {
            Some("user") => {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    return Ok(());
                }
                let event = match trimmed.strip_prefix('/').and_then(|rest| rest.split_whitespace().next()) {
                    Some(name) if !name.contains('/') => EventKind::SlashCommand { name: format!("/{name}") },
                    _ => EventKind::HumanPrompt { is_plan_mode: false, preview: preview(trimmed) },
                };
                self.push(builder, time, line, event);
            }
            Some("gemini") => self.response(builder, message, time, line, &text),
            // What the CLI writes when the person stops a response (Esc).
            Some("info") if text.trim_start().starts_with("Request cancelled") => self.push(builder, time, line, EventKind::Interruption),
            _ => self.push(builder, time, line, EventKind::SystemMeta),
        }
        Ok(())
    }

    fn response(&self, builder: &mut DatasetBuilder, message: &Message<'_>, time: i64, line: LineKey, text: &str) {
        let request =
            message.tokens.filter(|tokens| [tokens.input, tokens.output, tokens.thoughts, tokens.tool].iter().any(|count| *count > 0)).and_then(|tokens| {
                let usage = match usage(&tokens) {
                    Ok(usage) => usage,
                    Err(detail) => {
                        builder.note_out_of_range(format!("{detail} (the message is read without usage)"));
                        return None;
                    }
                };
                let model = message.model.as_deref().filter(|model| !model.trim().is_empty()).unwrap_or(UNNAMED_MODEL);
                let id = message.id.as_deref().unwrap_or("");
                let keys = if id.is_empty() { RequestKey::NONE } else { RequestKey::of(&format!("gemini {} {id}", self.session), "") };
                let request = Request::read(time, self.conversation, builder.intern(model.trim()), usage, self.is_sidechain, keys);
                match builder.upsert_request(request) {
                    Upsert::New(index) => Some(index),
                    Upsert::Duplicate(_) => None,
                }
            });
        self.push(builder, time, line, EventKind::AgentMessage { request, preview: preview(text) });
        for (index, call) in message.tool_calls.iter().flatten().enumerate() {
            self.tool_call(builder, message, call, index, time, line, request);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn tool_call(
        &self,
        builder: &mut DatasetBuilder,
        message: &Message<'_>,
        call: &raw::ToolCall<'_>,
        index: usize,
        time: i64,
        line: LineKey,
        request: Option<u32>,
    ) {
        let name = call.name.as_deref().unwrap_or("tool");
        let id = call.id.as_deref().map_or_else(|| format!("{}#{index}", message.id.as_deref().unwrap_or("")), str::to_owned);
        let tool_use_id = ToolUseId::of(&id);
        let arguments: Arguments<'_> = call.args.and_then(|raw| serde_json::from_str(raw.get()).ok()).unwrap_or_default();
        let file = arguments.file_path.as_deref().or(arguments.absolute_path.as_deref()).or(arguments.path.as_deref());
        let command = arguments.command.as_deref().map(|command| command.chars().take(300).collect::<String>());
        let proposed = match name {
            "write_file" => Some(LineCounts { added: line_count(arguments.content.as_deref()), removed: 0 }),
            "replace" | "edit" => Some(LineCounts { added: line_count(arguments.new_string.as_deref()), removed: line_count(arguments.old_string.as_deref()) }),
            _ => None,
        };
        let new_text = arguments.content.as_deref().or(arguments.new_string.as_deref()).unwrap_or("");
        let writes_todo = proposed.is_some() && checks::writes_todo(new_text);
        let check = command.as_deref().and_then(check_of);
        builder.note_call(tool_use_id, CallNote { check, writes_todo });
        let target = match (file, &command) {
            (Some(file), _) => Some(Target::File(builder.intern(file))),
            (None, Some(command)) => Some(Target::Command(builder.intern(command))),
            _ => None,
        };
        let tool = builder.intern(name);
        self.push(builder, time, line, EventKind::ToolCall { tool_use_id, tool, target, proposed, request });
        let Some(status) = call.status.as_deref() else { return };
        let is_error = status != "success";
        let note = builder.take_call_note(tool_use_id).unwrap_or_default();
        let check = builder.check_run(note, || call.result_display.and_then(|raw| serde_json::from_str::<String>(raw.get()).ok()));
        let result_time = call.timestamp.as_deref().and_then(|text| timestamp_ms(Some(text)).ok()).unwrap_or(time).max(time);
        let error = builder.error_text((is_error && status != "cancelled").then(|| error_text(call)).flatten());
        let result = EventKind::ToolResult {
            tool_use_id,
            is_error,
            is_rejection: status == "cancelled",
            is_interruption: false,
            writes_todo: note.writes_todo,
            applied: if is_error { None } else { proposed },
            check,
            error,
        };
        self.push(builder, result_time, line, result);
    }
}

/// What a failed call said: its `resultDisplay` when that is text, else the `error` of
/// its function response.
fn error_text(call: &raw::ToolCall<'_>) -> Option<String> {
    let display = call.result_display.and_then(|raw| serde_json::from_str::<String>(raw.get()).ok());
    let response = || raw::response_error(call.result);
    display.filter(|text| !text.trim().is_empty()).or_else(response).and_then(|text| error_preview(&text))
}

fn line_count(text: Option<&str>) -> u32 {
    text.map_or(0, |text| text.lines().count() as u32)
}

/// A message's tokens as our classes: input without its cached part (plus the tool-use
/// prompt), cached as cache reads, output with the thoughts.
fn usage(tokens: &Tokens) -> Result<TokenUsage, String> {
    let counts = [
        ("tokens.input", tokens.input),
        ("tokens.output", tokens.output),
        ("tokens.cached", tokens.cached),
        ("tokens.thoughts", tokens.thoughts),
        ("tokens.tool", tokens.tool),
    ];
    if let Some(named) = super::counts::over_limit(&counts) {
        return Err(named);
    }
    let cached = tokens.cached.min(tokens.input);
    Ok(TokenUsage {
        input_tokens: tokens.input - cached + tokens.tool,
        output_tokens: tokens.output + tokens.thoughts,
        cache_read_tokens: cached,
        ..TokenUsage::default()
    })
}

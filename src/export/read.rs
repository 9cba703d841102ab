//! Reads an export (`docs/export-schema.md`) back into a [`Dataset`]: the ingest hands
//! it the bytes of a file it recognised as one (`ingest::document`), and merges the
//! dataset with the rest of the load by the dedupe keys the export carries. An export
//! is read whole or not at all: a malformed one adds nothing and is reported with the
//! line and column where reading stopped.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::rows::{CheckRow, EventRow, RequestRow};
use super::schema::{EMBEDDED_EXPORT_ID, FORMAT, SCHEMA_VERSION};
use crate::model::bidi::neutralised;
use crate::model::{
    Agent, ClaimTarget, Conversation, Dataset, Diagnostic, Diagnostics, Event, EventKind, FileOutcome, FileReport, FileSkip, Interner, SkipReason, Texts,
    TitleClaim, TitleRank,
};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ExportError {
    #[error("not a Session Lens export (its format is {0:?})")]
    NotAnExport(String),
    #[error(
        "this export has schema version {found}, and this Session Lens ({}) reads versions up to {SCHEMA_VERSION}: open it with a newer Session Lens",
        super::schema::PRODUCER_VERSION
    )]
    NewerVersion { found: u32 },
    #[error("line {line}, column {column}: {message}")]
    Json { line: usize, column: usize, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("no export found in this HTML file (a Session Lens report embeds one)")]
    NoEmbeddedExport,
}

impl From<serde_json::Error> for ExportError {
    fn from(error: serde_json::Error) -> Self {
        // serde_json ends its messages with " at line L column C"; the position is kept apart.
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        ExportError::Json { line: error.line(), column: error.column(), message }
    }
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    schema_version: u32,
}

#[derive(Deserialize)]
struct ConversationRecord {
    key: String,
    agent: String,
    person: String,
    project: String,
    branch: String,
    title: Option<String>,
}

#[derive(Deserialize)]
struct FileRecord {
    path: String,
    size_bytes: u64,
    lines: u64,
    outcome: String,
    #[serde(default)]
    agent: Option<String>,
    #[serde(default)]
    conversations: Option<u64>,
    #[serde(default)]
    models: Option<u64>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    skipped_lines: BTreeMap<String, u64>,
}

#[derive(Deserialize)]
struct ExampleRecord {
    file: String,
    line: u64,
    reason: String,
    #[serde(default)]
    detail: Option<String>,
}

#[derive(Deserialize)]
struct Document {
    texts: Vec<String>,
    conversations: Vec<ConversationRecord>,
    requests: Vec<RequestRow>,
    events: Vec<EventRow>,
    #[serde(default)]
    checks: Vec<CheckRow>,
    #[serde(default)]
    commits: Vec<(String, i64, String, u32, u32)>,
    #[serde(default)]
    external: crate::model::External,
    #[serde(default)]
    files: Vec<FileRecord>,
    #[serde(default)]
    skipped_line_examples: Vec<ExampleRecord>,
}

/// How far into the file the header's fields are looked for before the whole document
/// is read for them (the writer puts them first; a tool that sorted the keys did not).
const HEADER_WINDOW_BYTES: usize = 4096;

/// The export's format and version, from its first bytes when they hold them.
fn header(bytes: &[u8]) -> Result<Header, ExportError> {
    let window = &bytes[..bytes.len().min(HEADER_WINDOW_BYTES)];
    let number_after = |field: &str| -> Option<u32> {
        let at = memchr::memmem::find(window, field.as_bytes())? + field.len();
        let rest = window[at..].trim_ascii_start().strip_prefix(b":")?.trim_ascii_start();
        let digits = rest.iter().take_while(|byte| byte.is_ascii_digit()).count();
        std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
    };
    let has_format = memchr::memmem::find(window, format!("\"format\":\"{FORMAT}\"").as_bytes()).is_some();
    match (has_format, number_after("\"schema_version\"")) {
        (true, Some(schema_version)) => Ok(Header { format: FORMAT.to_owned(), schema_version }),
        _ => Ok(serde_json::from_slice::<Header>(bytes)?),
    }
}

/// The dataset an export holds. `path` names the export (the files it lists are marked
/// as read where it was made).
pub fn decode(bytes: &[u8], path: &str) -> Result<Dataset, ExportError> {
    let header = header(bytes)?;
    if header.format != FORMAT {
        return Err(ExportError::NotAnExport(header.format));
    }
    if header.schema_version > SCHEMA_VERSION {
        return Err(ExportError::NewerVersion { found: header.schema_version });
    }
    let document: Document = serde_json::from_slice(bytes)?;
    into_dataset(document, path, bytes.len())
}

/// The export a report embeds (in `<script type="application/json"
/// id="session-lens-export">`, its `<` written as `\u003c`, so the element's first
/// `</script` ends it).
pub fn decode_report(bytes: &[u8], path: &str) -> Result<Dataset, ExportError> {
    let opening = format!("id=\"{EMBEDDED_EXPORT_ID}\"");
    let at = memchr::memmem::find(bytes, opening.as_bytes()).ok_or(ExportError::NoEmbeddedExport)?;
    let start = at + memchr::memchr(b'>', &bytes[at..]).ok_or(ExportError::NoEmbeddedExport)? + 1;
    let length = memchr::memmem::find(&bytes[start..], b"</script").ok_or(ExportError::NoEmbeddedExport)?;
    decode(&bytes[start..start + length], path)
}

fn invalid(message: String) -> ExportError {
    ExportError::Invalid(message)
}

fn into_dataset(document: Document, path: &str, size_bytes: usize) -> Result<Dataset, ExportError> {
    let mut texts = Interner::default();
    for (index, text) in document.texts.iter().enumerate() {
        if texts.intern(text).0 as usize != index {
            return Err(invalid(format!("text {index} repeats an earlier one")));
        }
    }
    let texts: Texts = texts.into_texts();
    let mut title_claims = Vec::new();
    let conversations = document
        .conversations
        .into_iter()
        .enumerate()
        .map(|(index, record)| {
            let agent = Agent::from_label(&record.agent).ok_or_else(|| invalid(format!("conversation {index}: unknown agent {:?}", record.agent)))?;
            let session_key = neutralised(record.key);
            if let Some(title) = record.title {
                title_claims.push(TitleClaim {
                    target: ClaimTarget::Conversation(agent, session_key.clone()),
                    title: neutralised(title),
                    rank: TitleRank::Exported,
                });
            }
            Ok(Conversation {
                session_key,
                agent,
                project_path: neutralised(record.project),
                git_branch: neutralised(record.branch),
                person: neutralised(record.person),
                title: None,
            })
        })
        .collect::<Result<Vec<_>, ExportError>>()?;
    let requests: Vec<_> = document.requests.into_iter().map(|row| row.0).collect();
    let mut events: Vec<Event> = document.events.into_iter().map(|row| row.0).collect();
    let checks: Vec<_> = document.checks.into_iter().map(|row| row.0).collect();
    check_references(&conversations, &requests, &checks, &events, &texts)?;
    if !events.is_sorted_by_key(Event::order_key) {
        events.sort_by_key(Event::order_key);
    }
    let mut files = document.files.into_iter().map(|record| file_report(record, path)).collect::<Result<Vec<_>, ExportError>>()?;
    let mut diagnostics = Diagnostics::default();
    for (index, example) in document.skipped_line_examples.into_iter().enumerate() {
        let reason =
            SkipReason::from_code(&example.reason).ok_or_else(|| invalid(format!("skipped line example {index}: unknown reason {:?}", example.reason)))?;
        diagnostics.push(Diagnostic { file: example.file, line: example.line, reason, detail: example.detail.unwrap_or_default() });
    }
    files.push(FileReport {
        path: path.to_owned(),
        size_bytes: size_bytes as u64,
        line_count: 0,
        outcome: FileOutcome::Imported { conversations: conversations.len() as u64 },
        skipped_lines: BTreeMap::new(),
        imported_from: None,
    });
    diagnostics.recount(&files);
    let mut commits = Vec::with_capacity(document.commits.len());
    for (index, (repository, timestamp_ms, key, added, removed)) in document.commits.into_iter().enumerate() {
        let key = crate::model::keys::parse_hex(&key).ok_or_else(|| invalid(format!("commit {index}: {key:?} is not a key")))?;
        if !crate::model::limits::TIME_RANGE_MS.contains(&timestamp_ms) {
            return Err(invalid(format!("commit {index}: its time is outside the years 2000 to 2199")));
        }
        commits.push(crate::model::Commit { repository, timestamp_ms, key, added, removed });
    }
    let external = document.external;
    check_external_times(&external)?;
    let mut dataset = Dataset { conversations, events, requests, checks, commits, external, texts, files, diagnostics, title_claims, ..Dataset::default() };
    dataset.settle_records();
    Ok(dataset)
}

/// Other tools' records' times are within the years every figure handles.
fn check_external_times(external: &crate::model::External) -> Result<(), ExportError> {
    let in_range = |time: Option<i64>| time.is_none_or(|time| crate::model::limits::TIME_RANGE_MS.contains(&time));
    let logged = external.logged.iter().all(|entry| in_range(entry.start_ms) && in_range(entry.end_ms));
    let tracked = external.tracked.iter().all(|session| {
        in_range(session.start_ms)
            && in_range(session.end_ms)
            && session.segments.iter().all(|segment| in_range(Some(segment.start_ms)) && in_range(Some(segment.end_ms)))
    });
    if logged && tracked {
        Ok(())
    } else {
        Err(invalid(String::from("external records: a time outside the years 2000 to 2199")))
    }
}

/// Every index a row holds points at a row or text that exists.
fn check_references(
    conversations: &[Conversation],
    requests: &[crate::model::Request],
    checks: &[crate::model::CheckRun],
    events: &[Event],
    texts: &Texts,
) -> Result<(), ExportError> {
    let conversation_ok = |id: crate::model::ConversationId| (id.0 as usize) < conversations.len();
    let text_ok = |id: crate::model::TextId| (id.0 as usize) < texts.len();
    let request_ok = |index: Option<u32>| index.is_none_or(|index| (index as usize) < requests.len());
    for (index, request) in requests.iter().enumerate() {
        if !conversation_ok(request.conversation) || !text_ok(request.model) {
            return Err(invalid(format!("request {index} names a conversation or model the export does not have")));
        }
    }
    for (index, event) in events.iter().enumerate() {
        let fits = conversation_ok(event.conversation)
            && match &event.kind {
                EventKind::AgentMessage { request, .. } => request_ok(*request),
                EventKind::ToolCall { tool, target, request, .. } => {
                    text_ok(*tool) && target.is_none_or(|target| text_ok(target.text())) && request_ok(*request)
                }
                EventKind::ToolResult { check, error, .. } => {
                    check.is_none_or(|index| index.index() < checks.len()) && error.is_none_or(|error| text_ok(error.text()))
                }
                _ => true,
            };
        if !fits {
            return Err(invalid(format!("event {index} names a conversation, text, request or check the export does not have")));
        }
    }
    Ok(())
}

fn file_report(record: FileRecord, export_path: &str) -> Result<FileReport, ExportError> {
    let outcome = match record.outcome.as_str() {
        "read" => {
            let label = record.agent.unwrap_or_default();
            FileOutcome::Read { agent: Agent::from_label(&label).ok_or_else(|| invalid(format!("file {:?}: unknown agent {label:?}", record.path)))? }
        }
        "imported" => FileOutcome::Imported { conversations: record.conversations.unwrap_or(0) },
        "prices" => FileOutcome::Prices { models: record.models.unwrap_or(0) },
        "skipped" => FileOutcome::Skipped { reason: FileSkip::Listed(record.reason.unwrap_or_default()) },
        other => return Err(invalid(format!("file {:?}: unknown outcome {other:?}", record.path))),
    };
    let mut skipped_lines = BTreeMap::new();
    for (code, count) in record.skipped_lines {
        let reason = SkipReason::from_code(&code).ok_or_else(|| invalid(format!("file {:?}: unknown skip reason {code:?}", record.path)))?;
        skipped_lines.insert(reason, count);
    }
    Ok(FileReport {
        path: record.path,
        size_bytes: record.size_bytes,
        line_count: record.lines,
        outcome,
        skipped_lines,
        imported_from: Some(export_path.to_owned()),
    })
}

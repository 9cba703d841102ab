//! Writes a dataset as an export (`docs/export-schema.md`): everything the figures,
//! filters and drill-down need, and by default no prompt text, tool output or previews.
//! Written piece by piece into any `io::Write` (a file, a gzip stream, the page's
//! download), never held whole.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::schema::{self, kind, request_flags, Redaction};
use super::texts::ExportTexts;
use crate::model::keys::{hashed_path, Hex};
use crate::model::{CheckKind, Dataset, EventKind, FileOutcome, LineCounts, LineKey, Target};

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

/// A JSON string, escaped.
fn string(out: &mut impl Write, text: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, text).map_err(io::Error::from)
}

fn optional_string(out: &mut impl Write, text: Option<&str>) -> io::Result<()> {
    match text {
        Some(text) => string(out, text),
        None => out.write_all(b"null"),
    }
}

fn number(out: &mut impl Write, value: f64) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &value).map_err(io::Error::from)
}

fn key(out: &mut impl Write, key: u64) -> io::Result<()> {
    if key == 0 {
        out.write_all(b"null")
    } else {
        write!(out, "\"{}\"", Hex(key))
    }
}

fn lines(out: &mut impl Write, counts: Option<LineCounts>) -> io::Result<()> {
    match counts {
        Some(counts) => write!(out, "[{},{}]", counts.added, counts.removed),
        None => out.write_all(b"null"),
    }
}

fn optional_index(out: &mut impl Write, index: Option<u32>) -> io::Result<()> {
    match index {
        Some(index) => write!(out, "{index}"),
        None => out.write_all(b"null"),
    }
}

/// Separates the rows of a list: a newline before each, a comma between.
fn row_start(out: &mut impl Write, index: usize) -> io::Result<()> {
    out.write_all(if index == 0 { b"\n" } else { b",\n" })
}

/// Writes the export of `dataset` into `out`.
pub fn write_export(dataset: &Dataset, options: &ExportOptions, mut out: impl Write) -> io::Result<()> {
    let out = &mut out;
    let redaction = options.redaction;
    let keeps = |conversation: usize| options.conversations.as_ref().is_none_or(|kept| kept.get(conversation).copied().unwrap_or(false));
    // Export indexes of the kept conversations and requests.
    let mut conversation_index = vec![u32::MAX; dataset.conversations.len()];
    let mut kept_conversations = Vec::new();
    for (index, _) in dataset.conversations.iter().enumerate().filter(|(index, _)| keeps(*index)) {
        conversation_index[index] = kept_conversations.len() as u32;
        kept_conversations.push(index);
    }
    let mut request_index = vec![u32::MAX; dataset.requests.len()];
    let mut kept_requests = Vec::new();
    for (index, request) in dataset.requests.iter().enumerate() {
        if conversation_index[request.conversation.0 as usize] != u32::MAX {
            request_index[index] = kept_requests.len() as u32;
            kept_requests.push(index);
        }
    }
    let request_of = |index: Option<u32>| index.map(|index| request_index[index as usize]).filter(|index| *index != u32::MAX);
    // The build and test runs the kept events name, in order.
    let mut check_index = vec![u32::MAX; dataset.checks.len()];
    let mut kept_checks = Vec::new();
    // The texts the kept rows use, numbered in the dataset's order.
    let mut texts = ExportTexts::new(&dataset.texts, redaction);
    for index in &kept_requests {
        texts.mark_plain(dataset.requests[*index].model);
    }
    let kept_events: Vec<usize> =
        (0..dataset.events.len()).filter(|index| conversation_index[dataset.events[*index].conversation.0 as usize] != u32::MAX).collect();
    for index in &kept_events {
        match &dataset.events[*index].kind {
            EventKind::ToolCall { tool, target, .. } => {
                texts.mark_plain(*tool);
                if let Some(target) = target {
                    texts.mark_target(*target);
                }
            }
            EventKind::ToolResult { check: Some(check), .. } => {
                if let Some(slot) = check_index.get_mut(*check as usize).filter(|slot| **slot == u32::MAX) {
                    *slot = kept_checks.len() as u32;
                    kept_checks.push(*check as usize);
                }
            }
            _ => {}
        }
    }
    texts.number();
    let people: BTreeSet<&str> = kept_conversations.iter().map(|index| dataset.conversations[*index].person.as_str()).collect();

    write!(out, "{{\"format\":\"{}\",\"schema_version\":{},", schema::FORMAT, schema::SCHEMA_VERSION)?;
    write!(out, "\"producer\":{{\"name\":\"{}\",\"version\":\"{}\"}},", schema::PRODUCER, schema::PRODUCER_VERSION)?;
    out.write_all(b"\"created_at\":")?;
    string(out, &options.created_at)?;
    out.write_all(b",\"person\":")?;
    optional_string(out, (people.len() == 1).then(|| people.iter().next().copied()).flatten())?;
    out.write_all(b",\"people\":[")?;
    for (index, person) in people.iter().enumerate() {
        if index > 0 {
            out.write_all(b",")?;
        }
        string(out, person)?;
    }
    write!(out, "],\"redaction\":{{\"include_text\":{},\"hash_paths\":{}}},", redaction.include_text, redaction.hash_paths)?;
    out.write_all(b"\"prices\":")?;
    string(out, &dataset.prices_label)?;

    out.write_all(b",\n\"texts\":[")?;
    for (index, text) in texts.texts().iter().enumerate() {
        row_start(out, index)?;
        string(out, text)?;
    }
    out.write_all(b"],\n\"conversations\":[")?;
    for (row, index) in kept_conversations.iter().enumerate() {
        let conversation = &dataset.conversations[*index];
        row_start(out, row)?;
        out.write_all(b"{\"key\":")?;
        string(out, &conversation.session_key)?;
        write!(out, ",\"agent\":\"{}\",\"person\":", conversation.agent.label())?;
        string(out, &conversation.person)?;
        out.write_all(b",\"project\":")?;
        let project = if redaction.hash_paths { hashed_path(&conversation.project_path) } else { conversation.project_path.clone() };
        string(out, &project)?;
        out.write_all(b",\"branch\":")?;
        string(out, &conversation.git_branch)?;
        out.write_all(b",\"title\":")?;
        optional_string(out, conversation.title.as_deref())?;
        out.write_all(b"}")?;
    }

    out.write_all(b"],\n\"requests\":[")?;
    for (row, index) in kept_requests.iter().enumerate() {
        let request = &dataset.requests[*index];
        let model = texts.plain(request.model);
        let usage = &request.usage;
        row_start(out, row)?;
        write!(
            out,
            "[{},{},{},{},{},{},{},{},",
            conversation_index[request.conversation.0 as usize],
            request.timestamp_ms,
            model,
            usage.input_tokens,
            usage.output_tokens,
            usage.cache_write_5m_tokens,
            usage.cache_write_1h_tokens,
            usage.cache_read_tokens
        )?;
        number(out, request.cost_usd)?;
        write!(out, ",\"{}\",", request.price_status.code())?;
        match request.logged_cost_usd() {
            Some(cost_usd) => number(out, cost_usd)?,
            None => out.write_all(b"null")?,
        }
        let flags = if request.is_fast { request_flags::FAST } else { 0 } | if request.is_sidechain { request_flags::SIDECHAIN } else { 0 };
        write!(out, ",{flags},")?;
        key(out, request.keys.request)?;
        out.write_all(b",")?;
        key(out, request.keys.message)?;
        out.write_all(b"]")?;
    }

    out.write_all(b"],\n\"events\":[")?;
    for (row, index) in kept_events.iter().enumerate() {
        let event = &dataset.events[*index];
        row_start(out, row)?;
        write!(out, "[{},{},", conversation_index[event.conversation.0 as usize], event.timestamp_ms)?;
        key(out, if event.line == LineKey::NONE { 0 } else { event.line.0 })?;
        write!(out, ",{},", u8::from(event.is_sidechain))?;
        let text = |preview: &str| (redaction.include_text && !preview.is_empty()).then(|| preview.to_owned());
        match &event.kind {
            EventKind::HumanPrompt { is_plan_mode, preview } => {
                write!(out, "\"{}\",{},", kind::PROMPT, u8::from(*is_plan_mode))?;
                optional_string(out, text(preview).as_deref())?;
            }
            EventKind::AgentMessage { request, preview } => {
                write!(out, "\"{}\",", kind::MESSAGE)?;
                optional_index(out, request_of(*request))?;
                out.write_all(b",")?;
                optional_string(out, text(preview).as_deref())?;
            }
            EventKind::ToolCall { tool_use_id, tool, target, proposed, request } => {
                write!(out, "\"{}\",\"{}\",{},", kind::CALL, Hex(tool_use_id.0), texts.plain(*tool))?;
                match target {
                    Some(target @ Target::File(_)) => write!(out, "\"{}\",{},", schema::target::FILE, texts.target(*target))?,
                    Some(target @ Target::Command(_)) => write!(out, "\"{}\",{},", schema::target::COMMAND, texts.target(*target))?,
                    None => out.write_all(b"null,null,")?,
                }
                lines(out, *proposed)?;
                out.write_all(b",")?;
                optional_index(out, request_of(*request))?;
            }
            EventKind::ToolResult { tool_use_id, is_error, is_rejection, is_interruption, writes_todo, applied, check } => {
                write!(
                    out,
                    "\"{}\",\"{}\",{},{},{},",
                    kind::RESULT,
                    Hex(tool_use_id.0),
                    u8::from(*is_error),
                    u8::from(*is_rejection),
                    u8::from(*is_interruption)
                )?;
                lines(out, *applied)?;
                write!(out, ",{},", u8::from(*writes_todo))?;
                optional_index(out, check.map(|check| check_index[check as usize]).filter(|index| *index != u32::MAX))?;
            }
            EventKind::Interruption => write!(out, "\"{}\"", kind::INTERRUPTION)?,
            EventKind::SlashCommand { name } => {
                write!(out, "\"{}\",", kind::COMMAND)?;
                string(out, name)?;
            }
            EventKind::Compaction => write!(out, "\"{}\"", kind::COMPACTION)?,
            EventKind::SystemMeta => write!(out, "\"{}\"", kind::META)?,
        }
        out.write_all(b"]")?;
    }

    out.write_all(b"],\n\"checks\":[")?;
    for (row, index) in kept_checks.iter().enumerate() {
        let check = &dataset.checks[*index];
        row_start(out, row)?;
        match check.kind {
            CheckKind::Build => out.write_all(b"[\"build\",null,")?,
            CheckKind::Test(runner) => write!(out, "[\"test\",\"{}\",", runner.code())?,
        }
        match check.counts {
            Some(counts) => write!(out, "{},{},{}", counts.passed, counts.failed, counts.skipped)?,
            None => out.write_all(b"null,null,null")?,
        }
        if !check.failing_tests.is_empty() {
            out.write_all(b",[")?;
            for (index, name) in check.failing_tests.iter().enumerate() {
                if index > 0 {
                    out.write_all(b",")?;
                }
                // Hashed with paths: a regression only needs names to compare equal.
                string(out, &if redaction.hash_paths { hashed_path(name) } else { name.clone() })?;
            }
            out.write_all(b"]")?;
        }
        out.write_all(b"]")?;
    }

    out.write_all(b"],\n\"commits\":[")?;
    for (row, commit) in dataset.commits.iter().enumerate() {
        row_start(out, row)?;
        out.write_all(b"[")?;
        string(out, &if redaction.hash_paths { hashed_path(&commit.repository) } else { commit.repository.clone() })?;
        write!(out, ",{},\"{}\",{},{}]", commit.timestamp_ms, Hex(commit.key), commit.added, commit.removed)?;
    }

    out.write_all(b"],\n\"external\":")?;
    // A part of the conversations (a report's): the records of their people; a report of
    // other tools' records alone keeps them all.
    let some_people = (options.conversations.is_some() && !people.is_empty()).then_some(&people);
    serde_json::to_writer(&mut *out, &super::external::redacted(&dataset.external, redaction, some_people))?;
    out.write_all(b",\n\"files\":[")?;
    for (row, file) in dataset.files.iter().enumerate() {
        row_start(out, row)?;
        out.write_all(b"{\"path\":")?;
        string(out, &if redaction.hash_paths { hashed_path(&file.path) } else { file.path.clone() })?;
        write!(out, ",\"size_bytes\":{},\"lines\":{},", file.size_bytes, file.line_count)?;
        match &file.outcome {
            FileOutcome::Read { agent } => write!(out, "\"outcome\":\"read\",\"agent\":\"{}\"", agent.label())?,
            FileOutcome::Imported { conversations } => write!(out, "\"outcome\":\"imported\",\"conversations\":{conversations}")?,
            FileOutcome::Prices { models } => write!(out, "\"outcome\":\"prices\",\"models\":{models}")?,
            FileOutcome::Skipped { reason } => {
                out.write_all(b"\"outcome\":\"skipped\",\"reason\":")?;
                string(out, &reason.to_string())?;
            }
        }
        out.write_all(b",\"skipped_lines\":{")?;
        for (index, (reason, count)) in file.skipped_lines.iter().enumerate() {
            write!(out, "{}\"{}\":{count}", if index > 0 { "," } else { "" }, reason.code())?;
        }
        out.write_all(b"}}")?;
    }

    out.write_all(b"],\n\"skipped_line_examples\":[")?;
    for (row, example) in dataset.diagnostics.kept.iter().enumerate() {
        row_start(out, row)?;
        out.write_all(b"{\"file\":")?;
        string(out, &if redaction.hash_paths { hashed_path(&example.file) } else { example.file.clone() })?;
        write!(out, ",\"line\":{},\"reason\":\"{}\",\"detail\":", example.line, example.reason.code())?;
        optional_string(out, redaction.include_text.then_some(example.detail.as_str()))?;
        out.write_all(b"}")?;
    }
    out.write_all(b"]}\n")?;
    out.flush()
}

//! Other tools' files, read whole (spec section 1, "seed formats"): session-metrics logs
//! (seed 002, YAML or JSON), AgileFlow `session-state.json` (seed 004) and ccusage's
//! `--json` reports. Recognised by content from a file's first bytes; each becomes a
//! dataset holding only its records (`model::External`) and its file's report, merged
//! with the rest as exports are. A record's unreadable field is counted with the file
//! and the record's line, and the rest of the record kept.

mod agileflow;
mod ccusage;
mod fields;
mod session_log;
mod yaml;

use std::collections::BTreeMap;

use crate::model::{Dataset, Diagnostic, Diagnostics, External, FileOutcome, FileReport};

/// Largest file of other tools' records read (they are a few KB to a few MB).
pub const MAX_EXTERNAL_BYTES: usize = 64 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExternalKind {
    SessionLog,
    AgileFlow,
    CcusageReport,
}

impl ExternalKind {
    pub fn label(self) -> &'static str {
        match self {
            ExternalKind::SessionLog => "session-metrics log",
            ExternalKind::AgileFlow => "AgileFlow session state",
            ExternalKind::CcusageReport => "ccusage report",
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

fn contains_any(haystack: &[u8], needles: &[&[u8]]) -> bool {
    needles.iter().any(|needle| contains(haystack, needle))
}

/// The first key of a JSON object that starts `text`, if it is a plain one.
fn first_key(text: &[u8]) -> Option<&[u8]> {
    let rest = text.strip_prefix(b"{")?.trim_ascii_start().strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    let key = &rest[..end];
    rest[end + 1..].trim_ascii_start().starts_with(b":").then_some(key)
}

/// Keys only a session-metrics entry has together (with `session_id` and `metrics`).
const SESSION_LOG_FIGURES: [&str; 4] = ["loc_accepted", "slop_signal_ratio", "tokens_in", "loc_generated"];

/// The kind of a file whose first bytes are `head`, if it is one of these.
pub fn recognise(head: &[u8]) -> Option<ExternalKind> {
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head).trim_ascii_start();
    if text.starts_with(b"{") || text.starts_with(b"[") {
        let is_report = first_key(text).is_some_and(|key| matches!(key, b"daily" | b"sessions" | b"monthly" | b"weekly" | b"blocks"));
        if is_report && contains(text, b"\"totalTokens\"") {
            return Some(ExternalKind::CcusageReport);
        }
        let state_markers: [&[u8]; 5] =
            [b"\"started_at_utc\"", b"\"current_session\"", b"\"last_session\"", b"\"session_history\"", b"\"idle_cutoff_minutes\""];
        if contains(text, b"\"schema_version\"") && contains_any(text, &state_markers) {
            return Some(ExternalKind::AgileFlow);
        }
        let figures: Vec<String> = SESSION_LOG_FIGURES.iter().map(|key| format!("\"{key}\"")).collect();
        let has_figure = figures.iter().any(|key| contains(text, key.as_bytes()));
        return (contains(text, b"\"session_id\"") && contains(text, b"\"metrics\"") && has_figure).then_some(ExternalKind::SessionLog);
    }
    // YAML: keys at the start of their lines (after indentation or a list dash).
    let mut keys = [false; 3];
    for line in text.split(|byte| *byte == b'\n') {
        let key = line.trim_ascii_start().strip_prefix(b"- ").unwrap_or(line.trim_ascii_start()).trim_ascii_start();
        let is_key = |name: &str| key.strip_prefix(name.as_bytes()).is_some_and(|rest| rest.starts_with(b":"));
        keys[0] |= is_key("session_id");
        keys[1] |= is_key("metrics");
        keys[2] |= SESSION_LOG_FIGURES.iter().any(|name| is_key(name));
    }
    (keys == [true; 3]).then_some(ExternalKind::SessionLog)
}

/// What reading a file of records gives: its records, and the diagnostics of the fields
/// or entries that could not be read.
#[derive(Debug, Default)]
struct Records {
    external: External,
    diagnostics: Vec<Diagnostic>,
}

/// The dataset a whole file of `kind` holds; an error when nothing of it could be read.
pub fn read(kind: ExternalKind, bytes: &[u8], path: &str, person: &str) -> Result<Dataset, String> {
    if bytes.len() > MAX_EXTERNAL_BYTES {
        return Err(format!("larger than {} MB: not read", MAX_EXTERNAL_BYTES >> 20));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)).map_err(|error| format!("not UTF-8 text ({error})"))?;
    let records = match kind {
        ExternalKind::SessionLog => session_log::read(text, path, person)?,
        ExternalKind::AgileFlow => agileflow::read(text, path, person)?,
        ExternalKind::CcusageReport => ccusage::read(text, path, person)?,
    };
    let mut skipped_lines = BTreeMap::new();
    let mut diagnostics = Diagnostics::default();
    for diagnostic in records.diagnostics {
        *skipped_lines.entry(diagnostic.reason).or_default() += 1;
        diagnostics.push(diagnostic);
    }
    let file = FileReport {
        path: path.to_owned(),
        size_bytes: bytes.len() as u64,
        line_count: text.lines().count() as u64,
        outcome: FileOutcome::Imported { conversations: 0 },
        skipped_lines,
        imported_from: None,
    };
    diagnostics.recount([&file]);
    let mut dataset = Dataset { external: records.external, files: vec![file], diagnostics, ..Dataset::default() };
    dataset.settle_records();
    Ok(dataset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_by_content() {
        let report = b"{\n  \"daily\": [\n    {\n      \"date\": \"2026-01-02\",\n      \"totalTokens\": 5";
        assert_eq!(recognise(report), Some(ExternalKind::CcusageReport));
        assert_eq!(recognise(b"{\"sessions\":[{\"sessionId\":\"x\",\"totalTokens\":1}]}"), Some(ExternalKind::CcusageReport));
        let state = b"{\n  \"schema_version\": 1,\n  \"settings\": {\"idle_cutoff_minutes\": 15}";
        assert_eq!(recognise(state), Some(ExternalKind::AgileFlow));
        assert_eq!(recognise(b"[{\"session_id\":\"a\",\"metrics\":{\"loc_accepted\":3}}]"), Some(ExternalKind::SessionLog));
        let yaml = b"# docs/metrics/sessions.yaml\n---\nsession_id: \"a\"\nmetrics:\n  tokens_in: 45000\n";
        assert_eq!(recognise(yaml), Some(ExternalKind::SessionLog));
        assert_eq!(recognise(b"- session_id: a\n  metrics:\n    loc_accepted: 3\n"), Some(ExternalKind::SessionLog));
        // Transcript lines that mention these keys inside their text are not these files.
        let claude_line =
            br#"{"parentUuid":null,"sessionId":"s","message":{"content":"{\n  \"daily\": [ \"totalTokens\" session_id: metrics: loc_accepted:"}}"#;
        assert_eq!(recognise(claude_line), None);
        assert_eq!(recognise(b"session_id: a\nnotes: no figures\n"), None);
        assert_eq!(recognise(b"{\"monthly\":[]}"), None, "no token figures in it");
    }
}

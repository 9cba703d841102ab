//! The export's document and rows as types that serialize to exactly the layout of
//! `docs/export-schema.md` (and `rows`/`read` read back): objects for the header,
//! conversations and files, arrays for requests, events, checks and commits.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Serialize, Serializer};

use super::line_format::Rows;
use super::schema::Redaction;
use crate::model::keys::Hex;
use crate::model::{External, SkipReason};

/// A key as 16 hex digits.
pub struct HexKey(pub u64);

impl Serialize for HexKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&Hex(self.0))
    }
}

/// A dedupe key: 16 hex digits, or null for none (0).
pub struct OptionalKey(pub u64);

impl Serialize for OptionalKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            0 => serializer.serialize_none(),
            key => serializer.collect_str(&Hex(key)),
        }
    }
}

/// `[added, removed]`.
pub type Lines = Option<[u32; 2]>;

#[derive(Serialize)]
pub struct Producer {
    pub name: &'static str,
    pub version: &'static str,
}

/// The whole export.
#[derive(Serialize)]
pub struct Document<'a> {
    pub format: &'static str,
    pub schema_version: u32,
    pub producer: Producer,
    pub created_at: &'a str,
    /// The one person of the export, if it has one.
    pub person: Option<&'a str>,
    pub people: &'a BTreeSet<&'a str>,
    pub redaction: Redaction,
    pub prices: &'a str,
    pub texts: Rows<'a, &'a str>,
    pub conversations: Rows<'a, ConversationRow<'a>>,
    pub requests: Rows<'a, RequestRow>,
    pub events: Rows<'a, EventRow<'a>>,
    pub checks: Rows<'a, CheckRow<'a>>,
    pub commits: Rows<'a, CommitRow<'a>>,
    pub external: External,
    pub files: Rows<'a, FileRow<'a>>,
    pub skipped_line_examples: Rows<'a, ExampleRow<'a>>,
}

#[derive(Serialize)]
pub struct ConversationRow<'a> {
    pub key: &'a str,
    pub agent: &'static str,
    pub person: &'a str,
    pub project: Cow<'a, str>,
    pub branch: &'a str,
    pub title: Option<&'a str>,
}

/// conversation, time, model (text), the five token classes, cost, price status, logged
/// cost, flags, request key, message key, reasoning tokens (of the output).
#[derive(Serialize)]
pub struct RequestRow(
    pub u32,
    pub i64,
    pub u32,
    pub u64,
    pub u64,
    pub u64,
    pub u64,
    pub u64,
    pub f64,
    pub &'static str,
    pub Option<f64>,
    pub u8,
    pub OptionalKey,
    pub OptionalKey,
    pub u64,
);

/// An event: conversation, time, line key, sidechain (0/1), kind, then what its kind
/// holds.
#[derive(Serialize)]
#[serde(untagged)]
pub enum EventRow<'a> {
    /// plan mode (0/1), text.
    Prompt(u32, i64, OptionalKey, u8, &'static str, u8, Option<&'a str>),
    /// request, text.
    Message(u32, i64, OptionalKey, u8, &'static str, Option<u32>, Option<&'a str>),
    /// tool use id, tool (text), target kind, target (text), proposed lines, request.
    Call(u32, i64, OptionalKey, u8, &'static str, HexKey, u32, Option<&'static str>, Option<u32>, Lines, Option<u32>),
    Result(ResultRow),
    /// The command's name.
    Command(u32, i64, OptionalKey, u8, &'static str, &'a str),
    /// An interruption, a compaction, a meta line: the kind alone.
    Bare(u32, i64, OptionalKey, u8, &'static str),
}

/// A tool result: the event's first four elements, `"result"`, then tool use id, error,
/// rejected, interrupted (0/1 each), applied lines, writes todo (0/1), check, and, only
/// when the export holds text and the call failed saying something, its text (schema 3).
pub struct ResultRow {
    /// Conversation, time, line key, sidechain (0/1).
    pub head: (u32, i64, OptionalKey, u8),
    pub tool_use_id: HexKey,
    /// Error, rejected, interrupted.
    pub flags: [u8; 3],
    pub applied: Lines,
    pub writes_todo: u8,
    pub check: Option<u32>,
    /// The failed call's text, as its index in `texts`.
    pub error: Option<u32>,
}

impl Serialize for ResultRow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut row = serializer.serialize_seq(Some(12 + usize::from(self.error.is_some())))?;
        let (conversation, time_ms, line, sidechain) = &self.head;
        row.serialize_element(conversation)?;
        row.serialize_element(time_ms)?;
        row.serialize_element(line)?;
        row.serialize_element(sidechain)?;
        row.serialize_element(super::schema::kind::RESULT)?;
        row.serialize_element(&self.tool_use_id)?;
        for flag in self.flags {
            row.serialize_element(&flag)?;
        }
        row.serialize_element(&self.applied)?;
        row.serialize_element(&self.writes_todo)?;
        row.serialize_element(&self.check)?;
        if let Some(error) = self.error {
            row.serialize_element(&error)?;
        }
        row.end()
    }
}

/// A build or test run: kind, runner, passed, failed, skipped, and the failing tests'
/// names when its output named any.
#[derive(Serialize)]
#[serde(untagged)]
pub enum CheckRow<'a> {
    Plain(&'static str, Option<&'static str>, Option<u32>, Option<u32>, Option<u32>),
    Failing(&'static str, Option<&'static str>, Option<u32>, Option<u32>, Option<u32>, Vec<Cow<'a, str>>),
}

/// repository, time, commit key, added, removed.
#[derive(Serialize)]
pub struct CommitRow<'a>(pub Cow<'a, str>, pub i64, pub HexKey, pub u32, pub u32);

#[derive(Serialize)]
pub struct FileRow<'a> {
    pub path: Cow<'a, str>,
    pub size_bytes: u64,
    pub lines: u64,
    #[serde(flatten)]
    pub outcome: OutcomeRow,
    pub skipped_lines: SkipCounts<'a>,
}

#[derive(Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum OutcomeRow {
    Read { agent: &'static str },
    Imported { conversations: u64 },
    Prices { models: u64 },
    Skipped { reason: String },
}

/// Skipped lines by reason code.
pub struct SkipCounts<'a>(pub &'a BTreeMap<SkipReason, u64>);

impl Serialize for SkipCounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(reason, count)| (reason.code(), count)))
    }
}

#[derive(Serialize)]
pub struct ExampleRow<'a> {
    pub file: Cow<'a, str>,
    pub line: u64,
    pub reason: &'static str,
    pub detail: Option<&'a str>,
}

//! The serde shapes of a Claude Code JSONL line: only the fields we read, borrowed
//! from the line where possible. Unknown fields and line types are ignored.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Debug, Deserialize)]
pub struct RawLine<'a> {
    #[serde(rename = "type", borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub uuid: Option<Cow<'a, str>>,
    #[serde(rename = "sessionId", borrow, default)]
    pub session_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub timestamp: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub cwd: Option<Cow<'a, str>>,
    #[serde(rename = "gitBranch", borrow, default)]
    pub git_branch: Option<Cow<'a, str>>,
    #[serde(rename = "isSidechain", default)]
    pub is_sidechain: Option<bool>,
    #[serde(rename = "isMeta", default)]
    pub is_meta: Option<bool>,
    #[serde(rename = "isCompactSummary", default)]
    pub is_compact_summary: Option<bool>,
    #[serde(rename = "isApiErrorMessage", default)]
    pub is_api_error_message: Option<bool>,
    #[serde(rename = "requestId", borrow, default)]
    pub request_id: Option<Cow<'a, str>>,
    #[serde(rename = "permissionMode", borrow, default)]
    pub permission_mode: Option<Cow<'a, str>>,
    #[serde(rename = "costUSD", default)]
    pub cost_usd: Option<f64>,
    #[serde(borrow, default)]
    pub subtype: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub summary: Option<Cow<'a, str>>,
    #[serde(rename = "leafUuid", borrow, default)]
    pub leaf_uuid: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub message: Option<RawMessage<'a>>,
    /// Structured result of the line's tool call (patches of edits, shell output).
    #[serde(rename = "toolUseResult", borrow, default)]
    pub tool_use_result: Option<&'a RawValue>,
    /// `progress` lines: `data.message` nests a subagent's line (`agent_progress`).
    #[serde(borrow, default)]
    pub data: Option<RawProgress<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct RawProgress<'a> {
    #[serde(rename = "type", borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub message: Option<Box<RawLine<'a>>>,
}

#[derive(Debug, Deserialize)]
pub struct RawMessage<'a> {
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub model: Option<Cow<'a, str>>,
    /// A string (typed prompt) or an array of content blocks.
    #[serde(borrow, default)]
    pub content: Option<&'a RawValue>,
    #[serde(default)]
    pub usage: Option<RawUsage<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct RawUsage<'a> {
    #[serde(default)]
    pub input_tokens: Option<u64>,
    #[serde(default)]
    pub output_tokens: Option<u64>,
    #[serde(default)]
    pub cache_creation_input_tokens: Option<u64>,
    #[serde(default)]
    pub cache_read_input_tokens: Option<u64>,
    #[serde(default)]
    pub cache_creation: Option<RawCacheCreation>,
    #[serde(borrow, default)]
    pub speed: Option<Cow<'a, str>>,
}

#[derive(Debug, Deserialize)]
pub struct RawCacheCreation {
    #[serde(default)]
    pub ephemeral_5m_input_tokens: Option<u64>,
    #[serde(default)]
    pub ephemeral_1h_input_tokens: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct RawBlock<'a> {
    #[serde(rename = "type", borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub tool_use_id: Option<Cow<'a, str>>,
    #[serde(default)]
    pub is_error: Option<bool>,
    #[serde(borrow, default)]
    pub content: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub input: Option<&'a RawValue>,
}

/// Message content, told apart by its first byte.
pub enum Content<'a> {
    Text(Cow<'a, str>),
    Blocks(Vec<RawBlock<'a>>),
}

pub fn content<'a>(raw: &'a RawValue) -> Result<Content<'a>, serde_json::Error> {
    if raw.get().starts_with('"') {
        serde_json::from_str::<Cow<'a, str>>(raw.get()).map(Content::Text)
    } else {
        serde_json::from_str::<Vec<RawBlock<'a>>>(raw.get()).map(Content::Blocks)
    }
}

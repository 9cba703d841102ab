//! The serde shapes of a Claude Code JSONL line: only the fields we read, borrowed
//! from the line where possible. Unknown fields and line types are ignored.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

/// A line as first parsed: message content as blocks, in one pass over the line.
pub type FastLine<'a> = RawLine<'a, Content<'a>>;
/// A line as parsed again when the first parse failed on a data error: the content
/// kept raw, so that a malformed content costs the content only, not the line's usage.
pub type TolerantLine<'a> = RawLine<'a, &'a RawValue>;
/// A line as the adapter reads it: content parsed, or why it could not be.
pub type Line<'a> = RawLine<'a, Result<Content<'a>, String>>;

#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "C: Deserialize<'de>"))]
pub struct RawLine<'a, C> {
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
    /// `custom-title` lines: the title the user gave the conversation.
    #[serde(rename = "customTitle", borrow, default)]
    pub custom_title: Option<Cow<'a, str>>,
    /// `ai-title` lines: the title Claude Code made for it.
    #[serde(rename = "aiTitle", borrow, default)]
    pub ai_title: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub message: Option<RawMessage<'a, C>>,
    /// Structured result of the line's tool call (patches of edits, shell output).
    #[serde(rename = "toolUseResult", borrow, default)]
    pub tool_use_result: Option<&'a RawValue>,
    /// `progress` lines: `data.message` nests a subagent's line (`agent_progress`).
    #[serde(borrow, default)]
    pub data: Option<RawProgress<'a, C>>,
}

#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "C: Deserialize<'de>"))]
pub struct RawProgress<'a, C> {
    #[serde(rename = "type", borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub message: Option<Box<RawLine<'a, C>>>,
}

#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "C: Deserialize<'de>"))]
pub struct RawMessage<'a, C> {
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub model: Option<Cow<'a, str>>,
    /// A string (typed prompt) or an array of content blocks.
    #[serde(default)]
    pub content: Option<C>,
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

/// Message content: typed text, or content blocks.
#[derive(Debug)]
pub enum Content<'a> {
    Text(Cow<'a, str>),
    Blocks(Vec<RawBlock<'a>>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Content<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ContentVisitor(std::marker::PhantomData))
    }
}

struct ContentVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> serde::de::Visitor<'de> for ContentVisitor<'a> {
    type Value = Content<'a>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a string or an array of content blocks")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Content::Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Content::Text(Cow::Owned(text.to_owned())))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut sequence: A) -> Result<Self::Value, A::Error> {
        let mut blocks = Vec::with_capacity(sequence.size_hint().unwrap_or(0));
        while let Some(block) = sequence.next_element::<RawBlock<'a>>()? {
            blocks.push(block);
        }
        Ok(Content::Blocks(blocks))
    }
}

/// Parses a content kept raw (see [`TolerantLine`]).
pub fn content<'a>(raw: &'a RawValue) -> Result<Content<'a>, serde_json::Error> {
    serde_json::from_str(raw.get())
}

impl<'a, C> RawLine<'a, C> {
    /// The same line with its message content (and a nested line's) mapped.
    pub fn map_content<D>(self, map: &impl Fn(C) -> D) -> RawLine<'a, D> {
        RawLine {
            kind: self.kind,
            uuid: self.uuid,
            session_id: self.session_id,
            timestamp: self.timestamp,
            cwd: self.cwd,
            git_branch: self.git_branch,
            is_sidechain: self.is_sidechain,
            is_meta: self.is_meta,
            is_compact_summary: self.is_compact_summary,
            is_api_error_message: self.is_api_error_message,
            request_id: self.request_id,
            permission_mode: self.permission_mode,
            cost_usd: self.cost_usd,
            subtype: self.subtype,
            summary: self.summary,
            leaf_uuid: self.leaf_uuid,
            custom_title: self.custom_title,
            ai_title: self.ai_title,
            message: self.message.map(|message| RawMessage { id: message.id, model: message.model, content: message.content.map(map), usage: message.usage }),
            tool_use_result: self.tool_use_result,
            data: self.data.map(|progress| RawProgress { kind: progress.kind, message: progress.message.map(|line| Box::new(line.map_content(map))) }),
        }
    }
}

/// Parses a line in one pass; when that fails on a data error, parses it again with the
/// content kept raw, so that only a malformed content is lost, never the line's usage.
pub fn parse_line(text: &str) -> Result<Line<'_>, serde_json::Error> {
    match serde_json::from_str::<FastLine<'_>>(text) {
        Ok(line) => Ok(line.map_content(&Ok)),
        Err(error) if error.is_data() => {
            let line = serde_json::from_str::<TolerantLine<'_>>(text)?;
            Ok(line.map_content(&|raw| content(raw).map_err(|error| error.to_string())))
        }
        Err(error) => Err(error),
    }
}

//! The serde shapes of a Codex rollout line: the envelope `{timestamp, type, payload}`
//! and one flat shape for every payload kind, holding only the fields we read. Fields
//! whose type varies between builds (or that fixtures trim to placeholder strings) are
//! kept raw and read leniently, so that one odd field costs that field, not the line.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::super::counts::lenient_count;

#[derive(Debug, Deserialize)]
pub struct Envelope<'a> {
    #[serde(borrow, default)]
    pub timestamp: Option<&'a RawValue>,
    #[serde(rename = "type", borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    /// Parsed with the envelope, in one pass over the line.
    #[serde(borrow, default)]
    pub payload: Option<Payload<'a>>,
    /// Legacy (mid-2025) rollouts: `{"record_type": "state"}` lines.
    #[serde(borrow, default)]
    pub record_type: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Payload<'a> {
    #[serde(rename = "type", borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    // session_meta
    #[serde(borrow, default)]
    pub id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub cwd: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub cli_version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub forked_from_id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub source: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub git: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub timestamp: Option<&'a RawValue>,
    // turn_context (and token_count's info)
    #[serde(borrow, default)]
    pub model: Option<&'a RawValue>,
    // message
    #[serde(borrow, default)]
    pub role: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub content: Option<&'a RawValue>,
    // tool calls and their outputs
    #[serde(borrow, default)]
    pub name: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub call_id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub arguments: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub input: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub action: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub status: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub output: Option<&'a RawValue>,
    // event_msg
    #[serde(borrow, default)]
    pub message: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub info: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub exit_code: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub success: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub changes: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub thread_name: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub invocation: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub result: Option<&'a RawValue>,
}

/// A raw value as text, when it is a JSON string.
pub fn text<'a>(raw: Option<&'a RawValue>) -> Option<Cow<'a, str>> {
    let raw = raw?;
    if !raw.get().starts_with('"') {
        return None;
    }
    serde_json::from_str::<Cow<'a, str>>(raw.get()).ok()
}

/// A raw value as a non-empty text.
pub fn non_empty_text(raw: Option<&RawValue>) -> Option<Cow<'_, str>> {
    text(raw).filter(|text| !text.trim().is_empty())
}

/// A raw value as an integer (a JSON number without a fraction).
pub fn integer(raw: Option<&RawValue>) -> Option<i64> {
    serde_json::from_str::<i64>(raw?.get()).ok()
}

pub fn boolean(raw: Option<&RawValue>) -> Option<bool> {
    serde_json::from_str::<bool>(raw?.get()).ok()
}

/// A field of an object given raw.
pub fn field<'a>(raw: Option<&'a RawValue>, name: &str) -> Option<&'a RawValue> {
    let raw = raw?;
    if !raw.get().starts_with('{') {
        return None;
    }
    let object: std::collections::HashMap<Cow<'a, str>, &'a RawValue> = serde_json::from_str(raw.get()).ok()?;
    object.get(name).copied()
}

/// One token usage record (`total_token_usage` or `last_token_usage`).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct RawUsage {
    #[serde(default, deserialize_with = "lenient_count")]
    pub input_tokens: u64,
    #[serde(default, alias = "cache_read_input_tokens", deserialize_with = "lenient_count")]
    pub cached_input_tokens: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub output_tokens: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub reasoning_output_tokens: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub total_tokens: u64,
}

#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct RawTokenInfo<'a> {
    #[serde(default)]
    pub total_token_usage: Option<RawUsage>,
    #[serde(default)]
    pub last_token_usage: Option<RawUsage>,
    #[serde(borrow, default)]
    pub model: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub model_name: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub metadata: Option<&'a RawValue>,
}

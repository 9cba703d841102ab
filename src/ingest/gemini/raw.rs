//! The serde shapes of a Gemini CLI chat: the legacy whole-file JSON record and the
//! lines of the append-only JSONL (metadata, message records, `$set`, `$rewindTo`).
//! Only the fields we read; values whose type varies are kept raw.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::super::counts::lenient_count;

/// The chat's metadata: the legacy file's top level, or the JSONL's first line (later
/// `$set` lines update it).
#[derive(Debug, Default, Deserialize)]
pub struct Header<'a> {
    #[serde(rename = "sessionId", borrow, default)]
    pub session_id: Option<Cow<'a, str>>,
    #[serde(rename = "projectHash", borrow, default)]
    pub project_hash: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub summary: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub directories: Option<&'a RawValue>,
    /// The legacy file's messages (absent on a JSONL header).
    #[serde(borrow, default)]
    pub messages: Option<Vec<&'a RawValue>>,
}

/// A message record; in the JSONL, also what a line after the first may be instead: an
/// update of the metadata (`$set`) or a rewind (`$rewindTo`). One parse per line.
#[derive(Debug, Deserialize)]
pub struct Message<'a> {
    #[serde(rename = "$set", borrow, default)]
    pub set: Option<&'a RawValue>,
    #[serde(rename = "$rewindTo", borrow, default)]
    pub rewind_to: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub timestamp: Option<Cow<'a, str>>,
    #[serde(rename = "type", borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub content: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub model: Option<Cow<'a, str>>,
    #[serde(default)]
    pub tokens: Option<Tokens>,
    #[serde(rename = "toolCalls", borrow, default)]
    pub tool_calls: Option<Vec<ToolCall<'a>>>,
}

/// `tokens`: `input` is the prompt (cached part included), `output` the candidates,
/// `thoughts` the thinking, `tool` the tool-use prompt; `total` their sum.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct Tokens {
    #[serde(default, deserialize_with = "lenient_count")]
    pub input: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub output: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub cached: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub thoughts: u64,
    #[serde(default, deserialize_with = "lenient_count")]
    pub tool: u64,
}

#[derive(Debug, Deserialize)]
pub struct ToolCall<'a> {
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub args: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub timestamp: Option<Cow<'a, str>>,
    #[serde(rename = "resultDisplay", borrow, default)]
    pub result_display: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub result: Option<&'a RawValue>,
}

/// The `error` a call's `result` (function responses) names, if one does.
pub fn response_error(result: Option<&RawValue>) -> Option<String> {
    #[derive(Deserialize)]
    struct Item<'a> {
        #[serde(rename = "functionResponse", borrow, default)]
        function_response: Option<FunctionResponse<'a>>,
    }
    #[derive(Deserialize)]
    struct FunctionResponse<'a> {
        #[serde(borrow, default)]
        response: Option<Response<'a>>,
    }
    #[derive(Deserialize)]
    struct Response<'a> {
        #[serde(borrow, default)]
        error: Option<Cow<'a, str>>,
    }
    let items: Vec<Item<'_>> = serde_json::from_str(result?.get()).ok()?;
    items.into_iter().find_map(|item| item.function_response?.response?.error).map(Cow::into_owned)
}

#[derive(Debug, Default, Deserialize)]
pub struct Arguments<'a> {
    #[serde(borrow, default)]
    pub file_path: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub absolute_path: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub path: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub command: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub content: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub old_string: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub new_string: Option<Cow<'a, str>>,
}

/// The text of a message's content: a string, or the `text` of its parts.
pub fn content_text(content: Option<&RawValue>) -> String {
    #[derive(Deserialize)]
    struct Part<'a> {
        #[serde(borrow, default)]
        text: Option<Cow<'a, str>>,
    }
    let Some(raw) = content else { return String::new() };
    if let Ok(text) = serde_json::from_str::<Cow<'_, str>>(raw.get()) {
        return text.into_owned();
    }
    serde_json::from_str::<Vec<Part<'_>>>(raw.get())
        .map(|parts| parts.into_iter().filter_map(|part| part.text).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_response_s_error_is_found() {
        let result =
            RawValue::from_string(r#"[{"functionResponse":{"id":"c1","name":"read_file","response":{"error":"File not found: /w/a.rs"}}}]"#.to_owned())
                .expect("json");
        assert_eq!(response_error(Some(&result)).as_deref(), Some("File not found: /w/a.rs"));
        let fine = RawValue::from_string(r#"[{"functionResponse":{"response":{"output":"ok"}}}]"#.to_owned()).expect("json");
        assert_eq!(response_error(Some(&fine)), None);
        assert_eq!(response_error(None), None);
    }
}

//! What a tool call targets and how many lines an edit changes, from the call's input
//! and, for the result, from `toolUseResult` (format notes, section 1.8).

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::super::checks::{self, check_of};
use crate::model::{error_preview, CheckKind, LineCounts, PREVIEW_CHARS};

/// Longest command kept from a shell call (enough to recognise tests and commits).
const MAX_COMMAND_CHARS: usize = 300;

#[derive(Debug, Default, Deserialize)]
struct RawInput<'a> {
    #[serde(borrow, default)]
    file_path: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    notebook_path: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    command: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    old_string: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    new_string: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    content: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    new_source: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    edits: Option<Vec<RawEdit<'a>>>,
}

#[derive(Debug, Deserialize)]
struct RawEdit<'a> {
    #[serde(borrow, default)]
    old_string: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    new_string: Option<Cow<'a, str>>,
}

#[derive(Debug, Deserialize)]
struct RawToolUseResult<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    content: Option<Cow<'a, str>>,
    #[serde(rename = "structuredPatch", borrow, default)]
    structured_patch: Option<Vec<RawHunk<'a>>>,
}

#[derive(Debug, Deserialize)]
struct RawHunk<'a> {
    #[serde(borrow, default)]
    lines: Vec<Cow<'a, str>>,
}

fn line_count(text: &str) -> u32 {
    if text.is_empty() {
        0
    } else {
        text.lines().count() as u32
    }
}

fn replaced(old: Option<&str>, new: Option<&str>) -> LineCounts {
    LineCounts { added: line_count(new.unwrap_or("")), removed: line_count(old.unwrap_or("")) }
}

/// What a call's input names: a file, or a shell command (cut to its first
/// `MAX_COMMAND_CHARS` characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallTarget {
    File(String),
    Command(String),
}

/// What a call's input says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallFacts {
    pub target: Option<CallTarget>,
    /// For edits, the lines they would change.
    pub proposed: Option<LineCounts>,
    /// The build or test run its command is.
    pub check: Option<CheckKind>,
    /// Its edit's new text holds a TODO marker.
    pub writes_todo: bool,
}

/// The call's target (file or command), for edits the lines it proposes to change and
/// whether they write a TODO, for commands the build or test they run.
pub fn describe_call(tool: &str, input: Option<&RawValue>) -> CallFacts {
    let input: RawInput<'_> = input.and_then(|raw| serde_json::from_str(raw.get()).ok()).unwrap_or_default();
    let check = input.command.as_deref().and_then(check_of);
    let new_texts = || {
        input
            .new_string
            .iter()
            .chain(input.content.iter())
            .chain(input.new_source.iter())
            .chain(input.edits.iter().flatten().filter_map(|edit| edit.new_string.as_ref()))
    };
    let writes_todo = matches!(tool, "Edit" | "MultiEdit" | "Write" | "NotebookEdit") && new_texts().any(|text| checks::writes_todo(text));
    let target = input
        .file_path
        .as_deref()
        .or(input.notebook_path.as_deref())
        .map(|path| CallTarget::File(path.to_owned()))
        .or_else(|| input.command.as_deref().map(|command| CallTarget::Command(command.chars().take(MAX_COMMAND_CHARS).collect())));
    let proposed = match tool {
        "Edit" => Some(replaced(input.old_string.as_deref(), input.new_string.as_deref())),
        "MultiEdit" => Some(input.edits.iter().flatten().fold(LineCounts::default(), |mut total, edit| {
            total.add(replaced(edit.old_string.as_deref(), edit.new_string.as_deref()));
            total
        })),
        "Write" => Some(replaced(None, input.content.as_deref())),
        "NotebookEdit" => Some(replaced(None, input.new_source.as_deref())),
        _ => None,
    };
    CallFacts { target, proposed, check, writes_todo }
}

/// What a command printed, from `toolUseResult` (`stdout` and `stderr`, or the error
/// text it holds) or else the result's content (text, or text blocks).
pub fn command_output(tool_use_result: Option<&RawValue>, content: Option<&RawValue>) -> String {
    #[derive(Deserialize)]
    struct Output<'a> {
        #[serde(borrow, default)]
        stdout: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        stderr: Option<Cow<'a, str>>,
    }
    #[derive(Deserialize)]
    struct TextBlock<'a> {
        #[serde(borrow, default)]
        text: Option<Cow<'a, str>>,
    }
    if let Some(raw) = tool_use_result {
        if let Ok(output) = serde_json::from_str::<Output<'_>>(raw.get()) {
            if output.stdout.is_some() || output.stderr.is_some() {
                return format!("{}\n{}", output.stdout.unwrap_or_default(), output.stderr.unwrap_or_default());
            }
        }
        if let Ok(text) = serde_json::from_str::<Cow<'_, str>>(raw.get()) {
            return text.into_owned();
        }
    }
    let Some(raw) = content else { return String::new() };
    if let Ok(text) = serde_json::from_str::<Cow<'_, str>>(raw.get()) {
        return text.into_owned();
    }
    serde_json::from_str::<Vec<TextBlock<'_>>>(raw.get())
        .map(|blocks| blocks.into_iter().filter_map(|block| block.text).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default()
}

/// What a failed call's result said (its content's text, without the
/// `<tool_use_error>` tags Claude Code wraps its own refusals in), as a preview.
/// A content that is one string has only its beginning unescaped (an output can run to
/// megabytes, and a fifth of a session's results can be failures).
pub fn error_text(content: Option<&RawValue>) -> Option<String> {
    let text = match content.and_then(|raw| string_head(raw.get(), ERROR_HEAD_BYTES)) {
        Some(head) => head,
        None => command_output(None, content),
    };
    let head: String = text.chars().take(2 * PREVIEW_CHARS).collect();
    error_preview(&head.replace("<tool_use_error>", "").replace("</tool_use_error>", ""))
}

/// Bytes of a failed call's JSON output unescaped for its preview: enough for
/// [`PREVIEW_CHARS`] characters even when every one is escaped (`\uXXXX`).
const ERROR_HEAD_BYTES: usize = 12 * PREVIEW_CHARS;

/// The text of a JSON string's first `max_bytes` (cut after a whole character or escape),
/// without reading the rest; `None` when `raw` is not a string or its head does not read.
fn string_head(raw: &str, max_bytes: usize) -> Option<String> {
    let bytes = raw.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut index = 1;
    let mut safe = 1;
    while index < bytes.len() && index < max_bytes {
        match bytes[index] {
            b'"' => return serde_json::from_str(&raw[..=index]).ok(),
            b'\\' if bytes.get(index + 1) == Some(&b'u') => index += 6,
            b'\\' => index += 2,
            _ => index += 1,
        }
        if index <= bytes.len() && raw.is_char_boundary(index) {
            safe = index;
        }
    }
    // A surrogate pair cut in two does not read: the whole string is read instead.
    serde_json::from_str(&format!("{}\"", &raw[..safe])).ok()
}

/// Lines an applied edit changed, from `toolUseResult`: `+` and `-` lines of the
/// structured patch, or the whole content of a newly created file.
pub fn applied_lines(tool_use_result: Option<&RawValue>) -> Option<LineCounts> {
    let raw = tool_use_result?;
    if !raw.get().starts_with('{') {
        return None;
    }
    let result: RawToolUseResult<'_> = serde_json::from_str(raw.get()).ok()?;
    let hunks = result.structured_patch?;
    if hunks.is_empty() {
        return match (result.kind.as_deref(), result.content.as_deref()) {
            (Some("create"), Some(content)) => Some(LineCounts { added: line_count(content), removed: 0 }),
            _ => None,
        };
    }
    let mut counts = LineCounts::default();
    for line in hunks.iter().flat_map(|hunk| &hunk.lines) {
        match line.as_bytes().first() {
            Some(b'+') => counts.added += 1,
            Some(b'-') => counts.removed += 1,
            _ => {}
        }
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).expect("json")
    }

    #[test]
    fn a_command_s_output_is_read_from_stdout_stderr_or_the_content() {
        let structured = raw(r#"{"stdout":"3 passed","stderr":"warning","interrupted":false}"#);
        assert_eq!(command_output(Some(&structured), None), "3 passed\nwarning");
        let text = raw(r#""Error: exit code 1\n1 failed""#);
        assert_eq!(command_output(Some(&text), None), "Error: exit code 1\n1 failed");
        let blocks = raw(r#"[{"type":"text","text":"a"},{"type":"text","text":"b"}]"#);
        assert_eq!(command_output(None, Some(&blocks)), "a\nb");
    }

    #[test]
    fn a_string_s_head_is_read_without_the_rest() {
        let long = format!("\"{}\"", "ab\\n\\u00e9\\\"é".repeat(400));
        let whole: String = serde_json::from_str(&long).expect("json");
        for max_bytes in 1..200 {
            let head = string_head(&long, max_bytes).expect("a head");
            assert!(whole.starts_with(&head), "{max_bytes}: {head:?}");
            assert!(head.len() + 12 >= max_bytes.min(whole.len()) / 2, "{max_bytes}: {head:?}");
        }
        assert_eq!(string_head(r#""short""#, 100).as_deref(), Some("short"));
        assert_eq!(string_head("[1]", 100), None);
    }

    #[test]
    fn a_failed_call_keeps_the_beginning_of_what_it_said() {
        let refusal = raw(r#""<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>""#);
        assert_eq!(error_text(Some(&refusal)).as_deref(), Some("File has not been read yet. Read it first before writing to it."));
        let long = raw(&format!(r#"[{{"type":"text","text":"Exit code 1\n{}"}}]"#, "x".repeat(500)));
        let text = error_text(Some(&long)).expect("text");
        assert!(text.starts_with("Exit code 1 xxx") && text.ends_with('…') && text.chars().count() == PREVIEW_CHARS + 1, "{text}");
        assert_eq!(error_text(Some(&raw(r#""  ""#))), None);
        assert_eq!(error_text(None), None);
    }

    #[test]
    fn edit_input_counts_old_and_new_lines() {
        let input = raw(r#"{"file_path":"/a/b.rs","old_string":"x\ny","new_string":"x\ny\nz"}"#);
        let facts = describe_call("Edit", Some(&input));
        assert_eq!((facts.target, facts.proposed), (Some(CallTarget::File("/a/b.rs".into())), Some(LineCounts { added: 3, removed: 2 })));
        assert!(!facts.writes_todo);
        let input = raw(r#"{"file_path":"/a/b.py","old_string":"x","new_string":"def f():\n    pass  # TODO"}"#);
        assert!(describe_call("Edit", Some(&input)).writes_todo);
    }

    #[test]
    fn multi_edit_sums_its_edits_and_bash_keeps_the_command() {
        let input = raw(r#"{"file_path":"f","edits":[{"old_string":"a","new_string":"b\nc"},{"old_string":"","new_string":"d"}]}"#);
        assert_eq!(describe_call("MultiEdit", Some(&input)).proposed, Some(LineCounts { added: 3, removed: 1 }));
        let input = raw(r#"{"command":"git commit -m x","description":"d"}"#);
        let facts = describe_call("Bash", Some(&input));
        assert_eq!((facts.target, facts.proposed, facts.check), (Some(CallTarget::Command("git commit -m x".into())), None, None));
        let input = raw(r#"{"command":"cargo test 2>&1 | tail","description":"d"}"#);
        assert_eq!(describe_call("Bash", Some(&input)).check, Some(CheckKind::Test(crate::model::Runner::Cargo)));
    }

    #[test]
    fn applied_lines_come_from_the_patch_or_the_created_file() {
        let patch = raw(r#"{"filePath":"f","structuredPatch":[{"oldStart":1,"lines":[" a","-b","+c","+d"]}]}"#);
        assert_eq!(applied_lines(Some(&patch)), Some(LineCounts { added: 2, removed: 1 }));
        let created = raw(r#"{"type":"create","filePath":"f","content":"1\n2\n3\n","structuredPatch":[]}"#);
        assert_eq!(applied_lines(Some(&created)), Some(LineCounts { added: 3, removed: 0 }));
        assert_eq!(applied_lines(Some(&raw(r#""Error: no such file""#))), None);
    }
}

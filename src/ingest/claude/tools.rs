//! What a tool call targets and how many lines an edit changes, from the call's input
//! and, for the result, from `toolUseResult` (format notes, section 1.8).

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::LineCounts;

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

/// The call's target (file or command) and, for edits, the lines it proposes to change.
pub fn describe_call(tool: &str, input: Option<&RawValue>) -> (Option<CallTarget>, Option<LineCounts>) {
    let input: RawInput<'_> = input.and_then(|raw| serde_json::from_str(raw.get()).ok()).unwrap_or_default();
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
    (target, proposed)
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
    fn edit_input_counts_old_and_new_lines() {
        let input = raw(r#"{"file_path":"/a/b.rs","old_string":"x\ny","new_string":"x\ny\nz"}"#);
        assert_eq!(describe_call("Edit", Some(&input)), (Some(CallTarget::File("/a/b.rs".into())), Some(LineCounts { added: 3, removed: 2 })));
    }

    #[test]
    fn multi_edit_sums_its_edits_and_bash_keeps_the_command() {
        let input = raw(r#"{"file_path":"f","edits":[{"old_string":"a","new_string":"b\nc"},{"old_string":"","new_string":"d"}]}"#);
        assert_eq!(describe_call("MultiEdit", Some(&input)).1, Some(LineCounts { added: 3, removed: 1 }));
        let input = raw(r#"{"command":"git commit -m x","description":"d"}"#);
        assert_eq!(describe_call("Bash", Some(&input)), (Some(CallTarget::Command("git commit -m x".into())), None));
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

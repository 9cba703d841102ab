//! What a Codex tool call works on and how it ended: the shell command of
//! `exec_command` / `shell` / `shell_command` / `local_shell_call`, the files and lines
//! of an `apply_patch` patch, and the exit code a command's output reports.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::raw;
use crate::model::{error_preview, LineCounts, PREVIEW_CHARS};

/// Longest command kept from a shell call (as for Claude Code's).
const MAX_COMMAND_CHARS: usize = 300;

#[derive(Debug, Default, Deserialize)]
struct ShellArguments<'a> {
    #[serde(borrow, default)]
    cmd: Option<&'a RawValue>,
    #[serde(borrow, default)]
    command: Option<&'a RawValue>,
    #[serde(borrow, default)]
    input: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    patch: Option<Cow<'a, str>>,
}

/// A command given as a string, or as an argument vector (`["bash", "-lc", "…"]`,
/// whose script is the last word).
fn command_text(raw: Option<&RawValue>) -> Option<String> {
    if let Some(text) = raw::non_empty_text(raw) {
        return Some(text.into_owned());
    }
    let words: Vec<Cow<'_, str>> = serde_json::from_str(raw?.get()).ok()?;
    let is_shell_script = words.len() == 3 && matches!(words[1].as_ref(), "-lc" | "-c");
    let command = if is_shell_script { words[2].to_string() } else { words.join(" ") };
    (!command.trim().is_empty()).then_some(command)
}

/// A tool call as we record it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CodexCall {
    pub command: Option<String>,
    /// The first file a patch changes, and the lines it adds and removes.
    pub file: Option<String>,
    pub proposed: Option<LineCounts>,
    /// Text a patch adds (for the TODO check).
    pub added_text: String,
}

/// Describes a call from its name and its arguments (a JSON string, an object, or a
/// patch's plain text for `custom_tool_call`).
pub fn describe(name: &str, arguments: Option<&RawValue>) -> CodexCall {
    let text_arguments = raw::text(arguments);
    let object_text = text_arguments.as_deref().filter(|text| text.trim_start().starts_with('{'));
    let parsed: ShellArguments<'_> = match (object_text, arguments) {
        (Some(text), _) => serde_json::from_str(text).unwrap_or_default(),
        (None, Some(raw)) if raw.get().starts_with('{') => serde_json::from_str(raw.get()).unwrap_or_default(),
        _ => ShellArguments::default(),
    };
    if name == "apply_patch" {
        let patch = match (&text_arguments, object_text) {
            (Some(text), None) => Some(text.to_string()),
            _ => parsed.input.as_deref().or(parsed.patch.as_deref()).map(str::to_owned),
        };
        return patch.map(|patch| patch_call(&patch)).unwrap_or_default();
    }
    let command = command_text(parsed.cmd).or_else(|| command_text(parsed.command));
    CodexCall { command: command.map(|command| command.chars().take(MAX_COMMAND_CHARS).collect()), ..CodexCall::default() }
}

/// The files and line counts of an `apply_patch` patch (`*** Add File:`, `*** Update
/// File:`, `*** Delete File:` sections; `+` and `-` lines of their hunks).
fn patch_call(patch: &str) -> CodexCall {
    let mut call = CodexCall { proposed: Some(LineCounts::default()), ..CodexCall::default() };
    let mut counts = LineCounts::default();
    for line in patch.lines() {
        let section = ["*** Add File: ", "*** Update File: ", "*** Delete File: "].iter().find_map(|marker| line.strip_prefix(marker));
        if let Some(path) = section {
            call.file.get_or_insert_with(|| path.trim().to_owned());
            continue;
        }
        if line.starts_with("***") {
            continue;
        }
        if let Some(added) = line.strip_prefix('+') {
            counts.added = counts.added.saturating_add(1);
            call.added_text.push_str(added);
            call.added_text.push('\n');
        } else if line.starts_with('-') {
            counts.removed = counts.removed.saturating_add(1);
        }
    }
    call.proposed = Some(counts);
    call
}

/// Lines a recorded patch changed (`patch_apply_end.changes`: per file `{type, unified_diff}`
/// or, in older builds, `{add: {content}}` / `{delete: …}` / `{update: {unified_diff}}`).
pub fn applied_lines(changes: Option<&RawValue>) -> Option<LineCounts> {
    let changes: std::collections::BTreeMap<Cow<'_, str>, &RawValue> = serde_json::from_str(changes?.get()).ok()?;
    let mut counts = LineCounts::default();
    for change in changes.values() {
        let change = Some(*change);
        let kind = raw::text(raw::field(change, "type"));
        let nested = |name: &str| raw::field(change, name);
        let diff = raw::text(raw::field(change, "unified_diff")).or_else(|| raw::text(raw::field(nested("update"), "unified_diff")));
        if let Some(diff) = diff {
            for line in diff.lines().filter(|line| !line.starts_with("+++") && !line.starts_with("---")) {
                match line.as_bytes().first() {
                    Some(b'+') => counts.added = counts.added.saturating_add(1),
                    Some(b'-') => counts.removed = counts.removed.saturating_add(1),
                    _ => {}
                }
            }
            continue;
        }
        let content = raw::text(raw::field(change, "content")).or_else(|| raw::text(raw::field(nested("add"), "content")));
        let lines = content.map_or(0, |content| content.lines().count() as u32);
        match kind.as_deref() {
            Some("add") => counts.added = counts.added.saturating_add(lines),
            Some("delete") => counts.removed = counts.removed.saturating_add(lines),
            _ if nested("add").is_some() => counts.added = counts.added.saturating_add(lines),
            _ => {}
        }
    }
    Some(counts)
}

/// A function call output's text: a string, `{"output": …}` (older builds), or content
/// items' text.
pub fn output_text(output: Option<&RawValue>) -> String {
    if let Some(text) = raw::text(output) {
        if text.trim_start().starts_with('{') {
            if let Some(inner) = raw::text(raw::field(serde_json::from_str::<&RawValue>(&text).ok(), "output")) {
                return inner.into_owned();
            }
        }
        return text.into_owned();
    }
    if let Some(inner) = raw::text(raw::field(output, "output")).or_else(|| raw::text(raw::field(output, "text"))) {
        return inner.into_owned();
    }
    let items: Vec<&RawValue> = output.and_then(|raw| serde_json::from_str(raw.get()).ok()).unwrap_or_default();
    items.into_iter().filter_map(|item| raw::text(raw::field(Some(item), "text"))).collect::<Vec<_>>().join("\n")
}

/// What a failed call's output said, as a preview: the shell's exit line and the
/// output after the header Codex writes before it ("Chunk ID", "Wall time", "Original
/// token count", "Output:").
pub fn error_text(output: Option<&RawValue>) -> Option<String> {
    let text = output_text(output);
    let mut exit = None;
    let mut rest = text.as_str();
    while let Some((line, after)) = rest.split_once('\n') {
        if line.starts_with("Exit code") || line.starts_with("Process exited") {
            exit = Some(line.trim());
        } else if !HEADER_LINES.iter().any(|header| line.starts_with(header)) {
            break;
        }
        rest = after;
        if line == "Output:" {
            break;
        }
    }
    match exit {
        Some(exit) if rest.trim().is_empty() => error_preview(exit),
        Some(exit) => error_preview(&format!("{exit} · {}", rest.chars().take(2 * PREVIEW_CHARS).collect::<String>())),
        None => error_preview(&text),
    }
}

/// The lines of the header before a shell's output, besides its exit line.
const HEADER_LINES: [&str; 4] = ["Chunk ID:", "Wall time:", "Original token count:", "Output:"];

/// Bytes of an output's JSON text looked at for its exit code and markers.
const HEAD_BYTES: usize = 2048;

/// What the beginning of a call's output says, read from its JSON text without
/// unescaping it (outputs run to megabytes; the exit code and the markers are at their
/// start and hold no escaped characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutputFacts {
    pub exit_code: Option<i64>,
    /// "… rejected by user": the person refused the call.
    pub is_rejection: bool,
    /// "aborted…": the call was stopped.
    pub is_interruption: bool,
}

pub fn output_facts(output: Option<&RawValue>) -> OutputFacts {
    let Some(raw) = output.map(RawValue::get) else { return OutputFacts::default() };
    // JSON inside the string (older builds' `{"output", "metadata"}`) or content items:
    // read the slow way.
    if !raw.starts_with('"') || raw.starts_with("\"{") {
        let text = output_text(output);
        return OutputFacts { exit_code: exit_code(output), is_rejection: text.contains("rejected by user"), is_interruption: text.starts_with("aborted") };
    }
    let mut end = raw.len().min(HEAD_BYTES);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    let head = &raw[1..end.max(1)];
    // The marker at the start of one of the output's lines (a `\n` escape before it).
    let code_after = |marker: &str| {
        let at = head.match_indices(marker).find(|(at, _)| *at == 0 || head[..*at].ends_with("\\n"))?.0 + marker.len();
        let digits: String = head[at..].chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
        digits.parse().ok()
    };
    OutputFacts {
        exit_code: code_after("Process exited with code ").or_else(|| code_after("Exit code: ")),
        is_rejection: head.contains("rejected by user"),
        is_interruption: head.starts_with("aborted"),
    }
}

/// The exit code an output reports: `Process exited with code N` (unified exec),
/// `Exit code: N` (patches and shell), or `metadata.exit_code` of older builds' JSON.
pub fn exit_code(output: Option<&RawValue>) -> Option<i64> {
    let text = raw::text(output);
    if let Some(text) = text.as_deref().filter(|text| text.trim_start().starts_with('{')) {
        let metadata = raw::field(serde_json::from_str::<&RawValue>(text).ok(), "metadata");
        if let Some(code) = raw::integer(raw::field(metadata, "exit_code")) {
            return Some(code);
        }
    }
    let text = text.map(Cow::into_owned).unwrap_or_else(|| output_text(output));
    text.lines().take(8).find_map(|line| {
        let number = line.strip_prefix("Process exited with code ").or_else(|| line.strip_prefix("Exit code: "))?;
        number.trim().parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).expect("json")
    }

    #[test]
    fn a_failed_call_keeps_its_exit_line_and_output_without_the_header() {
        let old = raw(r#""Exit code: 1\nWall time: 0.4 seconds\nOutput:\nerror[E0425]: cannot find value `x`\n""#);
        assert_eq!(error_text(Some(&old)).as_deref(), Some("Exit code: 1 · error[E0425]: cannot find value `x`"));
        let new = raw(r#""Chunk ID: 9d15e8\nWall time: 0.1 seconds\nProcess exited with code 2\nOriginal token count: 4\nOutput:\nls: cannot access 'nope'""#);
        assert_eq!(error_text(Some(&new)).as_deref(), Some("Process exited with code 2 · ls: cannot access 'nope'"));
        let silent = raw(r#""Exit code: 3\nWall time: 0 seconds\nOutput:\n""#);
        assert_eq!(error_text(Some(&silent)).as_deref(), Some("Exit code: 3"));
        let wrapped = raw(r#""{\"output\":\"patch rejected: no such file\",\"metadata\":{\"exit_code\":1}}""#);
        assert_eq!(error_text(Some(&wrapped)).as_deref(), Some("patch rejected: no such file"));
    }

    #[test]
    fn shell_calls_keep_their_command() {
        let exec = raw(r#""{\"cmd\":\"cargo test -q\",\"workdir\":\"/w\"}""#);
        assert_eq!(describe("exec_command", Some(&exec)).command.as_deref(), Some("cargo test -q"));
        let shell = raw(r#""{\"command\":[\"bash\",\"-lc\",\"git status\"]}""#);
        assert_eq!(describe("shell", Some(&shell)).command.as_deref(), Some("git status"));
        let argv = raw(r#"{"command":["ls","-la"]}"#);
        assert_eq!(describe("shell", Some(&argv)).command.as_deref(), Some("ls -la"));
        assert_eq!(describe("update_plan", Some(&raw(r#""{\"plan\":[]}""#))), CodexCall::default());
    }

    #[test]
    fn a_patch_names_its_first_file_and_counts_its_lines() {
        let patch = raw(r#""*** Begin Patch\n*** Update File: src/a.rs\n@@\n-old\n+new\n+more // TODO\n*** Add File: b.md\n+# B\n*** End Patch""#);
        let call = describe("apply_patch", Some(&patch));
        assert_eq!(call.file.as_deref(), Some("src/a.rs"));
        assert_eq!(call.proposed, Some(LineCounts { added: 3, removed: 1 }));
        assert!(call.added_text.contains("TODO"));
        let as_json = raw(r#""{\"input\":\"*** Begin Patch\\n*** Delete File: c.txt\\n*** End Patch\"}""#);
        assert_eq!(describe("apply_patch", Some(&as_json)).file.as_deref(), Some("c.txt"));
    }

    #[test]
    fn recorded_changes_count_diff_lines_and_whole_files() {
        let changes = raw(r#"{"/r/a.rs":{"type":"update","unified_diff":"@@ -1,2 +1,3 @@\n a\n-b\n+c\n+d\n"},"/r/n.txt":{"add":{"content":"1\n2\n"}}}"#);
        assert_eq!(applied_lines(Some(&changes)), Some(LineCounts { added: 4, removed: 1 }));
    }

    #[test]
    fn exit_codes_come_from_any_of_the_output_shapes() {
        assert_eq!(exit_code(Some(&raw(r#""Chunk ID: 1\nWall time: 0.2 seconds\nProcess exited with code 2\nOutput:\n""#))), Some(2));
        assert_eq!(exit_code(Some(&raw(r#""Exit code: 0\nWall time: 0 seconds\nOutput:\nok""#))), Some(0));
        assert_eq!(exit_code(Some(&raw(r#""{\"output\":\"boom\",\"metadata\":{\"exit_code\":1,\"duration_seconds\":0.1}}""#))), Some(1));
        assert_eq!(exit_code(Some(&raw(r#""a.txt\n""#))), None);
        assert_eq!(output_text(Some(&raw(r#"{"type":"input_text","text":"a.txt\n"}"#))), "a.txt\n");
    }

    #[test]
    fn output_facts_read_the_head_of_the_json_text_as_the_slow_way_does() {
        let cases = [
            r#""Chunk ID: 1\nWall time: 0.2 seconds\nProcess exited with code 2\nOutput:\n""#,
            r#""Exit code: 0\nWall time: 0 seconds\nOutput:\nok""#,
            r#""{\"output\":\"boom\",\"metadata\":{\"exit_code\":1}}""#,
            r#""patch rejected by user""#,
            r#""aborted by user""#,
            r#"[{"type":"input_text","text":"Exit code: 3"}]"#,
            r#""a.txt\n""#,
            r#""grep found: the log said Exit code: 9 earlier\nExit code: 0""#,
        ];
        for case in cases {
            let value = raw(case);
            let text = output_text(Some(&value));
            let slow = OutputFacts {
                exit_code: exit_code(Some(&value)),
                is_rejection: text.contains("rejected by user"),
                is_interruption: text.starts_with("aborted"),
            };
            assert_eq!(output_facts(Some(&value)), slow, "{case}");
        }
        assert_eq!(output_facts(Some(&raw(r#""Process exited with code 7""#))).exit_code, Some(7));
    }
}

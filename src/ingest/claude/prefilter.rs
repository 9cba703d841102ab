//! A byte test that lets the parser pass over lines that cannot carry anything we read,
//! without parsing their JSON: hook and shell progress, file-history snapshots, queued
//! prompts and attachments (together up to half of a 2.1.x file).
//!
//! It looks at the value of the first `"type":"` in the line. Claude Code writes the
//! top-level `type` before any nested object on these lines, and on the lines we read the
//! first `type` is the top-level one or a nested one (`message`, `text`, `tool_result`),
//! so a line is only passed over when its own type is one of the listed ones. Text that
//! merely mentions them is escaped inside a JSON string (`\"type\":\"progress\"`) and
//! does not match. A malformed line of these types is passed over like a good one: it
//! would carry nothing we read either way.

use std::sync::LazyLock;

use memchr::memmem::Finder;

const TYPE_KEY: &[u8] = b"\"type\":\"";
const SKIPPED_TYPES: [&[u8]; 4] = [b"progress", b"file-history-snapshot", b"queue-operation", b"attachment"];
/// Progress lines that nest a subagent's messages are read.
const AGENT_PROGRESS: &[u8] = b"\"agent_progress\"";
/// Searchers built once, not per line.
static TYPE_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(TYPE_KEY));
static AGENT_PROGRESS_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(AGENT_PROGRESS));

pub fn can_skip(line: &[u8]) -> bool {
    let Some(start) = TYPE_FINDER.find(line).map(|at| at + TYPE_KEY.len()) else {
        return false;
    };
    let value_end = match memchr::memchr(b'"', &line[start..]) {
        Some(length) => start + length,
        None => return false,
    };
    let value = &line[start..value_end];
    SKIPPED_TYPES.contains(&value) && !(value == b"progress" && AGENT_PROGRESS_FINDER.find(line).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_only_listed_top_level_types() {
        assert!(can_skip(br#"{"parentUuid":null,"type":"progress","data":{"type":"hook_progress"}}"#));
        assert!(can_skip(br#"{"type":"file-history-snapshot","messageId":"x"}"#));
        assert!(!can_skip(br#"{"type":"progress","data":{"type":"agent_progress","message":{}}}"#));
        assert!(!can_skip(br#"{"message":{"id":"m","type":"message"},"type":"assistant"}"#));
        assert!(!can_skip(br#"{"type":"user","message":{"content":"say \"type\":\"progress\""}}"#));
        assert!(!can_skip(br#"{"type": "progress"}"#), "unusual spacing is parsed, not guessed");
    }

    /// On every line of every fixture: a line passed over is one whose top-level type is
    /// listed (and not agent progress), so no line that carries data is lost.
    #[test]
    fn never_skips_a_line_that_carries_data_in_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real");
        let mut pending = vec![root];
        let mut checked = 0;
        while let Some(path) = pending.pop() {
            if path.is_dir() {
                pending.extend(std::fs::read_dir(&path).expect("dir").map(|entry| entry.expect("entry").path()));
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            for line in bytes.split(|byte| *byte == b'\n').filter(|line| can_skip(line)) {
                let value: serde_json::Value = serde_json::from_slice(line).expect("a skipped fixture line is JSON");
                let kind = value["type"].as_str().unwrap_or_default();
                assert!(SKIPPED_TYPES.contains(&kind.as_bytes()), "{}: skipped a {kind} line", path.display());
                assert_ne!(value["data"]["type"], "agent_progress");
                checked += 1;
            }
        }
        assert!(checked > 100, "the fixtures have progress and snapshot lines to check ({checked})");
    }
}

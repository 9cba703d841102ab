//! Which transcript format a file is, told from its lines one at a time (the ingest
//! asks until a line names a format or `DETECTION_LINES` have not).

use super::{claude, codex};
use crate::model::SkipReason;

pub(super) enum Detected {
    Claude,
    Codex,
    /// A file that sits beside transcripts and is not one: what it is.
    Other(&'static str),
    /// Valid JSON that names no format.
    Unknown,
    Unreadable(SkipReason),
}

/// Recognises a format from one line. Lines that are valid JSON but name no format
/// leave the question open for the next line.
pub(super) fn detect(bytes: &[u8]) -> Detected {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Detected::Unreadable(SkipReason::InvalidUtf8);
    };
    let Ok(serde_json::Value::Object(probe)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Detected::Unreadable(SkipReason::InvalidJson);
    };
    if claude::recognises(&probe) {
        Detected::Claude
    } else if codex::recognises(&probe) {
        Detected::Codex
    } else if probe.contains_key("agentType") {
        Detected::Other("subagent metadata")
    } else {
        Detected::Unknown
    }
}

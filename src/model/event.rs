//! Events: one timestamped thing that happened in a conversation.

use std::num::NonZeroU32;

use super::bidi::is_bidi_control;
use super::dataset::ConversationId;
use super::keys::{stable_hash, LineKey};
use super::texts::TextId;

/// Which coding agent wrote a transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Agent {
    ClaudeCode,
    Codex,
    Gemini,
}

impl Agent {
    pub const ALL: [Agent; 3] = [Agent::ClaudeCode, Agent::Codex, Agent::Gemini];

    /// The agent's name as the page, the CLI and exports write it.
    pub fn label(self) -> &'static str {
        match self {
            Agent::ClaudeCode => "claude-code",
            Agent::Codex => "codex",
            Agent::Gemini => "gemini-cli",
        }
    }

    pub fn from_label(label: &str) -> Option<Agent> {
        Agent::ALL.into_iter().find(|agent| agent.label() == label)
    }
}

/// The line classes of spec section 2, with what each class carries.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum EventKind {
    /// Text a person typed (not tool output, meta text, commands or markers);
    /// `preview` is its beginning, shown in a session's timeline as text.
    HumanPrompt { is_plan_mode: bool, preview: String },
    /// A model response; `request` indexes `Dataset::requests` when it carried usage.
    AgentMessage { request: Option<u32>, preview: String },
    /// The agent asked to run a tool. `target` is the file a file tool works on or the
    /// command a shell tool runs (both kept in `Dataset::texts`); `proposed` the lines an
    /// edit would change.
    /// `request` is the API request (index into `Dataset::requests`) that made the call.
    ToolCall { tool_use_id: ToolUseId, tool: TextId, target: Option<Target>, proposed: Option<LineCounts>, request: Option<u32> },
    /// The result of a tool call, matched to it by `tool_use_id`. `applied` is the
    /// recorded patch of an edit, when the agent wrote one; `writes_todo`, that the edit's
    /// text held a TODO marker; `check` (index into `Dataset::checks`), the build or
    /// test run the call's command was; `error`, the beginning of what a failed call
    /// said ([`preview`]; absent when the call did not fail or said nothing).
    ToolResult {
        tool_use_id: ToolUseId,
        is_error: bool,
        is_rejection: bool,
        is_interruption: bool,
        writes_todo: bool,
        applied: Option<LineCounts>,
        check: Option<CheckIndex>,
        #[serde(deserialize_with = "super::field_versions::error_text", skip_serializing_if = "super::field_versions::error_text_left_out")]
        error: Option<ErrorText>,
    },
    /// "[Request interrupted by user …]".
    Interruption,
    /// A slash command such as `/init`.
    SlashCommand { name: String },
    /// The summary written after a compaction, or the compaction boundary itself.
    Compaction,
    /// Injected or system text that is neither a prompt nor a response.
    SystemMeta,
}

/// What a tool call works on: a file (by path) or a shell command. Both are texts of
/// the dataset; which one matters for exports, which hash paths and shorten commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    File(TextId),
    Command(TextId),
}

impl Target {
    pub fn text(self) -> TextId {
        match self {
            Target::File(id) | Target::Command(id) => id,
        }
    }

    /// The same kind of target with another text.
    pub fn with_text(self, id: TextId) -> Target {
        match self {
            Target::File(_) => Target::File(id),
            Target::Command(_) => Target::Command(id),
        }
    }
}

/// A tool call's id (`toolu_…`), kept as a 64-bit hash of its text (`keys::stable_hash`,
/// so exports of two versions pair a call and its result alike): it only pairs a call
/// with its result inside one session, where a few hundred ids never share 64 bits, and
/// it spares an allocation per call and per result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ToolUseId(pub u64);

impl ToolUseId {
    pub fn of(text: &str) -> ToolUseId {
        ToolUseId(stable_hash(&[text.as_bytes()]))
    }
}

impl From<&str> for ToolUseId {
    fn from(text: &str) -> ToolUseId {
        ToolUseId::of(text)
    }
}

/// Characters of prompt and response text kept for the session timeline.
pub const PREVIEW_CHARS: usize = 160;

/// The beginning of a text, at most [`PREVIEW_CHARS`] characters, on one line.
pub fn preview(text: &str) -> String {
    let mut preview: String = text
        .trim()
        .chars()
        .take(PREVIEW_CHARS)
        .map(|c| {
            if c.is_control() {
                ' '
            } else if is_bidi_control(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    if text.trim().chars().nth(PREVIEW_CHARS).is_some() {
        preview.push('…');
    }
    preview
}

/// An index into `Dataset::checks` in four bytes, with `None` beside it at no cost
/// (stored as the index + 1): with [`ErrorText`] it keeps [`EventKind`] at 40 bytes.
/// Written and read as the plain index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CheckIndex(NonZeroU32);

impl CheckIndex {
    pub fn of(index: u32) -> CheckIndex {
        CheckIndex(NonZeroU32::MIN.saturating_add(index))
    }

    pub fn get(self) -> u32 {
        self.0.get() - 1
    }

    pub fn index(self) -> usize {
        self.get() as usize
    }
}

impl serde::Serialize for CheckIndex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.get())
    }
}

impl<'de> serde::Deserialize<'de> for CheckIndex {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u32::deserialize(deserializer).map(CheckIndex::of)
    }
}

/// A failed call's error text: a text of `Dataset::texts` (repeated messages kept once),
/// in four bytes with `None` beside it at no cost (stored as the text's id + 1). Written
/// and read as the text's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ErrorText(NonZeroU32);

impl ErrorText {
    pub fn of(text: TextId) -> ErrorText {
        ErrorText(NonZeroU32::MIN.saturating_add(text.0))
    }

    pub fn text(self) -> TextId {
        TextId(self.0.get() - 1)
    }
}

impl serde::Serialize for ErrorText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.text().0)
    }
}

impl<'de> serde::Deserialize<'de> for ErrorText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u32::deserialize(deserializer).map(|id| ErrorText::of(TextId(id)))
    }
}

/// What a failed tool call said, kept as its result's `error`: the text's beginning
/// ([`preview`]), or nothing when it said nothing.
pub fn error_preview(text: &str) -> Option<String> {
    Some(preview(text)).filter(|preview| !preview.is_empty())
}

/// Lines an edit adds and removes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineCounts {
    pub added: u32,
    pub removed: u32,
}

impl LineCounts {
    pub fn add(&mut self, other: LineCounts) {
        self.added = self.added.saturating_add(other.added);
        self.removed = self.removed.saturating_add(other.removed);
    }
}

/// One event of a conversation.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub timestamp_ms: i64,
    /// The line it came from (events of one line share it; see `keys`).
    pub line: LineKey,
    pub conversation: ConversationId,
    pub is_sidechain: bool,
    pub kind: EventKind,
}

impl Event {
    /// What a dataset's events are ordered by: conversation, then time.
    pub fn order_key(&self) -> (ConversationId, i64) {
        (self.conversation, self.timestamp_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events are most of a loaded dataset's memory: a field that pushed the tool-result
    /// variant out of the enum's niche made every event 8 bytes larger.
    #[test]
    fn an_event_stays_64_bytes() {
        assert_eq!(std::mem::size_of::<EventKind>(), 40);
        assert_eq!(std::mem::size_of::<Event>(), 64);
    }

    #[test]
    fn indexes_keep_their_value_and_none_costs_nothing() {
        assert_eq!(CheckIndex::of(0).get(), 0);
        assert_eq!(CheckIndex::of(7).index(), 7);
        assert_eq!(ErrorText::of(TextId(12)).text(), TextId(12));
        assert_eq!(std::mem::size_of::<Option<CheckIndex>>(), 4);
        assert_eq!(postcard::to_allocvec(&Some(CheckIndex::of(300))).expect("encodes"), postcard::to_allocvec(&Some(300_u32)).expect("encodes"));
    }
}

//! Facts of one file that name things another file may hold: a title for the
//! conversation that holds some line, a child rollout that may replay its parent's
//! history. A file's part keeps them as they are written; they are joined once every
//! part is in (`transport::joins`), the same way whatever file they came from and in
//! whatever order the files arrived.

use super::dataset::ConversationId;
use super::event::Agent;
use super::keys::LineKey;

/// How much a title says about a conversation: a title of a later rank replaces an
/// earlier one; within a rank, the last one read (in path order, then line order) wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum TitleRank {
    /// The title an export carries (its producer's, already joined).
    Exported,
    /// A title the agent writes into its own conversation (Codex `thread_name_updated`,
    /// a Gemini chat's `summary`).
    Own,
    /// A Claude Code `summary` line, naming the conversation that holds its leaf line.
    Summary,
    /// Claude Code's `ai-title`.
    Generated,
    /// A title the user gave (`custom-title`).
    Custom,
}

/// Which conversation a title is for.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ClaimTarget {
    /// The conversation of this agent with this key.
    Conversation(Agent, String),
    /// The conversation that holds this line (wherever it was read first).
    Leaf(LineKey),
}

/// A title a file gives a conversation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TitleClaim {
    pub target: ClaimTarget,
    pub title: String,
    pub rank: TitleRank,
}

/// A line read that gave no event (a streamed response's later line, a user line of
/// images only): kept so that a title naming it by its key finds its conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventlessLine {
    pub line: LineKey,
    pub conversation: ConversationId,
}

/// The token events of a Codex session, in order, each as a hash of its four counts
/// (`stable_hash` of input, cached input, output and reasoning tokens): what a child
/// rollout's replay of it is recognised by.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UsageSequence {
    pub session: String,
    pub deltas: Vec<u64>,
}

/// One token event of a child rollout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeadToken {
    /// The hash of its counts, as in [`UsageSequence`].
    pub delta: u64,
    /// The second it was written in (ms / 1000).
    pub second: i64,
    /// The request it made, when it made one (not when it repeated one of the file).
    pub request: Option<u32>,
}

/// A Codex child rollout (a fork, or a subagent spawned by a thread), which starts by
/// replaying its parent's history, token events included: its token events in order,
/// so that the replayed ones can be told once every file is in. With its parent's
/// sequence known, the leading events that repeat it are the replay; without, a leading
/// run of events within one second (written at the moment of the fork) is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplayLead {
    pub parent: String,
    /// The child's own session id, if it names one (a child naming itself as its parent
    /// replays nothing).
    pub session: Option<String>,
    pub tokens: Vec<LeadToken>,
}

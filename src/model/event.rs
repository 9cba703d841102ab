//! Events: one timestamped thing that happened in a conversation.

use super::dataset::ConversationId;

/// Which coding agent wrote a transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Agent {
    ClaudeCode,
}

impl Agent {
    pub fn label(self) -> &'static str {
        match self {
            Agent::ClaudeCode => "claude-code",
        }
    }
}

/// The line classes of spec section 2, with what each class carries.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// Text a person typed (not tool output, meta text, commands or markers).
    HumanPrompt { is_plan_mode: bool },
    /// A model response; `request` indexes `Dataset::requests` when it carried usage.
    AgentMessage { request: Option<u32> },
    /// The agent asked to run a tool.
    ToolCall { tool_use_id: String, tool: String },
    /// The result of a tool call, matched to it by `tool_use_id`.
    ToolResult { tool_use_id: String, is_error: bool, is_rejection: bool },
    /// "[Request interrupted by user …]".
    Interruption,
    /// A slash command such as `/init`.
    SlashCommand { name: String },
    /// The summary written after a compaction, or the compaction boundary itself.
    Compaction,
    /// Injected or system text that is neither a prompt nor a response.
    SystemMeta,
}

/// One event of a conversation.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub timestamp_ms: i64,
    pub conversation: ConversationId,
    pub is_sidechain: bool,
    pub kind: EventKind,
}

//! What one session amounts to, computed once per selection: its tool uses, code,
//! conversation figures, tokens and cost. Every table and card adds these up.

use crate::metrics::commands::runs_git_commit;
use crate::metrics::code::{code_stats, file_stats, CodeStats, FileStats};
use crate::metrics::conversation::{conversation_stats, ConversationStats};
use crate::metrics::quality::{quality_stats, QualityStats};
use crate::metrics::rules::{rule_hits, RuleCounts};
use crate::metrics::selection::Selection;
use crate::metrics::tool_use::{pair_tool_uses, ToolUse};
use crate::metrics::tools::{session_tool_stats, ToolStats};
use crate::model::{ConversationId, EventKind, TextMap, TokenUsage};
use crate::sessions::Session;

/// Outcome of a session (spec section 4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// A `git commit` ran successfully.
    Shipped,
    /// Edits were applied, nothing committed.
    Changed,
    /// Nothing was applied.
    Abandoned,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Shipped, Outcome::Changed, Outcome::Abandoned];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Shipped => "shipped",
            Outcome::Changed => "changed",
            Outcome::Abandoned => "abandoned",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionFacts {
    pub conversation: ConversationId,
    pub start_ms: i64,
    pub active_time_ms: i64,
    pub conversation_stats: ConversationStats,
    /// By tool name (the dataset's text ids).
    pub tools: TextMap<ToolStats>,
    pub code: CodeStats,
    /// By path of the edited file (the dataset's text ids).
    pub files: TextMap<FileStats>,
    pub rules: RuleCounts,
    pub quality: QualityStats,
    pub requests: u64,
    pub usage: TokenUsage,
    pub cost_usd: f64,
    pub outcome: Outcome,
}

fn is_commit(tool_use: &ToolUse<'_>) -> bool {
    tool_use.is_success() && tool_use.command().is_some_and(runs_git_commit)
}

pub fn session_facts(selection: &Selection<'_>, session: &Session) -> SessionFacts {
    let events = selection.session_events(session);
    let uses = pair_tool_uses(events, &selection.dataset.texts);
    let conversation = conversation_stats(events);
    let code = code_stats(&uses);
    let mut requests = 0;
    let mut usage = TokenUsage::default();
    let mut cost_usd = 0.0;
    for event in events {
        if let EventKind::AgentMessage { request: Some(index), .. } = event.kind {
            if let Some(request) = selection.dataset.requests.get(index as usize).filter(|r| selection.passes_model_filter(r)) {
                requests += 1;
                usage.add(&request.usage);
                cost_usd += request.cost_usd;
            }
        }
    }
    let outcome = if uses.iter().any(is_commit) {
        Outcome::Shipped
    } else if code.applied_edits > 0 {
        Outcome::Changed
    } else {
        Outcome::Abandoned
    };
    SessionFacts {
        conversation: session.conversation,
        start_ms: session.start_ms,
        active_time_ms: session.active_time_ms(),
        rules: RuleCounts::of(&rule_hits(events, &uses, &selection.dataset.checks)),
        quality: quality_stats(&uses, &selection.dataset.checks),
        conversation_stats: conversation,
        tools: session_tool_stats(&uses),
        files: file_stats(&uses, |index| {
            selection.dataset.requests.get(index as usize).filter(|r| selection.passes_model_filter(r)).map(|r| r.cost_usd)
        }),
        code,
        requests,
        usage,
        cost_usd,
        outcome,
    }
}

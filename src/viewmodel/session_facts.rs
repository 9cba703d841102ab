//! What one session amounts to, computed once per selection: its tool uses, code,
//! conversation figures, tokens and cost. Every table and card adds these up.

use crate::metrics::code::{code_stats, file_stats, CodeStats, FileStats};
use crate::metrics::commands::runs_git_commit;
use crate::metrics::conversation::{conversation_stats, ConversationStats};
use crate::metrics::practices::{session_practices, Practices};
use crate::metrics::quality::{quality_stats, QualityStats};
use crate::metrics::rules::{rule_hits, RuleCounts};
use crate::metrics::selection::Selection;
use crate::metrics::tool_use::{pair_tool_uses, ToolUse};
use crate::metrics::tools::{session_tool_stats, ToolStats};
use crate::model::{CheckKind, CheckRun, Commit, ConversationId, Event, EventKind, LineCounts, TextId, TextMap, TokenUsage};
use crate::sessions::Session;

/// Outcome of a session (spec section 4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// A `git commit` ran successfully, or a dropped `git log` has a commit of its
    /// repository made during it or within the idle cutoff after it.
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
    /// The session's first prompt as the data holds it (empty without prompt text).
    pub first_prompt: String,
    /// The models that answered, with their requests, most first.
    pub models: Vec<(TextId, u32)>,
    pub usage: TokenUsage,
    pub cost_usd: f64,
    pub outcome: Outcome,
    /// Lines of the commits a dropped `git log` matched to the session, if any.
    pub committed: Option<LineCounts>,
    /// The working practices it shows (spec 4.4).
    pub practices: Practices,
    /// Its test runs whose summary was read: (time of the result, index into
    /// `Dataset::checks`), in order.
    pub test_runs: Vec<(i64, u32)>,
}

/// The test runs with a read summary among a session's events.
fn read_test_runs(events: &[&Event], checks: &[CheckRun]) -> Vec<(i64, u32)> {
    events
        .iter()
        .filter_map(|event| match event.kind {
            EventKind::ToolResult { check: Some(index), .. } => checks
                .get(index.index())
                .filter(|check| matches!(check.kind, CheckKind::Test(_)) && check.counts.is_some())
                .map(|_| (event.timestamp_ms, index.get())),
            _ => None,
        })
        .collect()
}

/// The lines of the commits of `project`'s repository (the project's folder or one it is
/// inside) made from `from_ms` to `to_ms`; `None` without one. `commits` are sorted by
/// repository, then time (`Dataset::settle_records`).
pub fn committed_lines(commits: &[Commit], project: &str, from_ms: i64, to_ms: i64) -> Option<LineCounts> {
    if project.is_empty() {
        return None;
    }
    let mut lines: Option<LineCounts> = None;
    let mut start = 0;
    while start < commits.len() {
        let repository = commits[start].repository.as_str();
        let end = start + commits[start..].partition_point(|commit| commit.repository == repository);
        let inside = project.strip_prefix(repository).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '\\']));
        if inside {
            let group = &commits[start..end];
            let first = group.partition_point(|commit| commit.timestamp_ms < from_ms);
            for commit in group[first..].iter().take_while(|commit| commit.timestamp_ms <= to_ms) {
                lines.get_or_insert_with(LineCounts::default).add(LineCounts { added: commit.added, removed: commit.removed });
            }
        }
        start = end;
    }
    lines
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
    let mut models: Vec<(TextId, u32)> = Vec::new();
    for event in events {
        if let EventKind::AgentMessage { request: Some(index), .. } = event.kind {
            if let Some(request) = selection.dataset.requests.get(index as usize).filter(|r| selection.passes_model_filter(r)) {
                requests += 1;
                usage.add(&request.usage);
                cost_usd += request.cost_usd;
                match models.iter_mut().find(|(model, _)| *model == request.model) {
                    Some((_, count)) => *count += 1,
                    None => models.push((request.model, 1)),
                }
            }
        }
    }
    // Most requests first; a tie in the order the session first used them.
    crate::order::sort_by(&mut models, |a, b| b.1.cmp(&a.1));
    let first_prompt = events
        .iter()
        .find_map(|event| match &event.kind {
            EventKind::HumanPrompt { preview, .. } => Some(preview.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let dataset = selection.dataset;
    let project = &dataset.conversation(session.conversation).project_path;
    let committed = committed_lines(&dataset.commits, project, session.start_ms, session.end_ms + selection.settings.idle_cutoff_ms);
    let outcome = if uses.iter().any(is_commit) || committed.is_some() {
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
        files: file_stats(&uses, |index| selection.dataset.requests.get(index as usize).filter(|r| selection.passes_model_filter(r)).map(|r| r.cost_usd)),
        code,
        requests,
        first_prompt,
        models,
        usage,
        cost_usd,
        outcome,
        committed,
        practices: session_practices(events, &uses),
        test_runs: read_test_runs(events, &dataset.checks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(repository: &str, minute: i64, added: u32) -> Commit {
        Commit { repository: repository.to_owned(), timestamp_ms: minute * 60_000, key: minute as u64, added, removed: 1 }
    }

    #[test]
    fn commits_of_the_project_s_repository_in_the_session_or_the_cutoff_after_it() {
        // Sorted by repository, then time.
        let commits = [commit("/home/ana/api", 5, 10), commit("/home/ana/api", 30, 7), commit("/home/ana/api", 31, 100), commit("/home/ana/web", 10, 3)];
        let minute = |n: i64| n * 60_000;
        // A session from minute 0 to 20, cutoff 10: the commits at 5 and 30 count.
        assert_eq!(committed_lines(&commits, "/home/ana/api", 0, minute(30)), Some(LineCounts { added: 17, removed: 2 }));
        assert_eq!(committed_lines(&commits, "/home/ana/api/server", 0, minute(30)).map(|l| l.added), Some(17), "a folder inside the repository");
        assert_eq!(committed_lines(&commits, "/home/ana/apiary", 0, minute(30)), None, "not a folder of it");
        assert_eq!(committed_lines(&commits, "/home/ana/api", minute(32), minute(60)), None, "none in that time");
        assert_eq!(committed_lines(&commits, "", 0, minute(60)), None);
    }
}

//! Records other tools wrote about sessions (spec section 1, "seed formats"): entries of
//! a session-metrics log (seed 002), sessions of an AgileFlow `session-state.json`
//! (seed 004) and the rows of ccusage's `--json` reports. They are shown beside what the
//! transcripts say and never added into it: a logged or tracked session is not one of our
//! sessions, and a reported day counts only where no transcript covers it.

use super::event::Agent;
use super::usage::TokenUsage;

/// Everything other tools' files gave one load.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct External {
    pub logged: Vec<LoggedSession>,
    pub tracked: Vec<TrackedSession>,
    pub reported: Vec<ReportedUsage>,
}

/// The figures a session-metrics log entry gives (`metrics:`), each only when written.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoggedMetrics {
    pub tokens_in: Option<u64>,
    pub tokens_out: Option<u64>,
    pub cost_usd: Option<f64>,
    pub loc_generated: Option<u64>,
    pub loc_accepted: Option<u64>,
    pub loc_discarded: Option<u64>,
    pub loc_corrected: Option<u64>,
    pub commits: Option<u64>,
    pub tests_passed: Option<u64>,
    pub tests_failed: Option<u64>,
    /// As written, or (discarded + corrected) / accepted of the entry's own lines.
    pub slop_signal_ratio: Option<f64>,
    /// 0..1 (the log writes a percentage), or passed / (passed + failed) of its tests.
    pub test_pass_rate: Option<f64>,
}

/// One session-metrics log entry (seed 002).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoggedSession {
    /// `keys::stable_hash` of the entry's id, start and project: the same entry in two
    /// files is one.
    pub key: u64,
    pub person: String,
    pub session_id: String,
    /// `interactive` or `agentic`, as written.
    pub session_type: String,
    pub model: String,
    pub project: String,
    pub branch: String,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub task_ids: Vec<String>,
    pub metrics: LoggedMetrics,
    /// `production`, `review` or `slop`, as written (empty when not).
    pub classification: String,
    pub outcome: String,
    pub notes: String,
}

/// Test results an AgileFlow session recorded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TrackedTests {
    pub passed: u64,
    pub failed: u64,
    pub skipped: u64,
}

/// One stretch of an AgileFlow session's activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    pub start_ms: i64,
    pub end_ms: i64,
    pub is_active: bool,
}

/// One session of an AgileFlow `session-state.json` (seed 004): the full schema's
/// `sessions[]` and `active`, or the simplified one's `current_session` and `last_session`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrackedSession {
    /// `keys::stable_hash` of the session's id (and its start when it has none).
    pub key: u64,
    pub person: String,
    pub id: String,
    /// `active`, `ended`…, as written.
    pub status: String,
    pub end_reason: String,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub branch: String,
    /// The tracker's own estimates.
    pub duration_ms: Option<i64>,
    pub active_ms: Option<i64>,
    pub idle_ms: Option<i64>,
    pub idle_cutoff_minutes: Option<u32>,
    pub segments: Vec<Segment>,
    pub stories_completed: Vec<String>,
    pub stories_in_progress: Vec<String>,
    pub commits: Option<u64>,
    pub tests: Option<TrackedTests>,
    /// Tests that failed and had passed at the baseline, over the session's regressions.
    pub new_failures: Vec<String>,
    pub regressions: u64,
    /// `resume_context.summary`, as written.
    pub summary: String,
}

/// Which ccusage report a row came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReportKind {
    Daily,
    /// A `session` report's row: its id and project (path or folder, as ccusage names it).
    Session {
        session_id: String,
        project: String,
    },
}

/// One model's part of a reported row, when the report splits it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportedModel {
    pub model: String,
    pub usage: TokenUsage,
    pub cost_usd: Option<f64>,
}

/// One row of a ccusage `daily` or `session` report: a cost-only source (no sessions,
/// no events), counted only on days no transcript of the same person and agent covers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportedUsage {
    pub person: String,
    #[serde(with = "agent_label")]
    pub agent: Agent,
    /// The day as the report names it (`YYYY-MM-DD`, in the time zone ccusage ran in).
    pub date: String,
    pub kind: ReportKind,
    /// Tokens as ccusage counts them: input without cache reads, cache writes in
    /// `cache_write_5m_tokens` (ccusage does not split them), output with reasoning.
    pub usage: TokenUsage,
    pub cost_usd: f64,
    pub models: Vec<ReportedModel>,
}

impl ReportedUsage {
    /// The key two rows of the same usage share.
    fn day_key(&self) -> (&str, Agent, &str) {
        (self.person.as_str(), self.agent, self.date.as_str())
    }
}

impl External {
    pub fn is_empty(&self) -> bool {
        self.logged.is_empty() && self.tracked.is_empty() && self.reported.is_empty()
    }

    /// Renames the people `renamed` gives a new label (then `settle` again: two people
    /// may have become one).
    pub fn relabel_people(&mut self, renamed: impl Fn(&str) -> Option<String>) {
        let people = self.logged.iter_mut().map(|entry| &mut entry.person);
        let people = people.chain(self.tracked.iter_mut().map(|session| &mut session.person));
        for person in people.chain(self.reported.iter_mut().map(|row| &mut row.person)) {
            if let Some(shown) = renamed(person) {
                *person = shown;
            }
        }
    }

    pub fn absorb(&mut self, other: External) {
        self.logged.extend(other.logged);
        self.tracked.extend(other.tracked);
        self.reported.extend(other.reported);
    }

    /// Sorts every list and keeps each record once: the same log entry from two files;
    /// the same tracked session from two files (the copy with more activity segments:
    /// the later write); of a person's reported rows for one agent and day, the
    /// daily row with the most tokens (a report made later in the day holds more of it),
    /// and session rows only for days no daily report gives.
    pub fn settle(&mut self) {
        self.logged.sort_by(|a, b| (a.start_ms, &a.session_id, a.key).cmp(&(b.start_ms, &b.session_id, b.key)));
        self.logged.dedup_by_key(|entry| entry.key);
        self.tracked.sort_by_key(|session| (session.start_ms, session.key, session.segments.len()));
        dedup_keep_last(&mut self.tracked, |session| session.key);
        self.settle_reported();
    }

    fn settle_reported(&mut self) {
        let total = |row: &ReportedUsage| row.usage.total_tokens();
        self.reported.sort_by(|a, b| {
            a.day_key()
                .cmp(&b.day_key())
                .then_with(|| matches!(a.kind, ReportKind::Session { .. }).cmp(&matches!(b.kind, ReportKind::Session { .. })))
                .then_with(|| session_of(a).cmp(&session_of(b)))
                .then_with(|| total(b).cmp(&total(a)))
                .then_with(|| b.cost_usd.total_cmp(&a.cost_usd))
        });
        let mut kept: Vec<ReportedUsage> = Vec::with_capacity(self.reported.len());
        for row in self.reported.drain(..) {
            let repeats =
                kept.last().is_some_and(|last| last.day_key() == row.day_key() && (last.kind == ReportKind::Daily || session_of(last) == session_of(&row)));
            if !repeats {
                kept.push(row);
            }
        }
        self.reported = kept;
    }
}

/// The agent whose models these are, if their names tell.
pub fn agent_of_model(model: &str) -> Option<Agent> {
    let model = model.to_ascii_lowercase();
    let model = model.rsplit('/').next().unwrap_or(&model);
    if model.starts_with("claude") {
        Some(Agent::ClaudeCode)
    } else if model.starts_with("gemini") {
        Some(Agent::Gemini)
    } else if model.starts_with("gpt") || model.starts_with("codex") || ["o1", "o3", "o4"].iter().any(|family| model.starts_with(family)) {
        Some(Agent::Codex)
    } else {
        None
    }
}

/// An agent written by its label (`claude-code`, `codex`, `gemini-cli`), as exports name it.
mod agent_label {
    use super::Agent;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(agent: &Agent, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(agent.label())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Agent, D::Error> {
        let label = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Agent::from_label(&label).ok_or_else(|| D::Error::custom(format!("unknown agent {label:?}")))
    }
}

fn session_of(row: &ReportedUsage) -> Option<(&str, &str)> {
    match &row.kind {
        ReportKind::Daily => None,
        ReportKind::Session { session_id, project } => Some((session_id.as_str(), project.as_str())),
    }
}

/// Of consecutive items with the same key, keeps the last.
fn dedup_keep_last<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        match kept.last_mut() {
            Some(last) if key(last) == key(&item) => *last = item,
            _ => kept.push(item),
        }
    }
    *items = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(person: &str, date: &str, kind: ReportKind, input_tokens: u64) -> ReportedUsage {
        ReportedUsage {
            person: person.to_owned(),
            agent: Agent::ClaudeCode,
            date: date.to_owned(),
            kind,
            usage: TokenUsage { input_tokens, ..TokenUsage::default() },
            cost_usd: input_tokens as f64 / 1000.0,
            models: Vec::new(),
        }
    }

    fn session(id: &str) -> ReportKind {
        ReportKind::Session { session_id: id.to_owned(), project: String::from("p") }
    }

    #[test]
    fn agents_from_model_names() {
        assert_eq!(agent_of_model("claude-opus-4-6"), Some(Agent::ClaudeCode));
        assert_eq!(agent_of_model("gpt-5.2-codex"), Some(Agent::Codex));
        assert_eq!(agent_of_model("o4-mini"), Some(Agent::Codex));
        assert_eq!(agent_of_model("gemini-3-flash-preview"), Some(Agent::Gemini));
        assert_eq!(agent_of_model("anthropic/claude-sonnet-4"), Some(Agent::ClaudeCode));
        assert_eq!(agent_of_model("llama"), None);
    }

    #[test]
    fn a_day_reported_twice_keeps_the_fuller_daily_row_and_no_session_rows() {
        let mut external = External {
            reported: vec![
                row("ana", "2026-01-02", session("s1"), 40),
                row("ana", "2026-01-02", ReportKind::Daily, 50),
                row("ana", "2026-01-02", ReportKind::Daily, 90),
                row("ana", "2026-01-03", session("s2"), 7),
                row("ana", "2026-01-03", session("s2"), 9),
                row("ana", "2026-01-03", session("s3"), 3),
                row("bob", "2026-01-02", ReportKind::Daily, 5),
            ],
            ..External::default()
        };
        external.settle();
        let kept: Vec<(&str, &str, u64, bool)> =
            external.reported.iter().map(|row| (row.person.as_str(), row.date.as_str(), row.usage.input_tokens, row.kind == ReportKind::Daily)).collect();
        assert_eq!(
            kept,
            vec![("ana", "2026-01-02", 90, true), ("ana", "2026-01-03", 9, false), ("ana", "2026-01-03", 3, false), ("bob", "2026-01-02", 5, true)]
        );
    }

    #[test]
    fn the_same_tracked_session_twice_keeps_the_one_with_more_segments() {
        let tracked = |segments: usize| TrackedSession {
            key: 7,
            start_ms: Some(1),
            segments: vec![Segment { start_ms: 0, end_ms: 1, is_active: true }; segments],
            ..TrackedSession::default()
        };
        let mut external = External { tracked: vec![tracked(3), tracked(1)], ..External::default() };
        external.settle();
        assert_eq!(external.tracked.len(), 1);
        assert_eq!(external.tracked[0].segments.len(), 3);
    }
}

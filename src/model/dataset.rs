//! The dataset: everything one load produced, ready for the metrics.

use std::collections::BTreeMap;

use super::check_run::CheckRun;
use super::commit::Commit;
use super::cross_file::{EventlessLine, ReplayLead, TitleClaim, UsageSequence};
use super::diagnostics::{Diagnostics, SkipReason};
use super::event::{Agent, Event};
use super::external::External;
use super::file_skip::FileSkip;
use super::texts::{TextId, Texts};
use super::usage::Request;
use crate::pricing::FoundPrices;

/// Index of a conversation in `Dataset::conversations`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct ConversationId(pub u32);

/// One agent conversation (a Claude Code `sessionId`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Conversation {
    pub session_key: String,
    pub agent: Agent,
    /// Full working directory (`cwd`), empty when no line named one.
    pub project_path: String,
    pub git_branch: String,
    /// Who it is labelled with: in a part, the label its file was dropped as (or its
    /// export's); in an assembled dataset, that label as the user has renamed it.
    pub person: String,
    /// Its title, joined from every file's claims when the dataset is assembled
    /// (`transport::joins`); never carried in a part.
    #[serde(skip)]
    pub title: Option<String>,
}

impl Conversation {
    /// The project as shown: the last segment of its path.
    pub fn project_name(&self) -> &str {
        project_name(&self.project_path)
    }
}

/// The last non-empty segment of a path, `/` or `\` separated; "(no project)" for none.
pub fn project_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).find(|segment| !segment.is_empty()).unwrap_or("(no project)")
}

/// What happened to one input file.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FileOutcome {
    Read {
        agent: Agent,
    },
    /// A Session Lens export (or a report, which embeds one), loaded whole.
    Imported {
        conversations: u64,
    },
    /// A price table (recognised by content), with its number of models.
    Prices {
        models: u64,
    },
    Skipped {
        reason: FileSkip,
    },
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileReport {
    pub path: String,
    pub size_bytes: u64,
    pub line_count: u64,
    pub outcome: FileOutcome,
    /// Lines of this file that could not be read, by reason.
    pub skipped_lines: BTreeMap<SkipReason, u64>,
    /// The export this report came with, when the file was read where the export was
    /// made (and not here).
    pub imported_from: Option<String>,
}

/// Drops later copies of a file's report (the same file read twice: a folder dropped
/// twice, an export beside the folder it was made from), keeping the first. Two reports
/// are of the same file when its name (the path's last segment: the CLI and the page
/// name the same file by other paths), size, lines, outcome and skipped lines agree.
pub fn dedupe_file_reports(files: &mut Vec<FileReport>) -> bool {
    let before = files.len();
    let mut seen: std::collections::HashSet<(String, u64, u64)> = std::collections::HashSet::new();
    let mut kept: Vec<FileReport> = Vec::with_capacity(files.len());
    for file in files.drain(..) {
        let name = project_name(&file.path).to_owned();
        let is_new = seen.insert((name, file.size_bytes, file.line_count)) || !kept.iter().any(|other| other.is_same_file(&file));
        if is_new {
            kept.push(file);
        }
    }
    *files = kept;
    files.len() != before
}

impl FileReport {
    fn is_same_file(&self, other: &FileReport) -> bool {
        project_name(&self.path) == project_name(&other.path)
            && self.size_bytes == other.size_bytes
            && self.line_count == other.line_count
            && self.outcome == other.outcome
            && self.skipped_lines == other.skipped_lines
    }
}

/// What files say, and once assembled what every figure is computed from. Events are
/// sorted by conversation, then time.
///
/// A part (one file's dataset, `transport`) holds only what its file says: the fields
/// marked as joined or priced are set when parts are assembled into the dataset shown,
/// and are not encoded. (The merge decodes the encoded fields in this order: see
/// `transport::merge::PartSeed`.)
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    pub conversations: Vec<Conversation>,
    pub events: Vec<Event>,
    pub requests: Vec<Request>,
    /// Build and test runs, named by their results' `check`.
    pub checks: Vec<CheckRun>,
    /// Commits of dropped `git log`s, by repository, then time.
    pub commits: Vec<Commit>,
    /// Other tools' records of sessions (session-metrics logs, AgileFlow, ccusage).
    pub external: External,
    /// Tool names, tool targets and models, each stored once.
    pub texts: Texts,
    pub files: Vec<FileReport>,
    pub diagnostics: Diagnostics,
    /// Titles for conversations, as the files give them (joined into
    /// `Conversation::title` when the dataset is assembled).
    pub title_claims: Vec<TitleClaim>,
    /// Lines read that gave no event, which a title may name.
    pub eventless_lines: Vec<EventlessLine>,
    /// Codex child rollouts whose replayed history is told apart once every part is in.
    pub replays: Vec<ReplayLead>,
    /// Codex sessions' token events, which a child's replay is recognised by.
    pub usage_sequences: Vec<UsageSequence>,
    /// Price tables the files held (laid over the embedded prices, newest last).
    pub price_tables: Vec<FoundPrices>,
    /// Which price tables the costs come from, as shown to the user (set with them).
    #[serde(skip)]
    pub prices_label: String,
}

impl Dataset {
    pub fn conversation(&self, id: ConversationId) -> &Conversation {
        &self.conversations[id.0 as usize]
    }

    pub fn text(&self, id: TextId) -> &str {
        self.texts.get(id)
    }

    /// Renames a person: every conversation and record labelled `from` is labelled
    /// `to` (as assembling with the labels renamed the same way gives: `PersonLabels`).
    pub fn relabel_person(&mut self, from: &str, to: &str) {
        for conversation in self.conversations.iter_mut().filter(|conversation| conversation.person == from) {
            conversation.person = to.to_owned();
        }
        self.external.relabel_people(|person| (person == from).then(|| to.to_owned()));
        self.external.settle();
    }

    /// Sorts the commits by repository and time, each commit once, and settles other
    /// tools' records (`External::settle`).
    pub fn settle_records(&mut self) {
        self.commits.sort_by(|a, b| a.repository.cmp(&b.repository).then(a.timestamp_ms.cmp(&b.timestamp_ms)).then(a.key.cmp(&b.key)));
        self.commits.dedup_by_key(|commit| commit.key);
        self.external.settle();
    }

    pub fn skipped_files(&self) -> impl Iterator<Item = &FileReport> {
        self.files.iter().filter(|file| matches!(file.outcome, FileOutcome::Skipped { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::project_name;

    #[test]
    fn project_name_is_last_segment() {
        assert_eq!(project_name("/Users/chip/dev/ai-music"), "ai-music");
        assert_eq!(project_name("/path/to/Demo/"), "Demo");
        assert_eq!(project_name("C:\\work\\api"), "api");
        assert_eq!(project_name(""), "(no project)");
    }
}

//! What a load read and what it could not: files, skipped files with reasons, skipped
//! lines counted by reason with examples naming file and line.

use std::collections::BTreeMap;

use crate::model::bidi::neutralise_bidi;
use crate::model::{Dataset, FileOutcome};

#[derive(Clone, Debug, PartialEq)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
    /// A file meant as data (an export, a report, a git log, another tool's records).
    pub is_import: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SkippedLine {
    pub path: String,
    pub line: u64,
    pub reason: &'static str,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoadReport {
    /// Files read in this load (transcripts, and exports or reports loaded whole).
    pub files_read: usize,
    pub bytes_read: u64,
    /// Exports and reports among them.
    pub imports: usize,
    /// The files those exports list: read where the export was made.
    pub imported_files: usize,
    /// Conversations with at least one event, as the figures count them.
    pub conversations: usize,
    pub skipped_files: Vec<SkippedFile>,
    /// The exports and reports among them: data the user meant to load, shown up front.
    pub failed_imports: Vec<SkippedFile>,
    /// (reason, count), most frequent first.
    pub skipped_line_counts: Vec<(&'static str, u64)>,
    pub skipped_line_examples: Vec<SkippedLine>,
    pub prices_note: String,
}

/// Why a load that read nothing shows nothing: `None` when the dataset holds a
/// conversation, a commit or another tool's record; otherwise how many files there were and what each kind of
/// them was turned away for ("None of the 3 files could be read: 2 binary file …").
pub fn nothing_read(dataset: &Dataset) -> Option<String> {
    if !dataset.conversations.is_empty() || !dataset.commits.is_empty() || !dataset.external.is_empty() {
        return None;
    }
    if dataset.files.is_empty() {
        return Some(String::from("Nothing to read: the drop holds no files."));
    }
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for file in &dataset.files {
        let reason = match &file.outcome {
            FileOutcome::Skipped { reason } => neutralise_bidi(&reason.to_string()).into_owned(),
            FileOutcome::Read { .. } | FileOutcome::Imported { .. } => String::from("no conversation in it"),
            FileOutcome::Prices { .. } => String::from("price table (its prices apply to the transcripts loaded with it)"),
        };
        *reasons.entry(reason).or_default() += 1;
    }
    let mut reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    crate::order::sort_by(&mut reasons, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let listed: Vec<String> = reasons.iter().map(|(reason, count)| format!("{count} {reason}")).collect();
    let files = if dataset.files.len() == 1 { String::from("the one file") } else { format!("the {} files", dataset.files.len()) };
    Some(format!("None of {files} could be read as a transcript, an export, a git log or another tool's session records: {}.", listed.join("; ")))
}

/// Conversations holding at least one event: those the figures count (a conversation
/// only named by metadata lines, a relocation or a worktree record, has no session).
fn conversations_with_events(dataset: &Dataset) -> usize {
    let mut seen = vec![false; dataset.conversations.len()];
    for event in &dataset.events {
        if let Some(slot) = seen.get_mut(event.conversation.0 as usize) {
            *slot = true;
        }
    }
    seen.into_iter().filter(|seen| *seen).count()
}

pub fn load_report(dataset: &Dataset) -> LoadReport {
    let skipped_files: Vec<SkippedFile> = dataset
        .files
        .iter()
        .filter(|file| file.imported_from.is_none())
        .filter_map(|file| match &file.outcome {
            FileOutcome::Skipped { reason } => Some(SkippedFile {
                path: neutralise_bidi(&file.path).into_owned(),
                reason: neutralise_bidi(&reason.to_string()).into_owned(),
                is_import: reason.is_import(),
            }),
            FileOutcome::Read { .. } | FileOutcome::Imported { .. } | FileOutcome::Prices { .. } => None,
        })
        .collect();
    let mut skipped_line_counts: Vec<(&'static str, u64)> = dataset.diagnostics.counts.iter().map(|(reason, count)| (reason.label(), *count)).collect();
    crate::order::sort_by(&mut skipped_line_counts, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // The files of this load, not those an export lists.
    let here = || dataset.files.iter().filter(|file| file.imported_from.is_none());
    // Files the user meant to load as data: exports, reports, git logs, other tools' records.
    let failed_imports = skipped_files.iter().filter(|file| file.is_import).cloned().collect();
    LoadReport {
        failed_imports,
        files_read: here().filter(|file| !matches!(file.outcome, FileOutcome::Skipped { .. })).count(),
        bytes_read: here().map(|file| file.size_bytes).sum(),
        // Exports and reports (git logs and other tools' records hold no conversation).
        imports: here().filter(|file| matches!(file.outcome, FileOutcome::Imported { conversations } if conversations > 0)).count(),
        imported_files: dataset.files.iter().filter(|file| file.imported_from.is_some()).count(),
        conversations: conversations_with_events(dataset),
        skipped_files,
        skipped_line_counts,
        skipped_line_examples: dataset
            .diagnostics
            .kept
            .iter()
            .map(|d| SkippedLine {
                path: neutralise_bidi(&d.file).into_owned(),
                line: d.line,
                reason: d.reason.label(),
                detail: neutralise_bidi(&d.detail).into_owned(),
            })
            .collect(),
        prices_note: format!("Costs use {}.", dataset.prices_label),
    }
}

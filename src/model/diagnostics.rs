//! Diagnostics: every input line we could not use, with file, line and reason.

use std::collections::BTreeMap;

/// Why a line was skipped. The `label` is what the page and the CLI show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum SkipReason {
    InvalidJson,
    InvalidUtf8,
    NotAnObject,
    WrongFieldType,
    MissingTimestamp,
    BadTimestamp,
    LineTooLong,
    TruncatedLastLine,
    /// A number outside what a transcript can hold (a cost of 1e308, a token count near
    /// 2^64): that field was ignored, the rest of the line read.
    ValueOutOfRange,
    /// A YAML document of a session-metrics log that does not parse.
    InvalidYaml,
}

impl SkipReason {
    pub const ALL: [SkipReason; 10] = [
        SkipReason::InvalidJson,
        SkipReason::InvalidUtf8,
        SkipReason::NotAnObject,
        SkipReason::WrongFieldType,
        SkipReason::MissingTimestamp,
        SkipReason::BadTimestamp,
        SkipReason::LineTooLong,
        SkipReason::TruncatedLastLine,
        SkipReason::ValueOutOfRange,
        SkipReason::InvalidYaml,
    ];

    /// The name exports write (`docs/export-schema.md`): never changed once written.
    pub fn code(self) -> &'static str {
        match self {
            SkipReason::InvalidJson => "invalid_json",
            SkipReason::InvalidUtf8 => "invalid_utf8",
            SkipReason::NotAnObject => "not_an_object",
            SkipReason::WrongFieldType => "wrong_field_type",
            SkipReason::MissingTimestamp => "missing_timestamp",
            SkipReason::BadTimestamp => "bad_timestamp",
            SkipReason::LineTooLong => "line_too_long",
            SkipReason::TruncatedLastLine => "truncated_last_line",
            SkipReason::ValueOutOfRange => "value_out_of_range",
            SkipReason::InvalidYaml => "invalid_yaml",
        }
    }

    pub fn from_code(code: &str) -> Option<SkipReason> {
        SkipReason::ALL.into_iter().find(|reason| reason.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            SkipReason::InvalidJson => "invalid JSON",
            SkipReason::InvalidUtf8 => "invalid UTF-8",
            SkipReason::NotAnObject => "not a JSON object",
            SkipReason::WrongFieldType => "a field has the wrong type",
            SkipReason::MissingTimestamp => "missing timestamp",
            SkipReason::BadTimestamp => "unreadable timestamp",
            SkipReason::LineTooLong => "line too long",
            SkipReason::TruncatedLastLine => "truncated last line",
            SkipReason::ValueOutOfRange => "a number out of range (that field ignored)",
            SkipReason::InvalidYaml => "invalid YAML",
        }
    }
}

/// One skipped line.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line number in the file.
    pub line: u64,
    pub reason: SkipReason,
    pub detail: String,
}

/// All skipped lines of a load: counts per reason, and the first
/// [`Diagnostics::KEPT`] lines in full. The counts are the sums of the distinct files'
/// own counts ([`Diagnostics::recount`]), so a file read twice (a folder dropped twice,
/// an export loaded twice) counts its bad lines once.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics {
    pub kept: Vec<Diagnostic>,
    pub counts: BTreeMap<SkipReason, u64>,
}

impl Diagnostics {
    pub const KEPT: usize = 1000;

    /// Keeps an example (while there is room); the counts come from the files.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.kept.len() < Self::KEPT {
            self.kept.push(diagnostic);
        }
    }

    /// Adds another load's examples into the room left, skipping lines already kept.
    pub fn absorb(&mut self, other: Diagnostics) {
        if other.kept.is_empty() || self.kept.len() >= Self::KEPT {
            return;
        }
        let known: std::collections::HashSet<(String, u64, SkipReason)> = self.kept.iter().map(|d| (d.file.clone(), d.line, d.reason)).collect();
        let fresh = other.kept.into_iter().filter(|d| !known.contains(&(d.file.clone(), d.line, d.reason)));
        let room = Self::KEPT.saturating_sub(self.kept.len());
        self.kept.extend(fresh.take(room));
    }

    /// Drops examples that repeat a (file, line, reason) kept before them.
    pub fn dedupe_examples(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.kept.retain(|d| seen.insert((d.file.clone(), d.line, d.reason)));
    }

    /// The counts per reason, summed over `files` (which must be distinct).
    pub fn recount<'a>(&mut self, files: impl IntoIterator<Item = &'a super::FileReport>) {
        self.counts.clear();
        for file in files {
            for (reason, count) in &file.skipped_lines {
                *self.counts.entry(*reason).or_default() += count;
            }
        }
    }

    /// The `skipped_lines` figure.
    pub fn skipped_lines(&self) -> u64 {
        self.counts.values().sum()
    }
}

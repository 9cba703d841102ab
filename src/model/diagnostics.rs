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
}

impl SkipReason {
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

/// All skipped lines of a load, with counts per reason. Only the first
/// [`Diagnostics::KEPT`] are kept in full; the counts are always exact.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics {
    pub kept: Vec<Diagnostic>,
    pub counts: BTreeMap<SkipReason, u64>,
}

impl Diagnostics {
    pub const KEPT: usize = 1000;

    pub fn push(&mut self, diagnostic: Diagnostic) {
        *self.counts.entry(diagnostic.reason).or_default() += 1;
        if self.kept.len() < Self::KEPT {
            self.kept.push(diagnostic);
        }
    }

    /// Adds another load's diagnostics: counts add up, examples fill the room left.
    pub fn absorb(&mut self, other: Diagnostics) {
        for (reason, count) in other.counts {
            *self.counts.entry(reason).or_default() += count;
        }
        let room = Self::KEPT.saturating_sub(self.kept.len());
        self.kept.extend(other.kept.into_iter().take(room));
    }

    /// The `skipped_lines` figure.
    pub fn skipped_lines(&self) -> u64 {
        self.counts.values().sum()
    }
}

//! Kept history (spec section 6, "Keep"): what was parsed, kept per source file, so that
//! reopening the page shows everything ever dropped without reading a file again, and a
//! new drop reads only the files that are new or changed. Transcripts the agent has since
//! purged stay, from their kept parts.
//!
//! This is the browser-neutral part: which dropped files to read ([`plan_drop`]), what
//! a drop leaves kept ([`history`]), and what the kept panel says ([`overview`]). Kept
//! files are assembled with the parts just read by `transport::assemble_parts`, which
//! gives what a fresh load of the latest copy of every kept file gives. The page keeps
//! the records in IndexedDB.

pub mod history;
pub mod overview;

pub use crate::transport::{KeptFile, SourceFile};

impl SourceFile {
    /// Whether `other` (the same path, dropped again) needs no reading: the same
    /// last-modified time and size. (A folder input's first read of a file's time is a
    /// synchronous call into the browser; its size comes with it, at no measurable cost:
    /// docs/benchmarks-history.md, "Twentieth run".)
    pub fn is_unchanged(&self, other: &SourceFile) -> bool {
        self.modified_ms == other.modified_ms && self.size_bytes == other.size_bytes
    }
}

/// What a drop does with each file, against what is kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DropPlan {
    /// Dropped files to read (by index in the drop): new paths, or kept ones changed.
    pub read: Vec<usize>,
    /// How many of those replace a kept part (changed or grown).
    pub changed: usize,
    /// Dropped files whose kept part stands (same time and size).
    pub unchanged: usize,
    /// Kept paths the drop does not have (purged by the agent, or another folder):
    /// their parts stay.
    pub only_kept: usize,
}

/// Which dropped files to read, given the kept ones (both by path).
pub fn plan_drop(kept: &[SourceFile], dropped: &[SourceFile]) -> DropPlan {
    let mut by_path: Vec<(&str, &SourceFile)> = kept.iter().map(|file| (file.path.as_str(), file)).collect();
    by_path.sort_unstable_by_key(|(path, _)| *path);
    let find = |path: &str| by_path.binary_search_by_key(&path, |(kept, _)| kept).ok().map(|at| by_path[at].1);
    let mut plan = DropPlan::default();
    let mut seen = 0;
    for (index, file) in dropped.iter().enumerate() {
        match find(&file.path) {
            Some(kept) => {
                seen += 1;
                if kept.is_unchanged(file) {
                    plan.unchanged += 1;
                } else {
                    plan.changed += 1;
                    plan.read.push(index);
                }
            }
            None => plan.read.push(index),
        }
    }
    plan.only_kept = kept.len() - seen.min(kept.len());
    plan
}

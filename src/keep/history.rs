//! What a drop's dataset is made of, against what is kept: the parts read now (a file
//! the browser could not read is shown as skipped but never kept, and its kept part, if
//! any, stays), and the kept parts of every other path.

use std::collections::HashSet;

use crate::transport::{KeptFile, MergePart};

/// A file's parts just read, and whether the browser (or the disk) read the file.
pub struct ReadFile<'a, B> {
    pub file: &'a KeptFile,
    pub bytes: B,
    pub was_read: bool,
}

/// The parts to assemble after a drop: every part read now, and each kept part whose
/// path was not read again.
pub fn parts_after_drop<'a, B>(read: Vec<ReadFile<'a, B>>, kept: impl IntoIterator<Item = (&'a KeptFile, B)>) -> Vec<MergePart<'a, B>> {
    let reread: HashSet<&str> = read.iter().filter(|part| part.was_read).map(|part| part.file.source.path.as_str()).collect();
    let still_kept = kept.into_iter().filter(|(file, _)| !reread.contains(file.source.path.as_str()));
    let mut parts: Vec<MergePart<'a, B>> = still_kept.map(|(file, bytes)| MergePart { file, bytes, from_store: true }).collect();
    parts.extend(read.into_iter().map(|part| MergePart { file: part.file, bytes: part.bytes, from_store: false }));
    parts
}

/// What a new drop does with what this browser keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DropMode {
    /// Shown with everything kept, and kept with it.
    #[default]
    Add,
    /// Shown alone (the kept parts of its own unchanged files serve it); kept with the
    /// rest, which returns at the next visit.
    Only,
    /// Everything kept is forgotten first: the drop alone is shown and kept.
    Fresh,
}

impl DropMode {
    pub const ALL: [DropMode; 3] = [DropMode::Add, DropMode::Only, DropMode::Fresh];

    /// Its value in the page's choice (`data-role="drop-mode"`).
    pub fn key(self) -> &'static str {
        match self {
            DropMode::Add => "add",
            DropMode::Only => "only",
            DropMode::Fresh => "fresh",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DropMode::Add => "Add to what is kept",
            DropMode::Only => "Show only this drop",
            DropMode::Fresh => "Start fresh (forget what is kept)",
        }
    }

    pub fn parse(key: &str) -> DropMode {
        DropMode::ALL.into_iter().find(|mode| mode.key() == key).unwrap_or_default()
    }

    /// Whether a kept part of `path` is shown with a drop of the paths `dropped`.
    pub fn shows_kept(self, path: &str, dropped: &HashSet<&str>) -> bool {
        match self {
            DropMode::Add => true,
            DropMode::Only => dropped.contains(path),
            DropMode::Fresh => false,
        }
    }
}

/// The parts of a drop to keep: those of the files read.
pub fn parts_to_keep<'r, 'a, B>(read: &'r [ReadFile<'a, B>]) -> impl Iterator<Item = &'r ReadFile<'a, B>> {
    read.iter().filter(|part| part.was_read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_mode_decides_which_kept_parts_are_shown() {
        let dropped: HashSet<&str> = ["team/a.jsonl"].into_iter().collect();
        let shown = |mode: DropMode| ["team/a.jsonl", "old/b.jsonl"].into_iter().filter(|path| mode.shows_kept(path, &dropped)).collect::<Vec<_>>();
        assert_eq!(shown(DropMode::Add), ["team/a.jsonl", "old/b.jsonl"]);
        assert_eq!(shown(DropMode::Only), ["team/a.jsonl"]);
        assert!(shown(DropMode::Fresh).is_empty());
        for mode in DropMode::ALL {
            assert_eq!(DropMode::parse(mode.key()), mode);
        }
        assert_eq!(DropMode::parse("anything"), DropMode::Add);
    }
    use crate::transport::{PartSizes, SourceFile};

    fn described(path: &str, modified_ms: i64) -> KeptFile {
        KeptFile {
            source: SourceFile { path: path.to_owned(), size_bytes: 1, modified_ms },
            person: String::from("me"),
            sizes: PartSizes::default(),
            part_bytes: 0,
            fingerprint: String::new(),
            conversation_keys: Vec::new(),
            first_ms: None,
            last_ms: None,
            prices: Vec::new(),
        }
    }

    #[test]
    fn a_file_read_again_replaces_its_kept_part_and_one_the_browser_failed_on_does_not() {
        let (grown, failed, new) = (described("p/grown.jsonl", 2), described("p/failed.jsonl", 2), described("p/new.jsonl", 2));
        let (kept_grown, kept_failed, untouched) = (described("p/grown.jsonl", 1), described("p/failed.jsonl", 1), described("p/old.jsonl", 1));
        let read = vec![
            ReadFile { file: &grown, bytes: "grown now", was_read: true },
            ReadFile { file: &failed, bytes: "skip report", was_read: false },
            ReadFile { file: &new, bytes: "new", was_read: true },
        ];
        let kept = [(&kept_grown, "grown before"), (&kept_failed, "failed before"), (&untouched, "old")];
        let kept_now: Vec<&str> = parts_to_keep(&read).map(|part| part.bytes).collect();
        assert_eq!(kept_now, ["grown now", "new"], "the failed file is not kept");
        let parts = parts_after_drop(read, kept);
        let shown: Vec<(&str, bool)> = parts.iter().map(|part| (part.bytes, part.from_store)).collect();
        assert_eq!(shown, [("failed before", true), ("old", true), ("grown now", false), ("skip report", false), ("new", false)]);
    }
}

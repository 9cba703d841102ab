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

/// The parts of a drop to keep: those of the files read.
pub fn parts_to_keep<'r, 'a, B>(read: &'r [ReadFile<'a, B>]) -> impl Iterator<Item = &'r ReadFile<'a, B>> {
    read.iter().filter(|part| part.was_read)
}

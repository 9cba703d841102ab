//! Zip archives (a projects folder, or several people's folders, zipped): each entry is
//! read as a file of its own, named by the archive's path and the entry's folders, as if
//! the folder had been dropped. Stored and deflated entries are read a piece at a time
//! from an [`ArchiveSource`], so a large archive is never held whole. What looks like a
//! zip bomb is not read, with the reason, while the other entries load: an entry whose
//! directory gives a ratio above [`MAX_RATIO`], one that inflates beyond its stated
//! size, entries sharing their bytes, or more than [`MAX_ARCHIVE_INFLATED_BYTES`] in all.

mod directory;
mod entry;
pub mod source;

use directory::{data_offset, read_directory, scan_local_headers, ZipEntry, LOCAL_BYTES};
use entry::read_entry;
pub use source::{ArchiveSource, InMemory, Seekable};

/// The first bytes of a zip archive (of its first entry, or of an empty archive's end).
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
pub const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
/// Largest expansion let through (text compresses 5–20 times; a zip bomb, hundreds).
pub const MAX_RATIO: u64 = 200;
/// Expansion under this size is let through at any ratio (a file of repeated lines).
const RATIO_MARGIN_BYTES: u64 = 16 * 1024 * 1024;
/// Most bytes one archive may inflate to.
pub const MAX_ARCHIVE_INFLATED_BYTES: u64 = 64 * 1024 * 1024 * 1024;
/// Most entries one archive may list.
pub const MAX_ENTRIES: usize = 1_000_000;

/// Whether a file's first bytes are a zip archive's.
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(ZIP_MAGIC) || head.starts_with(EMPTY_ZIP_MAGIC)
}

/// What to do with each entry of an archive.
pub trait EntrySink {
    /// An entry's bytes, read whole or in pieces: `begin`, `piece`…, then `end`.
    fn begin(&mut self, path: &str, size_bytes: u64);
    fn piece(&mut self, bytes: &[u8]);
    fn end(&mut self);
    /// An entry (or the whole archive) that is not read, and why. For an entry already
    /// begun, what it gave so far stays.
    fn skip(&mut self, path: &str, size_bytes: u64, reason: String);
}

/// The entry's path as it would lie on disk under the archive: folders kept, `.` and `..`
/// and empty segments dropped (so no name leads outside the archive).
pub fn entry_path(archive_path: &str, name: &str) -> Option<String> {
    let segments: Vec<&str> = name.split('/').filter(|segment| !segment.is_empty() && *segment != "." && *segment != "..").collect();
    (!segments.is_empty()).then(|| format!("{archive_path}/{}", segments.join("/")))
}

/// Why an entry is not read, before any of its bytes are.
fn refusal(entry: &ZipEntry, overlaps: bool, inflated_so_far: u64) -> Option<String> {
    if entry.is_encrypted() {
        return Some(String::from("encrypted in the zip archive: not read"));
    }
    if overlaps {
        return Some(String::from("shares its bytes with another entry of the archive: not read, it looks like a zip bomb"));
    }
    if entry.uncompressed_bytes > entry.compressed_bytes.saturating_mul(MAX_RATIO).saturating_add(RATIO_MARGIN_BYTES) {
        return Some(format!(
            "inflates {} KB to {} MB, more than {MAX_RATIO} times: not read, it looks like a zip bomb",
            entry.compressed_bytes / 1000,
            entry.uncompressed_bytes / 1_000_000
        ));
    }
    if inflated_so_far.saturating_add(entry.uncompressed_bytes) > MAX_ARCHIVE_INFLATED_BYTES {
        return Some(format!("the archive inflates to more than {} GB in all: the entries past that are not read", MAX_ARCHIVE_INFLATED_BYTES >> 30));
    }
    None
}

/// For each entry, whether its bytes start inside another entry's (ordered by where
/// they lie; each entry takes at least its local header and its compressed data).
fn overlapping(entries: &[ZipEntry]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|index| entries[*index].header_offset);
    let mut overlaps = vec![false; entries.len()];
    let mut taken_to = 0u64;
    for index in order {
        let entry = &entries[index];
        if entry.is_folder() {
            continue;
        }
        if entry.header_offset < taken_to {
            overlaps[index] = true;
        }
        taken_to = taken_to.max(entry.header_offset.saturating_add(LOCAL_BYTES as u64).saturating_add(entry.compressed_bytes));
    }
    overlaps
}

/// Reads every entry of the archive at `archive_path` into `sink`. An archive that
/// cannot be read at all is handed to `sink.skip` under its own path.
pub fn read_zip(source: &mut impl ArchiveSource, archive_path: &str, sink: &mut impl EntrySink) {
    let mut archive_listed = false;
    let entries = match read_directory(source) {
        Ok(entries) if entries.len() > MAX_ENTRIES => {
            return sink.skip(archive_path, source.len_bytes(), format!("zip archive listing {} entries, more than {MAX_ENTRIES}: not read", entries.len()));
        }
        Ok(entries) => entries,
        Err(reason) => {
            // Cut short (a download that stopped): the entries before the cut can still
            // be found by their own headers.
            let mut found = scan_local_headers(source);
            found.truncate(MAX_ENTRIES);
            let reason = match found.len() {
                0 => format!("zip archive that could not be read: {reason}"),
                1 => format!("zip archive that could not be read whole: {reason}; the entry before that was read from its own header"),
                count => format!("zip archive that could not be read whole: {reason}; the {count} entries before that were read from their own headers"),
            };
            sink.skip(archive_path, source.len_bytes(), reason);
            archive_listed = true;
            found
        }
    };
    let overlaps = overlapping(&entries);
    let mut inflated_bytes = 0u64;
    let mut files = 0;
    for (entry, overlaps) in entries.iter().zip(overlaps) {
        if entry.is_folder() {
            continue;
        }
        let Some(path) = entry_path(archive_path, &entry.name) else { continue };
        files += 1;
        if let Some(reason) = refusal(entry, overlaps, inflated_bytes) {
            sink.skip(&path, entry.uncompressed_bytes, reason);
            continue;
        }
        inflated_bytes += entry.uncompressed_bytes;
        let offset = match data_offset(source, entry) {
            Ok(offset) => offset,
            Err(reason) => {
                sink.skip(&path, entry.uncompressed_bytes, reason);
                continue;
            }
        };
        sink.begin(&path, entry.uncompressed_bytes);
        match read_entry(source, entry, offset, |piece| sink.piece(piece)) {
            Ok(()) => sink.end(),
            Err(reason) => sink.skip(&path, entry.uncompressed_bytes, reason),
        }
    }
    if files == 0 && !archive_listed {
        sink.skip(archive_path, source.len_bytes(), String::from("zip archive with no files in it"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_stay_inside_the_archive() {
        assert_eq!(entry_path("a.zip", "projects/x/s.jsonl").as_deref(), Some("a.zip/projects/x/s.jsonl"));
        assert_eq!(entry_path("a.zip", "../../etc/passwd").as_deref(), Some("a.zip/etc/passwd"));
        assert_eq!(entry_path("a.zip", "/abs/./b//c.jsonl").as_deref(), Some("a.zip/abs/b/c.jsonl"));
        assert_eq!(entry_path("a.zip", "../"), None);
    }

    /// Collects what the reader hands on.
    #[derive(Default)]
    struct Listed {
        read: Vec<String>,
        skipped: Vec<(String, String)>,
    }

    impl EntrySink for Listed {
        fn begin(&mut self, path: &str, _: u64) {
            self.read.push(path.to_owned());
        }
        fn piece(&mut self, _: &[u8]) {}
        fn end(&mut self) {}
        fn skip(&mut self, path: &str, _: u64, reason: String) {
            self.skipped.push((path.to_owned(), reason));
        }
    }

    #[test]
    fn a_cut_archive_whose_header_claims_an_endless_entry_is_listed() {
        // A local header whose zip64 field gives the largest compressed size (found by
        // the fuzzer: the end of its data overflowed).
        let mut bytes = b"PK\x03\x04\x2d\x00\x00\x00\x08\x00\x00\x00\x21\x00\x39\x57\xe4\x08".to_vec();
        bytes.extend_from_slice(&[0xff; 8]);
        bytes.extend_from_slice(&[5, 0, 20, 0]);
        bytes.extend_from_slice(b"a.txt");
        bytes.extend_from_slice(&[1, 0, 16, 0]);
        bytes.extend_from_slice(&[0xff; 16]);
        let mut listed = Listed::default();
        read_zip(&mut InMemory(&bytes), "cut.zip", &mut listed);
        assert!(listed.read.is_empty());
        assert_eq!(listed.skipped.len(), 1);
        assert!(listed.skipped[0].1.starts_with("zip archive that could not be read: no zip directory"), "{:?}", listed.skipped);
    }

    fn entry(header_offset: u64, compressed_bytes: u64) -> ZipEntry {
        ZipEntry { name: String::from("e"), method: 8, flags: 0, crc32: 0, compressed_bytes, uncompressed_bytes: 0, header_offset }
    }

    #[test]
    fn entries_sharing_bytes_are_found_whatever_their_order() {
        // 0..130 (header and data) and 140..270 are apart; 100..140 starts inside the
        // first; 0 again repeats it.
        let entries = [entry(140, 100), entry(0, 100), entry(100, 10), entry(0, 100)];
        assert_eq!(overlapping(&entries), vec![false, false, true, true]);
    }
}

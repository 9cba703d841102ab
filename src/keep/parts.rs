//! Kept parts as the page's store holds them: each file's part (its dataset alone,
//! `model::wire`) beside a description of it ([`KeptFile`]), and the dataset of many
//! parts merged in their paths' order straight from their bytes.

use crate::model::wire::{self, WireError};
use crate::model::{Dataset, DatasetMerger, PartSizes};

use super::SourceFile;

/// What is kept about one source file besides its part.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeptFile {
    pub source: SourceFile,
    /// The person its conversations were labelled with.
    pub person: String,
    /// Its part's events and requests (the merged lists are sized from them).
    pub sizes: PartSizes,
    pub part_bytes: u64,
    /// The part's bytes hashed ([`fingerprint`]): a part that no longer gives it is damaged.
    pub fingerprint: String,
    /// Its conversations' keys (which conversations only kept files hold).
    pub conversation_keys: Vec<String>,
    /// Its first and last event's time (ms since the epoch), if it has events.
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
}

impl KeptFile {
    /// Describes the part of `source`, read as `person`.
    pub fn describe(source: SourceFile, person: &str, part: &Dataset, part_bytes: &[u8]) -> Self {
        KeptFile {
            source,
            person: person.to_owned(),
            sizes: PartSizes::of(part),
            part_bytes: part_bytes.len() as u64,
            fingerprint: fingerprint(part_bytes),
            conversation_keys: part.conversations.iter().map(|conversation| conversation.session_key.clone()).collect(),
            first_ms: part.events.iter().map(|event| event.timestamp_ms).min(),
            last_ms: part.events.iter().map(|event| event.timestamp_ms).max(),
        }
    }

    /// Whether `part` is the part this describes (its length and hash).
    pub fn is_part(&self, part: &[u8]) -> bool {
        part.len() as u64 == self.part_bytes && fingerprint(part) == self.fingerprint
    }
}

/// A part's fingerprint, as 16 hex digits: its bytes taken eight at a time, each word
/// mixed into the hash by a multiply and a rotation (a part is checked on every reopen,
/// and this runs several times faster than a byte-at-a-time hash; it guards against
/// damage, not against forgery). Kept parts hold it: it must not change between
/// versions without a new store version (`ui::kept_db`).
pub fn fingerprint(part: &[u8]) -> String {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash = part.len() as u64;
    let mut words = part.chunks_exact(8);
    for word in &mut words {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(bytes)).wrapping_mul(MULTIPLIER).rotate_left(29);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    hash = (hash ^ u64::from_le_bytes(last)).wrapping_mul(MULTIPLIER).rotate_left(29);
    format!("{hash:016x}")
}

/// Why kept parts could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum PartError {
    #[error("the kept part of {0} is damaged (its bytes no longer match their fingerprint)")]
    Damaged(String),
    #[error("the kept part of {path} could not be read: {error}")]
    Unreadable { path: String, error: WireError },
}

/// Where a part's bytes are held: in memory, or where they are copied out of one part
/// at a time (the page's JavaScript buffers).
pub trait PartBytes {
    /// The bytes, copied into `scratch` first when they are not in memory.
    fn bytes<'s>(&'s self, scratch: &'s mut Vec<u8>) -> &'s [u8];
}

impl PartBytes for &[u8] {
    fn bytes<'s>(&'s self, _scratch: &'s mut Vec<u8>) -> &'s [u8] {
        self
    }
}

/// A part to merge: its description, its bytes, and whether they come from a store
/// (checked against the fingerprint before any of it is decoded) or were just read.
pub struct MergePart<'a, B> {
    pub file: &'a KeptFile,
    pub bytes: B,
    pub from_store: bool,
}

/// The dataset of the parts, given in any order and merged in their paths' order: what
/// one ingest of the files gives.
pub fn merge_parts_from<'a, B: PartBytes>(parts: impl IntoIterator<Item = MergePart<'a, B>>) -> Result<Dataset, PartError> {
    let mut parts: Vec<MergePart<B>> = parts.into_iter().collect();
    parts.sort_by(|a, b| a.file.source.path.cmp(&b.file.source.path));
    let mut merger = DatasetMerger::in_order(PartSizes::sum(parts.iter().map(|part| part.file.sizes)));
    let mut scratch = Vec::new();
    for part in parts {
        add_part(&mut merger, part.file, part.bytes.bytes(&mut scratch), part.from_store)?;
    }
    Ok(merger.finish())
}

/// Kept parts (each with its description, all from a store) merged: see
/// [`merge_parts_from`].
pub fn merge_parts<'a>(parts: impl IntoIterator<Item = (&'a KeptFile, &'a [u8])>) -> Result<Dataset, PartError> {
    merge_parts_from(parts.into_iter().map(|(file, bytes)| MergePart { file, bytes, from_store: true }))
}

/// Adds one described part to a merger, checked first when it comes from a store.
fn add_part(merger: &mut DatasetMerger, file: &KeptFile, bytes: &[u8], from_store: bool) -> Result<(), PartError> {
    let path = &file.source.path;
    if from_store && !file.is_part(bytes) {
        return Err(PartError::Damaged(path.clone()));
    }
    let unreadable = |error| PartError::Unreadable { path: path.clone(), error };
    merger.add_encoded(wire::without_version(bytes).map_err(unreadable)?).map_err(unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;
    use crate::pricing::PriceTable;

    const LINE: &str = r#"{"type":"user","sessionId":"s1","uuid":"00000000-0000-4000-8000-000000000001","timestamp":"2026-11-01T10:00:00Z","cwd":"/p","message":{"role":"user","content":"hi"}}"#;

    fn part(path: &str) -> (KeptFile, Vec<u8>) {
        let dataset = ingest_files([(path, "me", format!("{LINE}\n").as_bytes())], PriceTable::embedded());
        let bytes = wire::encode(&dataset).expect("encode");
        let source = SourceFile { path: path.to_owned(), size_bytes: 1, modified_ms: 2 };
        (KeptFile::describe(source, "me", &dataset, &bytes), bytes)
    }

    #[test]
    fn a_part_whose_bytes_changed_is_refused_before_it_is_decoded() {
        let (file, mut bytes) = part("a/s1.jsonl");
        assert!(merge_parts([(&file, bytes.as_slice())]).is_ok());
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert!(matches!(merge_parts([(&file, bytes.as_slice())]), Err(PartError::Damaged(path)) if path == "a/s1.jsonl"));
    }

    #[test]
    fn the_fingerprint_sees_every_byte_and_the_length() {
        let bytes: Vec<u8> = (0..=40u8).collect();
        let whole = fingerprint(&bytes);
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 0x10;
            assert_ne!(fingerprint(&changed), whole, "byte {at}");
        }
        assert_ne!(fingerprint(&bytes[..40]), whole);
        assert_ne!(fingerprint(&[0]), fingerprint(&[0, 0]));
    }

    #[test]
    fn a_description_names_the_part_conversations_and_sizes() {
        let (file, bytes) = part("a/s1.jsonl");
        assert_eq!(file.conversation_keys.len(), 1);
        assert_eq!(file.sizes.events, 1);
        assert_eq!(file.part_bytes, bytes.len() as u64);
        assert_eq!(file.fingerprint.len(), 16);
    }
}

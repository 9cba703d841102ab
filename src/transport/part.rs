//! A file's parts as they travel and are kept: the parts (one per file, one per entry
//! of a zip archive: `ingest`), encoded together (`wire`), beside a description of
//! them ([`KeptFile`]); and the dataset of many files' parts merged in their paths'
//! order straight from their bytes.

use super::merge::{DatasetMerger, PartSizes};
use super::wire::{self, WireError};
use crate::model::{Dataset, PersonLabels};

/// A file as the browser (or the disk) describes it, before any byte is read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    /// Its path inside what was dropped (the folder's name first), or its name.
    pub path: String,
    pub size_bytes: u64,
    /// Last modified, ms since the epoch.
    pub modified_ms: i64,
}

/// A price table a kept file holds, as the kept panel lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeptPrices {
    /// The table's file (an archive's entry as `archive.zip/<entry>`).
    pub path: String,
    pub models: u64,
    /// The date the table says its prices are of, if it says.
    pub date: String,
}

/// What is kept about one source file besides its parts.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeptFile {
    pub source: SourceFile,
    /// The person its conversations were labelled with when it was dropped.
    pub person: String,
    /// Its parts' events and requests (the merged lists are sized from them).
    pub sizes: PartSizes,
    pub part_bytes: u64,
    /// The parts' bytes hashed ([`fingerprint`]): bytes that no longer give it are damaged.
    pub fingerprint: String,
    /// Its conversations' keys (which conversations only kept files hold).
    pub conversation_keys: Vec<String>,
    /// Its first and last event's time (ms since the epoch), if it has events.
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
    /// The price tables it holds.
    pub prices: Vec<KeptPrices>,
}

impl KeptFile {
    /// Describes the parts of `source`, read as `person`, encoded as `bytes`.
    pub fn describe(source: SourceFile, person: &str, parts: &[Dataset], bytes: &[u8]) -> Self {
        let events = || parts.iter().flat_map(|part| part.events.iter());
        let mut conversation_keys: Vec<String> = parts.iter().flat_map(|part| part.conversations.iter().map(|c| c.session_key.clone())).collect();
        conversation_keys.sort_unstable();
        conversation_keys.dedup();
        KeptFile {
            source,
            person: person.to_owned(),
            sizes: PartSizes::sum(parts.iter().map(PartSizes::of)),
            part_bytes: bytes.len() as u64,
            fingerprint: fingerprint(bytes),
            conversation_keys,
            first_ms: events().map(|event| event.timestamp_ms).min(),
            last_ms: events().map(|event| event.timestamp_ms).max(),
            prices: parts
                .iter()
                .flat_map(|part| part.price_tables.iter())
                .map(|found| KeptPrices { path: found.path.clone(), models: found.table.models.len() as u64, date: found.table.date.clone() })
                .collect(),
        }
    }

    /// Whether `bytes` are the parts this describes (their length and hash).
    pub fn is_part(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.part_bytes && fingerprint(bytes) == self.fingerprint
    }
}

/// Encodes a file's parts and describes them.
pub fn encode_file(source: SourceFile, person: &str, parts: &[Dataset]) -> Result<(KeptFile, Vec<u8>), WireError> {
    let bytes = wire::encode(&parts)?;
    Ok((KeptFile::describe(source, person, parts, &bytes), bytes))
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

/// A file's parts to merge: their description, their bytes, and whether they come from
/// a store (checked against the fingerprint before any of it is decoded) or were just
/// read.
pub struct MergePart<'a, B> {
    pub file: &'a KeptFile,
    pub bytes: B,
    pub from_store: bool,
}

/// The dataset of the files' parts, given in any order and merged in their paths'
/// order, people shown by their renamed `labels`: what a fresh load of the files gives,
/// before prices (`assemble`).
pub fn merge_parts_from<'a, B: PartBytes>(parts: impl IntoIterator<Item = MergePart<'a, B>>, labels: &PersonLabels) -> Result<Dataset, PartError> {
    let mut parts: Vec<MergePart<B>> = parts.into_iter().collect();
    parts.sort_by(|a, b| a.file.source.path.cmp(&b.file.source.path));
    let mut merger = DatasetMerger::with_capacity(PartSizes::sum(parts.iter().map(|part| part.file.sizes)));
    let mut scratch = Vec::new();
    for part in parts {
        add_part(&mut merger, part.file, part.bytes.bytes(&mut scratch), part.from_store)?;
    }
    Ok(merger.finish(labels))
}

/// Adds one file's described parts to a merger, checked first when they come from a
/// store.
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
    use crate::ingest::read_parts;

    const LINE: &str = r#"{"type":"user","sessionId":"s1","uuid":"00000000-0000-4000-8000-000000000001","timestamp":"2026-11-01T10:00:00Z","cwd":"/p","message":{"role":"user","content":"hi"}}"#;

    fn part(path: &str) -> (KeptFile, Vec<u8>) {
        let parts = read_parts(path, "me", format!("{LINE}\n").as_bytes(), 2);
        encode_file(SourceFile { path: path.to_owned(), size_bytes: 1, modified_ms: 2 }, "me", &parts).expect("encode")
    }

    fn merge(file: &KeptFile, bytes: &[u8]) -> Result<Dataset, PartError> {
        merge_parts_from([MergePart { file, bytes, from_store: true }], &PersonLabels::NONE)
    }

    #[test]
    fn a_part_whose_bytes_changed_is_refused_before_it_is_decoded() {
        let (file, mut bytes) = part("a/s1.jsonl");
        assert!(merge(&file, &bytes).is_ok());
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert!(matches!(merge(&file, &bytes), Err(PartError::Damaged(path)) if path == "a/s1.jsonl"));
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
        assert_eq!(file.conversation_keys, ["s1"]);
        assert_eq!(file.sizes.events, 1);
        assert_eq!(file.part_bytes, bytes.len() as u64);
        assert_eq!(file.fingerprint.len(), 16);
        assert!(file.prices.is_empty());
    }
}

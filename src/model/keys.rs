//! Dedupe keys (spec section 2), kept with the data so that the same line or request
//! read from two places (a resumed session's copy, a folder dropped twice, an export
//! beside the folder it came from, two exports of one person) counts once wherever the
//! two copies meet: in one ingest, in the page's merge of its workers' parts, or in an
//! export loaded later. Exports write them (`docs/export-schema.md`), so their values
//! must not change between versions: they come from a hash whose definition is fixed
//! here (64-bit FNV-1a), never from the standard library's, which may change.
//!
//! A line key is its `uuid` folded to 64 bits (a random UUID keeps 64 random bits), or
//! for a line with no `uuid` the hash of its bytes. A request key is the hash of its
//! message id and request id, with the hash of the message id alone beside it (the
//! side-question rule of `ingest::builder`). Zero means "no key": never deduplicated.
//! Two different ids share a key with a chance of about n²/2⁶⁵: for ten million lines,
//! one in 370,000 loads would merge two of them.

use std::fmt;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Hashed between parts, so `("ab", "c")` and `("a", "bc")` differ (0xff never occurs
/// in UTF-8 text).
const PART_SEPARATOR: u8 = 0xff;

/// 64-bit FNV-1a of the parts, separated; never 0 (0 is "no key").
pub fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut hash = FNV_OFFSET;
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            hash = (hash ^ u64::from(PART_SEPARATOR)).wrapping_mul(FNV_PRIME);
        }
        for byte in *part {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(FNV_PRIME);
        }
    }
    hash.max(1)
}

/// `8-4-4-4-12` hex digits, as a number.
fn parse_uuid(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    if bytes.len() != 36 {
        return None;
    }
    let mut value: u128 = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 8 | 13 | 18 | 23) {
            if *byte != b'-' {
                return None;
            }
            continue;
        }
        let digit = (*byte as char).to_digit(16)?;
        value = (value << 4) | digit as u128;
    }
    Some(value)
}

/// Which transcript line an event came from. Events of one line share it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineKey(pub u64);

impl LineKey {
    pub const NONE: LineKey = LineKey(0);

    /// A line's `uuid`: its value folded to 64 bits when it is a UUID, else its hash.
    pub fn of_uuid(text: &str) -> LineKey {
        match parse_uuid(text) {
            Some(value) => LineKey((((value >> 64) as u64) ^ (value as u64)).max(1)),
            None => LineKey(stable_hash(&[text.as_bytes()])),
        }
    }

    /// A line without a `uuid`, by its bytes: the same line read twice is one line.
    pub fn of_content(bytes: &[u8]) -> LineKey {
        LineKey(stable_hash(&[b"line", bytes]))
    }

    /// A line by its length and its first and last `SAMPLE_BYTES` (all of it when short):
    /// for formats whose lines begin with their time and ids (Codex rollouts), so that a
    /// megabyte of command output is not hashed byte by byte. Two lines with the same
    /// time, kind, call id, length and ending are taken for one.
    pub fn of_sampled_content(bytes: &[u8]) -> LineKey {
        const SAMPLE_BYTES: usize = 512;
        if bytes.len() <= 2 * SAMPLE_BYTES {
            return LineKey::of_content(bytes);
        }
        let length = (bytes.len() as u64).to_le_bytes();
        LineKey(stable_hash(&[b"sampled line", &length, &bytes[..SAMPLE_BYTES], &bytes[bytes.len() - SAMPLE_BYTES..]]))
    }

    pub fn is_none(self) -> bool {
        self.0 == 0
    }
}

/// A request's dedupe keys (both 0 when its log named no message id).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RequestKey {
    /// Message id and request id.
    pub request: u64,
    /// Message id alone.
    pub message: u64,
}

impl RequestKey {
    pub const NONE: RequestKey = RequestKey { request: 0, message: 0 };

    pub fn of(message_id: &str, request_id: &str) -> RequestKey {
        RequestKey { request: stable_hash(&[message_id.as_bytes(), request_id.as_bytes()]), message: stable_hash(&[message_id.as_bytes()]) }
    }

    pub fn is_none(self) -> bool {
        self.request == 0
    }
}

/// Hex digits a hashed path segment keeps (48 bits).
const PATH_HASH_DIGITS: usize = 12;

/// A path with each segment replaced by a hash of it, keeping separators and a file
/// extension (`/home/ana/app/src/main.rs` → `/3f…/9a…/c1…/77…/e0….rs`): what an export
/// with hashed paths writes. Each segment on its own, so a project's name (its last
/// segment) and a file's language (its extension) survive, and two people's clones of
/// one repository still share the project's name.
pub fn hashed_path(path: &str) -> String {
    let mut hashed = String::with_capacity(path.len());
    let mut segment_start = 0;
    for (index, character) in path.char_indices().chain([(path.len(), '/')]) {
        if character == '/' || character == '\\' {
            hashed.push_str(&hashed_segment(&path[segment_start..index]));
            if index < path.len() {
                hashed.push(character);
            }
            segment_start = index + character.len_utf8();
        }
    }
    hashed
}

/// File names that tell a file's language by themselves (`metrics::code::language_of`):
/// a hashed path keeps them, as it keeps extensions.
pub const LANGUAGE_FILE_NAMES: [&str; 2] = ["Makefile", "Dockerfile"];

fn hashed_segment(segment: &str) -> String {
    if segment.is_empty() || LANGUAGE_FILE_NAMES.contains(&segment) {
        return segment.to_owned();
    }
    let extension = segment
        .rsplit_once('.')
        .filter(|(stem, extension)| !stem.is_empty() && (1..=10).contains(&extension.len()) && extension.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(|(_, extension)| extension);
    let digits = format!("{:016x}", stable_hash(&[b"path", segment.as_bytes()]));
    match extension {
        Some(extension) => format!("{}.{extension}", &digits[..PATH_HASH_DIGITS]),
        None => digits[..PATH_HASH_DIGITS].to_owned(),
    }
}

/// A key as 16 lowercase hex digits (how exports write keys).
pub struct Hex(pub u64);

impl fmt::Display for Hex {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:016x}", self.0)
    }
}

/// Reads 1 to 16 hex digits.
pub fn parse_hex(text: &str) -> Option<u64> {
    (!text.is_empty() && text.len() <= 16 && text.bytes().all(|byte| byte.is_ascii_hexdigit())).then(|| u64::from_str_radix(text, 16).ok()).flatten()
}

/// Keys go over the worker's wire as 8 raw bytes: as a varint a random 64-bit number
/// takes 10.
macro_rules! fixed_width_serde {
    ($type:ty, $field:tt) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.$field.to_le_bytes().serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <[u8; 8]>::deserialize(deserializer).map(|bytes| Self(u64::from_le_bytes(bytes)))
            }
        }
    };
}

fixed_width_serde!(LineKey, 0);
fixed_width_serde!(super::ToolUseId, 0);

impl serde::Serialize for RequestKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.request.to_le_bytes(), self.message.to_le_bytes()).serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for RequestKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (request, message) = <([u8; 8], [u8; 8])>::deserialize(deserializer)?;
        Ok(RequestKey { request: u64::from_le_bytes(request), message: u64::from_le_bytes(message) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_1a_is_the_published_function() {
        // Published FNV-1a 64 test vectors (the empty string and "a"): the keys in
        // exports must not depend on this build's standard library.
        assert_eq!(stable_hash(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash(&[b"foobar"]), 0x8594_4171_f739_67e8);
        assert_ne!(stable_hash(&[b"ab", b"c"]), stable_hash(&[b"a", b"bc"]));
        assert_ne!(stable_hash(&[b"m", b""]), stable_hash(&[b"m"]));
    }

    #[test]
    fn uuids_fold_and_other_ids_hash() {
        assert_eq!(parse_uuid("00000000-0000-0000-0000-00000000002a"), Some(42));
        assert_eq!(parse_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1cg"), None);
        assert_eq!(parse_uuid("5e4c1b2a99f3d-4e8a-b7c6-d5e4f3a2b1c0"), None);
        assert_eq!(LineKey::of_uuid("00000000-0000-0000-0000-00000000002a"), LineKey(42));
        assert_eq!(LineKey::of_uuid("00000000-0000-0007-0000-00000000002a"), LineKey(42 ^ 7), "high half folded in");
        assert_eq!(LineKey::of_uuid("00000000-0000-0000-0000-000000000000"), LineKey(1), "never the empty key");
        assert_eq!(LineKey::of_uuid("msg-1"), LineKey(stable_hash(&[b"msg-1"])));
        assert_ne!(LineKey::of_content(b"{}"), LineKey::of_content(b"{} "));
        assert_ne!(RequestKey::of("m", "r"), RequestKey::of("m", "s"));
        assert_eq!(RequestKey::of("m", "r").message, RequestKey::of("m", "s").message);
    }

    #[test]
    fn hashed_paths_keep_their_shape_and_extension() {
        let hashed = hashed_path("/home/ana/app/src/main.rs");
        let segments: Vec<&str> = hashed.split('/').collect();
        assert_eq!(segments.len(), 6);
        assert_eq!(segments[0], "");
        assert!(segments[5].ends_with(".rs") && segments[5].len() == 15, "{hashed}");
        assert!(!hashed.contains("ana") && !hashed.contains("main"));
        assert_eq!(hashed_path("/srv/app").rsplit('/').next(), hashed_path("/home/ben/app").rsplit('/').next(), "the project name is kept alike");
        assert_eq!(hashed_path(r"C:\work\api.py").matches('\\').count(), 2);
        assert!(hashed_path(".gitignore").len() == 12, "a leading dot is not an extension");
        assert_eq!(hashed_path(""), "");
        assert!(hashed_path("/srv/app/Makefile").ends_with("/Makefile"), "a name that tells the language is kept");
        assert_eq!(hashed_path("/a/"), format!("/{}/", &hashed_path("a")));
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(Hex(0xab).to_string(), "00000000000000ab");
        assert_eq!(parse_hex(&Hex(u64::MAX).to_string()), Some(u64::MAX));
        assert_eq!(parse_hex("xyz"), None);
        assert_eq!(parse_hex(""), None);
        assert_eq!(parse_hex("12345678901234567"), None);
    }

    #[test]
    fn keys_take_eight_bytes_on_the_wire() {
        let bytes = postcard::to_allocvec(&LineKey(u64::MAX)).expect("encodes");
        assert_eq!(bytes.len(), 8);
        let back: LineKey = postcard::from_bytes(&bytes).expect("decodes");
        assert_eq!(back, LineKey(u64::MAX));
        let key = RequestKey::of("m", "r");
        let back: RequestKey = postcard::from_bytes(&postcard::to_allocvec(&key).expect("encodes")).expect("decodes");
        assert_eq!(back, key);
    }
}

//! A compact binary form of parsed data (postcard): how a file's parts go from an ingest
//! worker to the page and into kept history, without re-parsing or JSON. Versioned by
//! a leading byte.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The encoding's version (kept history folds it into its store's version). 3: parts
/// hold facts only (no costs, titles or joins), a part per file or archive entry; 4:
/// requests carry their reasoning tokens; 5: failed tool results carry their error text
/// (`model::field_versions`).
pub const WIRE_VERSION: u8 = 5;

/// The oldest encoding this build still reads (the fields added since decode as
/// absent), so that history kept by an older page is read, not cleared.
pub const OLDEST_READ_VERSION: u8 = 4;

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("could not encode the dataset: {0}")]
    Encode(postcard::Error),
    #[error("could not decode the dataset: {0}")]
    Decode(postcard::Error),
    #[error("dataset encoded by another version ({0}, this one reads {OLDEST_READ_VERSION} to {WIRE_VERSION})")]
    Version(u8),
    #[error("empty dataset message")]
    Empty,
}

/// Encodes into a buffer of exactly the right size (measured first), so a large dataset
/// never has a doubling buffer or a second copy beside it.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, WireError> {
    encode_as(WIRE_VERSION, value)
}

/// Encodes in an earlier `version` this build still reads (the fields added since left
/// out): what an older page kept, for the tests that read it.
pub fn encode_as<T: Serialize>(version: u8, value: &T) -> Result<Vec<u8>, WireError> {
    crate::model::field_versions::in_version(version, || {
        let size_bytes = postcard::experimental::serialized_size(value).map_err(WireError::Encode)?;
        let mut bytes = vec![0; size_bytes + 1];
        bytes[0] = version;
        postcard::to_slice(value, &mut bytes[1..]).map_err(WireError::Encode)?;
        Ok(bytes)
    })
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WireError> {
    let encoded = without_version(bytes)?;
    encoded.decode(|body| postcard::from_bytes(body).map_err(WireError::Decode))
}

/// An encoding's bytes after its version byte, with the version they were written in.
#[derive(Clone, Copy, Debug)]
pub struct Encoded<'a> {
    pub version: u8,
    pub body: &'a [u8],
}

impl Encoded<'_> {
    /// Runs a decoder over the body, with the fields of later encodings absent.
    pub fn decode<T>(self, decoder: impl FnOnce(&[u8]) -> T) -> T {
        crate::model::field_versions::in_version(self.version, || decoder(self.body))
    }
}

/// The encoding's bytes after its version byte (as `DatasetMerger::add_encoded` takes
/// them), or why this build cannot read them.
pub fn without_version(bytes: &[u8]) -> Result<Encoded<'_>, WireError> {
    match bytes.split_first() {
        Some((&version, body)) if (OLDEST_READ_VERSION..=WIRE_VERSION).contains(&version) => Ok(Encoded { version, body }),
        Some((&other, _)) => Err(WireError::Version(other)),
        None => Err(WireError::Empty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DEMO_SEED};
    use crate::ingest::read_parts;
    use crate::model::{Dataset, EventKind};

    #[test]
    fn a_file_s_parts_survive_the_round_trip() {
        let files = generate(DEMO_SEED);
        let file = files.iter().max_by_key(|file| file.text.len()).expect("a file");
        let parts: Vec<Dataset> = read_parts(&file.path, &file.person, file.text.as_bytes(), 0);
        assert!(!parts.is_empty() && !parts[0].events.is_empty());
        let bytes = encode(&parts).expect("encodes");
        assert_eq!(decode::<Vec<Dataset>>(&bytes).expect("decodes"), parts);
        assert!(bytes.len() * 5 < file.text.len(), "compact: {} bytes for {} of input", bytes.len(), file.text.len());
    }

    /// Parts an older page kept (encoding 4, before failed calls kept their text) read
    /// as they were written: everything but the text.
    #[test]
    fn parts_of_the_oldest_readable_encoding_read_without_the_later_fields() {
        let files = generate(DEMO_SEED);
        let parts: Vec<Dataset> = files.iter().flat_map(|file| read_parts(&file.path, &file.person, file.text.as_bytes(), 0)).collect();
        let texts = |parts: &[Dataset]| {
            parts.iter().flat_map(|part| part.events.iter()).filter(|event| matches!(&event.kind, EventKind::ToolResult { error: Some(_), .. })).count()
        };
        assert!(texts(&parts) > 10);
        let old = encode_as(OLDEST_READ_VERSION, &parts).expect("encodes");
        let new = encode(&parts).expect("encodes");
        assert!(old.len() < new.len() && old[0] == OLDEST_READ_VERSION);
        let read: Vec<Dataset> = decode(&old).expect("decodes");
        assert_eq!(texts(&read), 0);
        let mut expected = parts.clone();
        for event in expected.iter_mut().flat_map(|part| part.events.iter_mut()) {
            if let EventKind::ToolResult { error, .. } = &mut event.kind {
                *error = None;
            }
        }
        assert_eq!(read, expected);
        assert_eq!(decode::<Vec<Dataset>>(&new).expect("decodes"), parts);
    }

    #[test]
    fn other_versions_and_garbage_are_errors() {
        assert!(matches!(decode::<Dataset>(&[]), Err(WireError::Empty)));
        assert!(matches!(decode::<Dataset>(&[9, 1, 2]), Err(WireError::Version(9))));
        assert!(matches!(without_version(&[OLDEST_READ_VERSION - 1, 0]), Err(WireError::Version(_))));
        assert!(matches!(without_version(&[WIRE_VERSION + 1, 0]), Err(WireError::Version(_))));
        assert_eq!(without_version(&[OLDEST_READ_VERSION, 7]).expect("an older version reads").version, OLDEST_READ_VERSION);
        assert!(matches!(decode::<Dataset>(&[WIRE_VERSION, 0xff, 0xff]), Err(WireError::Decode(_))));
    }
}

//! A compact binary form of parsed data (postcard): how a file's parts go from an ingest
//! worker to the page and into kept history, without re-parsing or JSON. Versioned by
//! a leading byte.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The encoding's version (kept history folds it into its store's version). 3: parts
/// hold facts only (no costs, titles or joins), a part per file or archive entry; 4:
/// requests carry their reasoning tokens.
pub const WIRE_VERSION: u8 = 4;

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("could not encode the dataset: {0}")]
    Encode(postcard::Error),
    #[error("could not decode the dataset: {0}")]
    Decode(postcard::Error),
    #[error("dataset encoded by another version ({0}, expected {WIRE_VERSION})")]
    Version(u8),
    #[error("empty dataset message")]
    Empty,
}

/// Encodes into a buffer of exactly the right size (measured first), so a large dataset
/// never has a doubling buffer or a second copy beside it.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, WireError> {
    let size_bytes = postcard::experimental::serialized_size(value).map_err(WireError::Encode)?;
    let mut bytes = vec![0; size_bytes + 1];
    bytes[0] = WIRE_VERSION;
    postcard::to_slice(value, &mut bytes[1..]).map_err(WireError::Encode)?;
    Ok(bytes)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WireError> {
    postcard::from_bytes(after_version(bytes)?).map_err(WireError::Decode)
}

/// The encoding's bytes after its version byte (as `DatasetMerger::add_encoded` takes
/// them), or why it is not of this version.
pub fn without_version(bytes: &[u8]) -> Result<&[u8], WireError> {
    after_version(bytes)
}

fn after_version(bytes: &[u8]) -> Result<&[u8], WireError> {
    match bytes.split_first() {
        Some((&WIRE_VERSION, rest)) => Ok(rest),
        Some((&other, _)) => Err(WireError::Version(other)),
        None => Err(WireError::Empty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DEMO_SEED};
    use crate::ingest::read_parts;
    use crate::model::Dataset;

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

    #[test]
    fn other_versions_and_garbage_are_errors() {
        assert!(matches!(decode::<Dataset>(&[]), Err(WireError::Empty)));
        assert!(matches!(decode::<Dataset>(&[9, 1, 2]), Err(WireError::Version(9))));
        assert!(matches!(decode::<Dataset>(&[WIRE_VERSION, 0xff, 0xff]), Err(WireError::Decode(_))));
    }
}

//! A compact binary form of parsed data (postcard), for handing a [`Dataset`] from the
//! ingest worker to the page without re-parsing or JSON. Versioned by a leading byte.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The encoding's version (kept history folds it into its store's version).
pub const WIRE_VERSION: u8 = 2;

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

/// The length [`encode`] and [`encode_in_pieces`] give `value`.
pub fn encoded_len<T: Serialize>(value: &T) -> Result<usize, WireError> {
    Ok(postcard::experimental::serialized_size(value).map_err(WireError::Encode)? + 1)
}

/// Size of the pieces [`encode_in_pieces`] hands over (the last may be shorter).
pub const PIECE_BYTES: usize = 64 * 1024;

/// Encodes as [`encode`] does, handing the bytes to `sink` a piece at a time, so that
/// the encoding is never whole in this memory (the worker copies each piece into a
/// buffer of the browser's, sized by [`encoded_len`]).
pub fn encode_in_pieces<T: Serialize>(value: &T, sink: impl FnMut(&[u8])) -> Result<(), WireError> {
    let mut pieces = Pieces { buffer: Vec::with_capacity(PIECE_BYTES), sink };
    pieces.buffer.push(WIRE_VERSION);
    postcard::serialize_with_flavor(value, pieces).map_err(WireError::Encode)
}

struct Pieces<F: FnMut(&[u8])> {
    buffer: Vec<u8>,
    sink: F,
}

impl<F: FnMut(&[u8])> Pieces<F> {
    fn flush(&mut self) {
        if !self.buffer.is_empty() {
            (self.sink)(&self.buffer);
            self.buffer.clear();
        }
    }
}

impl<F: FnMut(&[u8])> postcard::ser_flavors::Flavor for Pieces<F> {
    type Output = ();

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        if self.buffer.len() == PIECE_BYTES {
            self.flush();
        }
        self.buffer.push(byte);
        Ok(())
    }

    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        for part in bytes.chunks(PIECE_BYTES) {
            if self.buffer.len() + part.len() > PIECE_BYTES {
                self.flush();
            }
            self.buffer.extend_from_slice(part);
        }
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<()> {
        self.flush();
        Ok(())
    }
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WireError> {
    postcard::from_bytes(after_version(bytes)?).map_err(WireError::Decode)
}

/// Decodes the first of the values one encoding holds one after the other (as
/// `encode(&(head, rest))` writes them), and leaves the bytes of the rest: a reader
/// can decode those its own way (`DatasetMerger::add_encoded`).
pub fn decode_head<H: DeserializeOwned>(bytes: &[u8]) -> Result<(H, &[u8]), WireError> {
    postcard::take_from_bytes(after_version(bytes)?).map_err(WireError::Decode)
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
    use crate::model::Dataset;
    use crate::ingest::ingest_files;
    use crate::pricing::PriceTable;

    /// The demo's first `count` files, read; and their size in bytes.
    fn demo_dataset(count: usize) -> (Dataset, usize) {
        let files = generate(DEMO_SEED);
        let dataset = ingest_files(
            files.iter().take(count).map(|f| (f.path.as_str(), f.person.as_str(), f.text.as_bytes())),
            PriceTable::embedded(),
        );
        (dataset, files.iter().take(count).map(|f| f.text.len()).sum())
    }

    #[test]
    fn a_dataset_survives_the_round_trip() {
        let (dataset, input_bytes) = demo_dataset(20);
        let bytes = encode(&dataset).expect("encodes");
        assert_eq!(decode::<Dataset>(&bytes).expect("decodes"), dataset);
        assert!(bytes.len() * 5 < input_bytes, "compact: {} bytes for {input_bytes} of input", bytes.len());
    }

    #[test]
    fn pieces_join_up_to_the_whole_encoding() {
        let (dataset, _) = demo_dataset(40);
        let whole = encode(&dataset).expect("encodes");
        assert!(whole.len() > 2 * PIECE_BYTES, "several pieces: {} bytes", whole.len());
        let mut joined = Vec::new();
        let mut sizes = Vec::new();
        encode_in_pieces(&dataset, |piece| {
            sizes.push(piece.len());
            joined.extend_from_slice(piece);
        })
        .expect("encodes");
        assert_eq!(joined, whole);
        assert_eq!(encoded_len(&dataset).expect("measures"), whole.len());
        assert!(sizes.iter().all(|size| *size <= PIECE_BYTES && *size > 0));
    }

    #[test]
    fn other_versions_and_garbage_are_errors() {
        assert!(matches!(decode::<Dataset>(&[]), Err(WireError::Empty)));
        assert!(matches!(decode::<Dataset>(&[9, 1, 2]), Err(WireError::Version(9))));
        assert!(matches!(decode::<Dataset>(&[WIRE_VERSION, 0xff, 0xff]), Err(WireError::Decode(_))));
    }
}

//! Reading files a part per file: each file goes through an ingest of its own, and its
//! dataset, encoded, is set aside in a JavaScript buffer of its own (outside the wasm
//! memory, ready to be handed to the page and kept in IndexedDB as it is). Used by the
//! ingest worker and by the page's own-thread fallback, so both give the same parts.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;

use super::picked_file::PickedFile;
use crate::ingest::Ingest;
use crate::keep::parts::KeptFile;
use crate::model::wire;
use crate::pricing::PriceTable;

/// One file's part as it is described.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct FilePart {
    pub file: KeptFile,
    /// Whether the browser read the file (one it failed on is listed, never kept).
    pub was_read: bool,
}

/// One file's part with its bytes.
pub struct ReadPart {
    pub part: FilePart,
    pub bytes: Uint8Array,
}

/// The parts of the files read so far, in the order they ended.
#[derive(Default)]
pub struct FileParts {
    ingest: Ingest,
    pub described: Vec<FilePart>,
    /// Each part's bytes (`Uint8Array`), in the order of `described`.
    pub bytes: Array,
}

impl FileParts {
    /// The ingest the reader feeds the current file into.
    pub fn ingest(&mut self) -> &mut Ingest {
        &mut self.ingest
    }

    /// Ends the current file: its ingest is finished into its part.
    pub fn file_ended(&mut self, file: &PickedFile, was_read: bool, person: &str) -> Result<(), String> {
        let part = std::mem::take(&mut self.ingest).finish(PriceTable::embedded());
        let bytes = wire::encode(&part).map_err(|error| error.to_string())?;
        let described = KeptFile::describe(file.source(), person, &part, &bytes);
        self.bytes.push(&Uint8Array::from(bytes.as_slice()));
        self.described.push(FilePart { file: described, was_read });
        Ok(())
    }

    /// The descriptions and the bytes, apart.
    pub fn split(self) -> (Vec<FilePart>, Array) {
        (self.described, self.bytes)
    }

    /// The parts with their bytes.
    pub fn into_parts(self) -> Vec<ReadPart> {
        self.described.into_iter().zip(self.bytes.iter()).map(|(part, bytes)| ReadPart { part, bytes: bytes.unchecked_into() }).collect()
    }
}

//! Reading files a part per file: each file's parts (one, or one per entry of a zip
//! archive) are encoded together and set aside in a JavaScript buffer of their own
//! (outside the wasm memory, ready to be handed to the page and kept in IndexedDB as
//! they are). Used by every reading job (`read_job`), in the ingest worker and in the
//! page's own-thread reader, so both give the same parts.

use js_sys::{Array, Uint8Array};

use crate::ingest::{stamp_time, Ingest};
use crate::keep::history::ReadFile;
use crate::keep::SourceFile;
use crate::transport::{encode_file, KeptFile};

/// One file's parts as they are described.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct FilePart {
    pub file: KeptFile,
    /// Whether the browser read the file (one it failed on is listed, never kept).
    pub was_read: bool,
}

/// One file's parts with their bytes.
pub struct ReadPart {
    pub part: FilePart,
    pub bytes: Uint8Array,
}

impl ReadPart {
    /// As kept history takes a file just read (`keep::history`).
    pub fn as_read_file(&self) -> ReadFile<'_, &Uint8Array> {
        ReadFile { file: &self.part.file, bytes: &self.bytes, was_read: self.part.was_read }
    }
}

/// The parts of the files read so far, in the order they ended.
#[derive(Default)]
pub struct FileParts {
    ingest: Ingest,
    pub described: Vec<FilePart>,
    /// Each file's encoded parts (`Uint8Array`), in the order of `described`.
    pub bytes: Array,
}

impl FileParts {
    /// The ingest the reader feeds the current file into.
    pub fn ingest(&mut self) -> &mut Ingest {
        &mut self.ingest
    }

    /// Ends the current file: its parts are encoded and described.
    pub fn file_ended(&mut self, source: SourceFile, was_read: bool, person: &str) -> Result<(), String> {
        self.ingest.end_file();
        let mut parts = self.ingest.take_parts();
        stamp_time(&mut parts, source.modified_ms);
        let (described, bytes) = encode_file(source, person, &parts).map_err(|error| error.to_string())?;
        self.bytes.push(&Uint8Array::from(bytes.as_slice()));
        self.described.push(FilePart { file: described, was_read });
        Ok(())
    }

    /// Sets aside what the current file gave (a file left for a worker to read).
    pub fn file_deferred(&mut self) {
        self.ingest.end_file();
        self.ingest.take_parts();
    }

    /// The descriptions and the bytes, apart.
    pub fn split(self) -> (Vec<FilePart>, Array) {
        (self.described, self.bytes)
    }
}

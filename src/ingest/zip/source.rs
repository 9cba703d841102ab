//! Where an archive's bytes come from: read at any offset, a piece at a time, so that a
//! large archive is never held whole (a file on disk for the command line, a `File` read
//! synchronously in the page's ingest worker, or bytes already in memory).

use std::io::{Read, Seek, SeekFrom};

pub trait ArchiveSource {
    /// The archive's size in bytes.
    fn len_bytes(&self) -> u64;
    /// Fills `buffer` with the bytes from `offset` on (all of them, or an error).
    fn read_at(&mut self, offset: u64, buffer: &mut [u8]) -> Result<(), String>;
}

/// An archive already in memory (a small file read whole).
pub struct InMemory<'a>(pub &'a [u8]);

impl ArchiveSource for InMemory<'_> {
    fn len_bytes(&self) -> u64 {
        self.0.len() as u64
    }

    fn read_at(&mut self, offset: u64, buffer: &mut [u8]) -> Result<(), String> {
        let start = usize::try_from(offset).map_err(|_| String::from("offset beyond the archive"))?;
        let piece = start.checked_add(buffer.len()).and_then(|end| self.0.get(start..end)).ok_or_else(|| String::from("the archive ends early"))?;
        buffer.copy_from_slice(piece);
        Ok(())
    }
}

/// An archive read through `Read + Seek` (a file on disk).
pub struct Seekable<R> {
    reader: R,
    len_bytes: u64,
}

impl<R: Read + Seek> Seekable<R> {
    pub fn new(mut reader: R) -> Result<Self, String> {
        let len_bytes = reader.seek(SeekFrom::End(0)).map_err(|error| format!("could not be read ({error})"))?;
        Ok(Seekable { reader, len_bytes })
    }
}

impl<R: Read + Seek> ArchiveSource for Seekable<R> {
    fn len_bytes(&self) -> u64 {
        self.len_bytes
    }

    fn read_at(&mut self, offset: u64, buffer: &mut [u8]) -> Result<(), String> {
        self.reader.seek(SeekFrom::Start(offset)).map_err(|error| format!("could not be read ({error})"))?;
        self.reader.read_exact(buffer).map_err(|error| format!("could not be read at byte {offset} ({error})"))
    }
}

//! A zip archive picked in the page, read where its entries lie: slices of the `File`
//! read synchronously (`FileReaderSync`, which only workers have), so the archive is
//! never held whole.

use js_sys::Uint8Array;
use web_sys::{File, FileReaderSync};

use super::browser::describe;
use crate::ingest::zip::ArchiveSource;

pub struct BlobSource<'a> {
    file: &'a File,
    reader: FileReaderSync,
    len_bytes: u64,
    /// The browser failed to read a slice (not: the archive's bytes were wrong).
    failed: bool,
}

impl<'a> BlobSource<'a> {
    /// `None` outside a worker (the page's own thread has no synchronous reader).
    pub fn new(file: &'a File, len_bytes: u64) -> Option<Self> {
        Some(BlobSource { file, reader: FileReaderSync::new().ok()?, len_bytes, failed: false })
    }

    /// Whether the browser failed to read the file (so it is not kept as read).
    pub fn has_failed(&self) -> bool {
        self.failed
    }
}

impl ArchiveSource for BlobSource<'_> {
    fn len_bytes(&self) -> u64 {
        self.len_bytes
    }

    fn read_at(&mut self, offset: u64, buffer: &mut [u8]) -> Result<(), String> {
        let end = offset + buffer.len() as u64;
        let read = self.file.slice_with_f64_and_f64(offset as f64, end as f64).and_then(|slice| self.reader.read_as_array_buffer(&slice));
        let bytes = match read {
            Ok(buffer) => Uint8Array::new(&buffer.into()),
            Err(error) => {
                self.failed = true;
                return Err(format!("could not be read ({})", describe(error)));
            }
        };
        if bytes.length() as usize != buffer.len() {
            return Err(format!("the archive ends early (at byte {})", offset + u64::from(bytes.length())));
        }
        bytes.copy_to(buffer);
        Ok(())
    }
}

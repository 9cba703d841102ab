//! A file the user picked or dropped: its path inside the pick, the browser's handle,
//! and its size, read once. Reading `File.size` is a synchronous call into the browser
//! each time (profiled: half a second of the page's thread for a 2,245-file folder when
//! it was read several times per file), so the page reads it once and hands the number
//! to the workers with the file. Its last-modified time (how kept history tells a
//! changed file) is read by the page only when files are kept, and otherwise by the
//! worker that reads the file.

use crate::keep::SourceFile;

#[derive(Clone, Debug)]
pub struct PickedFile {
    pub path: String,
    pub file: web_sys::File,
    pub size_bytes: u64,
    /// Last modified, ms since the epoch, when the page has read it (a worker reads it
    /// for the files it was sent without).
    pub modified_ms: Option<i64>,
}

impl PickedFile {
    /// The file with its size read (and its time, when already known).
    pub fn new(path: String, file: web_sys::File, modified_ms: Option<i64>) -> Self {
        let size_bytes = file.size() as u64;
        PickedFile { path, file, size_bytes, modified_ms }
    }

    /// The file as kept history describes it (its time read now if not yet).
    pub fn source(&self) -> SourceFile {
        let modified_ms = self.modified_ms.unwrap_or_else(|| self.file.last_modified() as i64);
        SourceFile { path: self.path.clone(), size_bytes: self.size_bytes, modified_ms }
    }
}

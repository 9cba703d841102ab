//! A file the user picked or dropped: its path inside the pick, the browser's handle,
//! and its size, read once. Reading `File.size` is a synchronous call into the browser
//! each time (profiled: half a second of the page's thread for a 2,245-file folder when
//! it was read several times per file), so the page reads it once and hands the number
//! to the workers with the file; its last-modified time too (kept history tells a
//! changed file by its size and time).

use crate::keep::SourceFile;

#[derive(Clone, Debug)]
pub struct PickedFile {
    pub path: String,
    pub file: web_sys::File,
    pub size_bytes: u64,
    /// Last modified, ms since the epoch.
    pub modified_ms: i64,
}

impl PickedFile {
    pub fn new(path: String, file: web_sys::File) -> Self {
        let size_bytes = file.size() as u64;
        let modified_ms = file.last_modified() as i64;
        PickedFile { path, file, size_bytes, modified_ms }
    }

    /// The file as kept history describes it.
    pub fn source(&self) -> SourceFile {
        SourceFile { path: self.path.clone(), size_bytes: self.size_bytes, modified_ms: self.modified_ms }
    }
}

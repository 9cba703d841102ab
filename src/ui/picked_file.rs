//! A file the user picked or dropped: its path inside the pick, the browser's handle,
//! and its size, read once. Reading `File.size` is a synchronous call into the browser
//! each time (profiled: half a second of the page's thread for a 2,245-file folder when
//! it was read several times per file), so the page reads it once and hands the number
//! to the workers with the file.

#[derive(Clone, Debug)]
pub struct PickedFile {
    pub path: String,
    pub file: web_sys::File,
    pub size_bytes: u64,
}

impl PickedFile {
    pub fn new(path: String, file: web_sys::File) -> Self {
        let size_bytes = file.size() as u64;
        PickedFile { path, file, size_bytes }
    }
}

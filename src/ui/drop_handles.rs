//! Dropped folders walked by their file-system handles (`getAsFileSystemHandle`, in
//! Chromium-based browsers): directories a level at a time, several listed at once, and
//! every file's `File` asked for many at once. Measured on the 1 GB corpus (1,939 files),
//! the same folder took ~0.3 s this way, ~1 s through `FileSystemEntry` with 64 requests
//! at once, and ~1.9 s through entries one after another. Paths are built as a folder
//! input lays them out (`folder/sub/file.jsonl`), so kept history matches either way.

use futures::stream::{self, StreamExt};
use js_sys::IteratorNext;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemHandle, FileSystemHandleKind};

use super::browser::describe;

/// Most directory listings or file requests waiting on the browser at once.
const AT_ONCE: usize = 256;

/// Every file under the dropped handles, with its path inside the drop.
pub async fn walk(roots: Vec<FileSystemHandle>) -> Result<Vec<(String, File)>, String> {
    let mut found = Found::default();
    for root in roots {
        found.add(root.name(), root);
    }
    while !found.directories.is_empty() {
        let level = std::mem::take(&mut found.directories);
        let listed: Vec<Result<Vec<(String, FileSystemHandle)>, String>> =
            stream::iter(level.iter().map(|(path, directory)| children(path, directory))).buffer_unordered(AT_ONCE).collect().await;
        for children in listed {
            children?.into_iter().for_each(|(path, handle)| found.add(path, handle));
        }
    }
    let opened: Vec<Result<(String, File), String>> = stream::iter(found.files.iter().map(|(path, handle)| async move {
        let file = JsFuture::from(handle.get_file()).await.map_err(describe)?;
        let file = file.dyn_into::<File>().map_err(|_| format!("{path}: the browser gave no file"))?;
        Ok((path.clone(), file))
    }))
    .buffer_unordered(AT_ONCE)
    .collect()
    .await;
    opened.into_iter().collect()
}

/// Handles found while walking, with their paths, not yet opened.
#[derive(Default)]
struct Found {
    directories: Vec<(String, FileSystemDirectoryHandle)>,
    files: Vec<(String, FileSystemFileHandle)>,
}

impl Found {
    fn add(&mut self, path: String, handle: FileSystemHandle) {
        match handle.kind() {
            FileSystemHandleKind::Directory => self.directories.push((path, handle.unchecked_into())),
            FileSystemHandleKind::File => self.files.push((path, handle.unchecked_into())),
            _ => {}
        }
    }
}

/// A directory's children, with their paths.
async fn children(path: &str, directory: &FileSystemDirectoryHandle) -> Result<Vec<(String, FileSystemHandle)>, String> {
    let iterator = directory.values();
    let mut children = Vec::new();
    loop {
        let step = JsFuture::from(iterator.next().map_err(describe)?).await.map_err(describe)?;
        let step: IteratorNext = step.unchecked_into();
        if step.done() {
            return Ok(children);
        }
        let handle: FileSystemHandle = step.value().unchecked_into();
        children.push((format!("{path}/{}", handle.name()), handle));
    }
}

//! Files and whole folders dropped on the page. Folder entries must be taken from the
//! drop event while it runs; walking them is asynchronous afterwards. A drop that
//! carries plain files only (or a synthetic one) falls back to `getAsFile`.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

use super::browser::describe;

/// What a drop carried, taken synchronously inside the event handler.
pub enum Dropped {
    Entry(FileSystemEntry),
    File(File),
}

pub fn take_dropped(data: &DataTransfer) -> Vec<Dropped> {
    let items = data.items();
    let mut dropped = Vec::new();
    for index in 0..items.length() {
        let Some(item) = items.get(index) else { continue };
        if item.kind() != "file" {
            continue;
        }
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => dropped.push(Dropped::Entry(entry)),
            _ => {
                if let Ok(Some(file)) = item.get_as_file() {
                    dropped.push(Dropped::File(file));
                }
            }
        }
    }
    dropped
}

/// Every file under the dropped entries, with its path inside the drop.
pub async fn expand(dropped: Vec<Dropped>) -> Result<Vec<(String, File)>, String> {
    let mut files = Vec::new();
    let mut pending: Vec<FileSystemEntry> = Vec::new();
    for item in dropped {
        match item {
            Dropped::File(file) => files.push((file.name(), file)),
            Dropped::Entry(entry) => pending.push(entry),
        }
    }
    while let Some(entry) = pending.pop() {
        if entry.is_directory() {
            let directory: FileSystemDirectoryEntry = entry.unchecked_into();
            pending.extend(read_directory(&directory).await?);
        } else if entry.is_file() {
            let path = entry.full_path().trim_start_matches('/').to_owned();
            let file_entry: FileSystemFileEntry = entry.unchecked_into();
            files.push((path, entry_file(&file_entry).await?));
        }
    }
    Ok(files)
}

/// Calls a callback-style API and waits for its success or error callback.
async fn callback_promise(start: impl FnOnce(&js_sys::Function, &js_sys::Function) -> Result<(), JsValue>) -> Result<JsValue, String> {
    let mut outcome = Ok(());
    let mut start = Some(start);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(start) = start.take() {
            outcome = start(&resolve, &reject);
        }
    });
    outcome.map_err(describe)?;
    JsFuture::from(promise).await.map_err(describe)
}

async fn read_directory(directory: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, String> {
    let reader = directory.create_reader();
    let mut entries = Vec::new();
    loop {
        // readEntries hands out a batch at a time and an empty batch at the end.
        let batch = callback_promise(|resolve, reject| reader.read_entries_with_callback_and_callback(resolve, reject)).await?;
        let batch: Array = batch.unchecked_into();
        if batch.length() == 0 {
            return Ok(entries);
        }
        entries.extend(batch.iter().map(|entry| entry.unchecked_into::<FileSystemEntry>()));
    }
}

async fn entry_file(entry: &FileSystemFileEntry) -> Result<File, String> {
    let file = callback_promise(|resolve, reject| {
        entry.file_with_callback_and_callback(resolve, reject);
        Ok(())
    })
    .await?;
    file.dyn_into::<File>().map_err(|_| String::from("a dropped entry did not yield a file"))
}

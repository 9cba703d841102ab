//! Files and whole folders dropped on the page. What a drop carries must be taken from
//! the drop event while it runs; walking it is asynchronous afterwards. Folders are
//! walked by their file-system handles where the browser gives them (`drop_handles`,
//! much the faster), else by their entries; a drop that carries plain files only (or a
//! synthetic one) falls back to `getAsFile`.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, DataTransferItem, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry, FileSystemHandle};

use super::browser::describe;
use super::drop_handles;
use super::drop_walk::{self, Found};

/// What one dropped item carried, taken synchronously inside the event handler: the
/// promise of its file-system handle (where the browser has them), its entry, or the
/// file itself.
pub struct Dropped {
    handle: Option<Promise>,
    entry: Option<FileSystemEntry>,
    file: Option<File>,
}

pub fn take_dropped(data: &DataTransfer) -> Vec<Dropped> {
    let items = data.items();
    let mut dropped = Vec::new();
    for index in 0..items.length() {
        let Some(item) = items.get(index) else { continue };
        if item.kind() != "file" {
            continue;
        }
        let handle = handle_promise(&item);
        let entry = item.webkit_get_as_entry().ok().flatten();
        let file = if entry.is_none() { item.get_as_file().ok().flatten() } else { None };
        dropped.push(Dropped { handle, entry, file });
    }
    dropped
}

/// `item.getAsFileSystemHandle()`, where the browser has it.
fn handle_promise(item: &DataTransferItem) -> Option<Promise> {
    let method = Reflect::get(item, &JsValue::from_str("getAsFileSystemHandle")).ok()?.dyn_into::<js_sys::Function>().ok()?;
    method.call0(item).ok()?.dyn_into::<Promise>().ok()
}

/// The handle a dropped item's promise gives, if it gives one.
async fn settled_handle(promise: Option<Promise>) -> Option<FileSystemHandle> {
    let value = JsFuture::from(promise?).await.ok()?;
    value.dyn_into::<FileSystemHandle>().ok()
}

/// Every file under the dropped items, with its path inside the drop (the order is the
/// loader's to set).
pub async fn expand(dropped: Vec<Dropped>) -> Result<Vec<(String, File)>, String> {
    let mut files = Vec::new();
    let mut handles = Vec::new();
    let mut found = FoundEntries::default();
    for item in dropped {
        if let Some(handle) = settled_handle(item.handle).await {
            handles.push(handle);
        } else if let Some(entry) = item.entry {
            add_entry(&mut found, entry);
        } else if let Some(file) = item.file {
            files.push((file.name(), file));
        }
    }
    files.extend(drop_handles::walk(handles).await?);
    files.extend(walk_entries(found).await?);
    Ok(files)
}

/// Every file under dropped entries, with its path inside the drop.
async fn walk_entries(found: FoundEntries) -> Result<Vec<(String, File)>, String> {
    drop_walk::walk(found, read_directory, add_entry, |entry| async move {
        let path = entry.full_path().trim_start_matches('/').to_owned();
        Ok((path, entry_file(&entry).await?))
    })
    .await
}

type FoundEntries = Found<FileSystemDirectoryEntry, FileSystemFileEntry>;

/// Sorts an entry into the directories or the files found.
fn add_entry(found: &mut FoundEntries, entry: FileSystemEntry) {
    if entry.is_directory() {
        found.directories.push(entry.unchecked_into());
    } else if entry.is_file() {
        found.files.push(entry.unchecked_into());
    }
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

async fn read_directory(directory: FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, String> {
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

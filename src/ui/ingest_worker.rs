//! The ingest worker (runs inside a Web Worker, started by the page): it reads the files
//! it is sent in slices with `FileReaderSync`, feeds the same core ingest the page uses,
//! reports progress, and hands the finished dataset back as compact bytes
//! (`model::wire`), transferring the buffer rather than copying it.
//!
//! Messages: the worker posts `{kind: "ready"}` once it can take a job; the page posts
//! `{files: File[], paths: string[], person: string}`; the worker answers with
//! `{kind: "progress", value: bytesDone}`…, then `{kind: "done", value: Uint8Array}` (a
//! [`WorkerOutput`]) or `{kind: "error", value: message}`. Price tables found among the
//! files are handed back, not applied: they must price every worker's requests.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

use super::browser::describe;
use crate::ingest::{Ingest, SLICE_BYTES, WHOLE_FILE_MAX_BYTES};
use crate::model::{wire, Dataset};
use crate::pricing::PriceTable;

/// What one worker hands back: its dataset, priced with the embedded table, and the
/// price tables it found (named after their files).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct WorkerOutput {
    pub dataset: Dataset,
    pub price_tables: Vec<PriceTable>,
}

/// Least time between two progress messages.
const PROGRESS_EVERY_MS: f64 = 50.0;

/// Starts the worker: answers jobs until the page terminates it.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let job_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Err(message) = run_job(&job_scope, &event.data()) {
            post(&job_scope, "error", &JsValue::from_str(&message), None);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&scope, "ready", &JsValue::NULL, None);
}

fn post(scope: &DedicatedWorkerGlobalScope, kind: &str, value: &JsValue, transfer: Option<&JsValue>) {
    let message = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&message, &JsValue::from_str(key), value);
    if set("kind", &JsValue::from_str(kind)).and_then(|_| set("value", value)).is_err() {
        return;
    }
    let sent = match transfer {
        Some(buffer) => scope.post_message_with_transfer(&message, &Array::of1(buffer)),
        None => scope.post_message(&message),
    };
    if let Err(error) = sent {
        web_sys::console::error_1(&JsValue::from_str(&format!("ingest worker could not post: {}", describe(error))));
    }
}

fn field(data: &JsValue, key: &str) -> Result<JsValue, String> {
    Reflect::get(data, &JsValue::from_str(key)).map_err(describe)
}

fn read(reader: &FileReaderSync, file: &File, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64).map_err(describe)?;
    let buffer = reader.read_as_array_buffer(&blob).map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

struct Progress<'a> {
    scope: &'a DedicatedWorkerGlobalScope,
    done_bytes: u64,
    last_post_ms: f64,
}

impl Progress<'_> {
    fn advance(&mut self, bytes: u64) {
        self.done_bytes += bytes;
        let now = js_sys::Date::now();
        if now - self.last_post_ms >= PROGRESS_EVERY_MS {
            self.last_post_ms = now;
            post(self.scope, "progress", &JsValue::from_f64(self.done_bytes as f64), None);
        }
    }
}

fn run_job(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Result<(), String> {
    let files: Array = field(data, "files")?.dyn_into().map_err(|_| String::from("job without files"))?;
    let paths: Array = field(data, "paths")?.dyn_into().map_err(|_| String::from("job without paths"))?;
    let person = field(data, "person")?.as_string().unwrap_or_default();
    let reader = FileReaderSync::new().map_err(describe)?;
    let mut ingest = Ingest::new();
    let mut price_tables = Vec::new();
    let mut progress = Progress { scope, done_bytes: 0, last_post_ms: 0.0 };
    for (file, path) in files.iter().zip(paths.iter()) {
        let (Ok(file), Some(path)) = (file.dyn_into::<File>(), path.as_string()) else {
            return Err(String::from("a job entry is not a file with a path"));
        };
        let size_bytes = file.size() as u64;
        let outcome = read_file(&reader, &file, &path, &person, &mut ingest, &mut price_tables, &mut progress);
        if let Err(reason) = outcome {
            ingest.skip_file(&path, size_bytes, format!("could not be read: {reason}"));
        }
    }
    let output = WorkerOutput { dataset: ingest.finish(PriceTable::embedded()), price_tables };
    let bytes = wire::encode(&output).map_err(|error| error.to_string())?;
    let array = Uint8Array::from(bytes.as_slice());
    post(scope, "done", &array, Some(&array.buffer()));
    Ok(())
}

fn read_file(
    reader: &FileReaderSync,
    file: &File,
    path: &str,
    person: &str,
    ingest: &mut Ingest,
    price_tables: &mut Vec<PriceTable>,
    progress: &mut Progress<'_>,
) -> Result<(), String> {
    let size_bytes = file.size() as u64;
    if size_bytes <= WHOLE_FILE_MAX_BYTES {
        let bytes = read(reader, file, 0, size_bytes)?;
        if let Some(table) = ingest.whole_file(path, person, &bytes) {
            price_tables.push(table.with_source(format!("your price table {path}")));
        }
        progress.advance(size_bytes);
        return Ok(());
    }
    ingest.begin_file(path, size_bytes, person);
    let mut start = 0;
    while start < size_bytes {
        let end = (start + SLICE_BYTES).min(size_bytes);
        ingest.feed(&read(reader, file, start, end)?);
        progress.advance(end - start);
        start = end;
    }
    ingest.end_file();
    Ok(())
}

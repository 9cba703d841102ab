//! The ingest worker (runs inside a Web Worker, started by the page): it reads the files
//! it is sent in slices, ahead of the parse (`read_ahead`), feeds the same core ingest
//! the page uses, reports progress, and hands the finished dataset back as compact bytes
//! (`model::wire`), transferring the buffer rather than copying it.
//!
//! Messages: the worker posts `{kind: "ready"}` once it can take a job; the page posts
//! `{files: File[], paths: string[], sizes: number[], person: string}` (sizes read once by
//! the page: each `File.size` read is a synchronous call into the browser); the worker answers with
//! `{kind: "progress", value: bytesDone}`…, then `{kind: "done", value: Uint8Array,
//! events: count, requests: count}` (a [`WorkerSummary`] followed by the dataset, and the
//! dataset's sizes, so that the page can size the merged lists before it decodes any
//! part) or `{kind: "error", value: message}`. Price tables found among the files are
//! handed back, not applied: they must price every worker's requests.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

use super::browser::{describe, wasm_memory_bytes};
use super::picked_file::PickedFile;
use super::read_ahead::ReadAhead;
use crate::ingest::Ingest;
use crate::model::wire;
use crate::pricing::PriceTable;

/// What one worker hands back besides its dataset (priced with the embedded table,
/// encoded after this): the price tables it found (named after their files).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct WorkerSummary {
    pub price_tables: Vec<PriceTable>,
    pub timings: WorkerTimings,
}

/// Where one worker's time went, for the load report and the benchmarks.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkerTimings {
    /// Waiting for slices of the files (read ahead while the ingest parses).
    pub read_ms: f64,
    /// The core ingest: splitting, parsing, deduplicating, pricing.
    pub parse_ms: f64,
    /// The worker's wasm memory when it finished.
    pub memory_bytes: u64,
}

/// Least time between two progress messages.
const PROGRESS_EVERY_MS: f64 = 50.0;

/// Starts the worker: answers jobs until the page terminates it.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let job_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let scope = job_scope.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(message) = run_job(&scope, &event.data()).await {
                post(&scope, "error", &JsValue::from_str(&message), &[], None);
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    // A panic ends the worker (the wasm traps after the hook): the page hears why first.
    let panic_scope = scope.clone();
    std::panic::set_hook(Box::new(move |info| {
        post(&panic_scope, "error", &JsValue::from_str(&format!("it stopped on an internal error ({info})")), &[], None);
    }));
    post(&scope, "ready", &JsValue::NULL, &[], None);
}

/// Posts `{kind, value}` and any further fields.
fn post(scope: &DedicatedWorkerGlobalScope, kind: &str, value: &JsValue, fields: &[(&str, JsValue)], transfer: Option<&JsValue>) {
    let message = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&message, &JsValue::from_str(key), value);
    let mut all_set = set("kind", &JsValue::from_str(kind)).and_then(|_| set("value", value));
    for (key, value) in fields {
        all_set = all_set.and_then(|_| set(key, value));
    }
    if all_set.is_err() {
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

fn now_ms(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or_else(js_sys::Date::now, |performance| performance.now())
}

async fn run_job(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Result<(), String> {
    let files: Array = field(data, "files")?.dyn_into().map_err(|_| String::from("job without files"))?;
    let paths: Array = field(data, "paths")?.dyn_into().map_err(|_| String::from("job without paths"))?;
    let sizes: Array = field(data, "sizes")?.dyn_into().map_err(|_| String::from("job without sizes"))?;
    let person = field(data, "person")?.as_string().unwrap_or_default();
    let mut named_files = Vec::with_capacity(files.length() as usize);
    for ((file, path), size) in files.iter().zip(paths.iter()).zip(sizes.iter()) {
        let (Ok(file), Some(path), Some(size_bytes)) = (file.dyn_into::<File>(), path.as_string(), size.as_f64()) else {
            return Err(String::from("a job entry is not a file with a path and a size"));
        };
        named_files.push(PickedFile { path, file, size_bytes: size_bytes as u64 });
    }
    let clock = || now_ms(scope);
    let mut ingest = Ingest::new();
    let mut price_tables = Vec::new();
    let mut timings = WorkerTimings::default();
    let mut done_bytes = 0;
    let mut last_post_ms = 0.0;
    let mut reader = ReadAhead::new(&named_files);
    while let Some(step) = reader.ingest_next(&mut ingest, &person, &mut price_tables, &clock).await {
        timings.read_ms += step.read_ms;
        timings.parse_ms += step.parse_ms;
        done_bytes += step.bytes;
        if clock() - last_post_ms >= PROGRESS_EVERY_MS {
            last_post_ms = clock();
            post(scope, "progress", &JsValue::from_f64(done_bytes as f64), &[], None);
        }
    }
    let finish_start_ms = clock();
    let dataset = ingest.finish_blocks(PriceTable::embedded());
    timings.parse_ms += clock() - finish_start_ms;
    timings.memory_bytes = wasm_memory_bytes();
    let sizes = dataset.sizes();
    // Encoded a piece at a time straight into the buffer handed to the page: the whole
    // encoding is never in this worker's wasm memory (which would keep its size).
    let answer = (WorkerSummary { price_tables, timings }, &dataset);
    let length = wire::encoded_len(&answer).map_err(|error| error.to_string())?;
    let array = Uint8Array::new_with_length(u32::try_from(length).map_err(|_| String::from("the dataset is too large to hand over"))?);
    let mut offset = 0u32;
    wire::encode_in_pieces(&answer, |piece| {
        let end = offset + piece.len() as u32;
        array.subarray(offset, end).copy_from(piece);
        offset = end;
    })
    .map_err(|error| error.to_string())?;
    drop(answer);
    drop(dataset);
    let counts = [("events", JsValue::from_f64(sizes.events as f64)), ("requests", JsValue::from_f64(sizes.requests as f64))];
    post(scope, "done", &array, &counts, Some(&array.buffer()));
    Ok(())
}

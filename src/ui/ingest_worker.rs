//! The ingest worker (runs inside a Web Worker, started by the page): it reads the files
//! it is sent in slices, ahead of the parse (`read_ahead`), feeds the same core ingest
//! the page uses, reports progress, and hands the finished dataset back as compact bytes
//! (`model::wire`), transferring the buffer rather than copying it.
//!
//! Each file is read by an ingest of its own, so that its part (its dataset alone) can be
//! kept (`keep`); the page merges the parts of all workers, and any kept ones, in their
//! paths' order, which gives what one ingest of all the files gives.
//!
//! Messages: the worker posts `{kind: "ready"}` once it can take a job; the page posts
//! `{files: File[], paths: string[], sizes: number[], modified: (number|null)[], person:
//! string}` (sizes and any times read once by the page: each read is a synchronous call
//! into the browser); the worker answers with `{kind: "progress", value: bytesDone}`…, then
//! `{kind: "done", value: Uint8Array, parts: Uint8Array[]}` (a [`WorkerSummary`], and each
//! file's part, encoded, in the summary's order, their buffers transferred) or `{kind:
//! "error", value: message}`. The parts hold facts only: price tables found among the
//! files are parts too, and the page prices everything once the parts are merged.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

use super::browser::{describe, wasm_memory_bytes};
use super::file_parts::{FilePart, FileParts};
use super::picked_file::PickedFile;
use super::read_ahead::{Ended, ReadAhead};
use crate::model::FileSkip;
use crate::transport::wire;

/// What one worker hands back besides its parts (each file's parts, as its file says
/// them): where its time went, and a description of each file's parts, in their order.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct WorkerSummary {
    pub timings: WorkerTimings,
    pub parts: Vec<FilePart>,
}

/// Where one worker's time went, for the load report and the benchmarks.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkerTimings {
    /// Waiting for slices of the files (read ahead while the ingest parses).
    pub read_ms: f64,
    /// The core ingest: splitting, parsing, deduplicating, encoding.
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
fn post(scope: &DedicatedWorkerGlobalScope, kind: &str, value: &JsValue, fields: &[(&str, JsValue)], transfer: Option<&Array>) {
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
        Some(buffers) => scope.post_message_with_transfer(&message, buffers),
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
    let times: Array = field(data, "modified")?.dyn_into().map_err(|_| String::from("job without times"))?;
    let person = field(data, "person")?.as_string().unwrap_or_default();
    let mut named_files = Vec::with_capacity(files.length() as usize);
    for (((file, path), size), modified) in files.iter().zip(paths.iter()).zip(sizes.iter()).zip(times.iter()) {
        let (Ok(file), Some(path), Some(size_bytes)) = (file.dyn_into::<File>(), path.as_string(), size.as_f64()) else {
            return Err(String::from("a job entry is not a file with a path and a size"));
        };
        // No time: the page has not read it (nothing was kept), and it is read here.
        let modified_ms = modified.as_f64().map(|ms| ms as i64);
        named_files.push(PickedFile { path, file, size_bytes: size_bytes as u64, modified_ms });
    }
    let clock = || now_ms(scope);
    let mut parts = FileParts::default();
    let mut timings = WorkerTimings::default();
    let mut done_bytes = 0;
    let mut last_post_ms = 0.0;
    let mut reader = ReadAhead::new(&named_files);
    while let Some(step) = reader.ingest_next(parts.ingest(), &person, &clock).await {
        timings.read_ms += step.read_ms;
        timings.parse_ms += step.parse_ms;
        done_bytes += step.bytes;
        if let Some((file, ended)) = step.ended {
            let part_start_ms = clock();
            let picked = &named_files[file];
            if ended == Ended::NeedsWorker {
                // A worker always has the synchronous reader; a browser whose worker
                // has none still lists the file, unread.
                parts.ingest().skip_file(&picked.path, picked.size_bytes, FileSkip::NeedsWorker);
            }
            parts.file_ended(picked, ended == Ended::Read, &person)?;
            timings.parse_ms += clock() - part_start_ms;
        }
        if clock() - last_post_ms >= PROGRESS_EVERY_MS {
            last_post_ms = clock();
            post(scope, "progress", &JsValue::from_f64(done_bytes as f64), &[], None);
        }
    }
    timings.memory_bytes = wasm_memory_bytes();
    let (described, bytes) = parts.split();
    let summary = wire::encode(&WorkerSummary { timings, parts: described }).map_err(|error| error.to_string())?;
    let summary = Uint8Array::from(summary.as_slice());
    let transfer = Array::new();
    transfer.push(&summary.buffer());
    for part in bytes.iter() {
        transfer.push(&part.unchecked_into::<Uint8Array>().buffer());
    }
    post(scope, "done", &summary, &[("parts", bytes.into())], Some(&transfer));
    Ok(())
}

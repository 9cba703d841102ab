//! The page's side of the ingest workers: one per core (at most four), each sent the
//! files of some project folders (`ingest::partition`), their progress added up, and
//! their parts (one per file) gathered once all have answered (each worker is ended as
//! its answer arrives, and the parts wait encoded, outside the page's wasm memory, until
//! `assemble` decodes each straight into the merged lists). A browser that cannot start
//! a worker gets `Unavailable`, and the page then reads on its own thread instead.

use futures::channel::mpsc;
use futures::StreamExt;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use std::cell::RefCell;

use super::browser::describe;
use super::file_parts::ReadPart;
use super::picked_file::PickedFile;
use super::read_job::{Answer, Job};
use crate::ingest::partition::partition;

/// Most workers started for one load.
const MAX_WORKERS: usize = 4;

/// The worker's starter (src/ui/worker-start.js, copied next to the page by Trunk): it
/// says `unavailable` when the worker's script or wasm cannot be loaded.
const WORKER_URL: &str = "./worker-start.js";
/// Longest wait for a started worker to say it is ready (it compiles its wasm first,
/// well under a second); past it the page reads on its own thread.
const READY_TIMEOUT_MS: u32 = 15_000;
/// Longest silence from a working worker (it reports progress every 50 ms while it
/// reads): past it the worker is taken for dead and the load ends with an error.
const SILENCE_TIMEOUT_MS: u32 = 60_000;

#[derive(Debug)]
pub enum HostError {
    /// The worker could not start; reading on the page's thread still works.
    Unavailable(String),
    /// The worker started and failed.
    Failed(String),
}

/// Ends the worker however the load ends.
struct WorkerGuard(Worker);

impl Drop for WorkerGuard {
    fn drop(&mut self) {
        self.0.terminate();
    }
}

fn kind_and_value(message: &JsValue) -> (String, JsValue) {
    let get = |key: &str| Reflect::get(message, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    (get("kind").as_string().unwrap_or_default(), get("value"))
}

/// Where a load's time went (summed over the workers, which run side by side).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LoadStats {
    pub worker_count: usize,
    /// Listing the picked files (walking a dropped folder, then their sizes and times,
    /// read once) on the page's thread.
    pub list_ms: f64,
    /// Opening kept history and reading its parts.
    pub kept_ms: f64,
    pub read_ms: f64,
    pub parse_ms: f64,
    /// Decoding the workers' answers, merging and repricing, on the page's thread.
    pub merge_ms: f64,
    /// The workers' wasm memory when they finished, summed.
    pub worker_memory_bytes: u64,
    /// The page's wasm memory once the parts are merged.
    pub page_memory_bytes: u64,
}

/// What the workers read: each file's parts, and where the time went (merging is the
/// caller's: `transport::assemble_parts`).
pub struct WorkersRead {
    pub parts: Vec<ReadPart>,
    pub stats: LoadStats,
}

/// Reads the files in workers and merges what they parsed; returns it with where the
/// time went. `on_progress` gets the bytes
/// done so far; `is_current` is asked at every message, and once it says no (the load
/// was cancelled) the workers are ended.
pub async fn ingest_in_workers(
    files: &[PickedFile],
    person: &str,
    on_progress: impl Fn(u64),
    is_current: &impl Fn() -> bool,
) -> Result<WorkersRead, HostError> {
    let cores = web_sys::window().map(|window| window.navigator().hardware_concurrency() as usize).unwrap_or(1);
    let sized: Vec<(&str, u64)> = files.iter().map(|file| (file.path.as_str(), file.size_bytes)).collect();
    let parts = partition(&sized, cores.clamp(1, MAX_WORKERS));
    let done_bytes = RefCell::new(vec![0u64; parts.len()]);
    let on_progress = &on_progress;
    let done_bytes = &done_bytes;
    let jobs = parts.iter().enumerate().map(|(worker, indexes)| {
        let subset: Vec<PickedFile> = indexes.iter().map(|index| files[*index].clone()).collect();
        async move {
            let report = move |bytes: u64| {
                let total = {
                    let mut done = done_bytes.borrow_mut();
                    done[worker] = bytes;
                    done.iter().sum()
                };
                on_progress(total);
            };
            ingest_in_worker(&subset, person, report, is_current).await
        }
    });
    let answers = futures::future::try_join_all(jobs).await?;
    let mut stats = LoadStats { worker_count: answers.len(), ..LoadStats::default() };
    let mut parts = Vec::with_capacity(files.len());
    for answer in answers {
        let (summary, read) = answer.decode().map_err(HostError::Failed)?;
        stats.read_ms += summary.timings.read_ms;
        stats.parse_ms += summary.timings.parse_ms;
        stats.worker_memory_bytes += summary.timings.memory_bytes;
        parts.extend(read);
    }
    Ok(WorkersRead { parts, stats })
}

/// Reads the files in one worker; returns its answer, still encoded.
async fn ingest_in_worker(files: &[PickedFile], person: &str, on_progress: impl Fn(u64), is_current: &impl Fn() -> bool) -> Result<Answer, HostError> {
    let worker = WorkerGuard(Worker::new(WORKER_URL).map_err(|e| HostError::Unavailable(describe(e)))?);
    let (sender, mut messages) = mpsc::unbounded::<JsValue>();
    let message_sender = sender.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // The receiver only goes away when the load is over; later messages do not matter.
        let _ = message_sender.unbounded_send(event.data());
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        let message = Object::new();
        let failed = Reflect::set(&message, &JsValue::from_str("kind"), &JsValue::from_str("crashed"))
            .and_then(|_| Reflect::set(&message, &JsValue::from_str("value"), &JsValue::from_str(&event.message())));
        if failed.is_ok() {
            let _ = sender.unbounded_send(message.into());
        }
    });
    worker.0.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.0.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    // A message posted before the worker says it is ready would be lost.
    match next_within(&mut messages, READY_TIMEOUT_MS).await.map(|message| kind_and_value(&message)) {
        Next::Message((kind, _)) if kind == "ready" => {}
        Next::Message((_, value)) => return Err(HostError::Unavailable(value.as_string().unwrap_or_default())),
        Next::Closed => return Err(HostError::Unavailable(String::from("the worker stopped before it started"))),
        Next::TimedOut => return Err(HostError::Unavailable(format!("the worker was not ready after {} s", READY_TIMEOUT_MS / 1000))),
    }
    let job = Job::to_js(files, person, false).map_err(HostError::Failed)?;
    worker.0.post_message(&job).map_err(|e| HostError::Failed(describe(e)))?;

    loop {
        let message = match next_within(&mut messages, SILENCE_TIMEOUT_MS).await {
            Next::Message(message) => message,
            Next::Closed => break,
            Next::TimedOut => return Err(HostError::Failed(format!("the ingest worker stopped answering (nothing for {} s)", SILENCE_TIMEOUT_MS / 1000))),
        };
        if !is_current() {
            return Err(HostError::Failed(String::from("cancelled")));
        }
        match kind_and_value(&message) {
            (kind, value) if kind == "progress" => on_progress(value.as_f64().unwrap_or(0.0) as u64),
            (kind, value) if kind == "done" => {
                // Its answer is the page's now: ending the worker frees its memory (the
                // dataset it built) while the other workers go on.
                drop(worker);
                let summary = value.dyn_into::<Uint8Array>().map_err(|_| HostError::Failed(String::from("no summary")))?;
                let parts = Reflect::get(&message, &JsValue::from_str("parts")).ok().and_then(|parts| parts.dyn_into::<Array>().ok());
                let parts = parts.ok_or_else(|| HostError::Failed(String::from("no parts")))?;
                return Ok(Answer { summary, parts });
            }
            (_, value) => {
                let reason = value.as_string().unwrap_or_else(|| String::from("no reason given"));
                return Err(HostError::Failed(format!("the ingest worker failed: {reason}")));
            }
        }
    }
    Err(HostError::Failed(String::from("the worker stopped without an answer")))
}

/// What waiting for a worker's next message gave.
enum Next<T> {
    Message(T),
    Closed,
    TimedOut,
}

impl<T> Next<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Next<U> {
        match self {
            Next::Message(message) => Next::Message(f(message)),
            Next::Closed => Next::Closed,
            Next::TimedOut => Next::TimedOut,
        }
    }
}

/// The next message, unless none comes within `timeout_ms`.
async fn next_within(messages: &mut mpsc::UnboundedReceiver<JsValue>, timeout_ms: u32) -> Next<JsValue> {
    let timeout = gloo::timers::future::TimeoutFuture::new(timeout_ms);
    match futures::future::select(messages.next(), timeout).await {
        futures::future::Either::Left((Some(message), _)) => Next::Message(message),
        futures::future::Either::Left((None, _)) => Next::Closed,
        futures::future::Either::Right(_) => Next::TimedOut,
    }
}

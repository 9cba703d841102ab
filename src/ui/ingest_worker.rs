//! The ingest worker (runs inside a Web Worker, started by the page): it runs the
//! reading jobs it is sent (`read_job`), reports progress, and hands each answer back as
//! compact bytes, transferring the buffers rather than copying them.
//!
//! Each file is read by an ingest of its own, so that its part (its dataset alone) can be
//! kept (`keep`); the page merges the parts of all workers, and any kept ones, in their
//! paths' order, which gives what one ingest of all the files gives.
//!
//! Messages: the worker posts `{kind: "ready"}` once it can take a job; the page posts a
//! job (`read_job::Job`); the worker answers with `{kind: "progress", value: bytesDone}`…,
//! then `{kind: "done", value: Uint8Array, parts: Uint8Array[]}` (the encoded
//! `read_job::ReadSummary`, and each file's part, in the summary's order) or `{kind:
//! "error", value: message}`.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::browser::describe;
use super::read_job::{self, Job, Pace};

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

fn now_ms(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// A worker's pace: progress posted every [`PROGRESS_EVERY_MS`]; its thread is its own.
struct Posting<'a> {
    scope: &'a DedicatedWorkerGlobalScope,
    last_post_ms: f64,
}

impl Pace for Posting<'_> {
    async fn after_step(&mut self, done_bytes: u64) -> Result<(), String> {
        if now_ms(self.scope) - self.last_post_ms >= PROGRESS_EVERY_MS {
            self.last_post_ms = now_ms(self.scope);
            post(self.scope, "progress", &JsValue::from_f64(done_bytes as f64), &[], None);
        }
        Ok(())
    }
}

async fn run_job(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Result<(), String> {
    let job = Job::from_js(data)?;
    let answer = read_job::run(&job, &|| now_ms(scope), &mut Posting { scope, last_post_ms: 0.0 }).await?;
    post(scope, "done", &answer.summary, &[("parts", answer.parts.clone().into())], Some(&answer.buffers()));
    Ok(())
}

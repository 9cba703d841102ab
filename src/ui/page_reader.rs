//! The page's own-thread reader: a wasm module of its own (`session-lens-reader`), loaded
//! by the page only when it reads on its own thread (no worker could start, a small drop
//! onto kept history, the demo), so that the page's wasm carries no ingest. It runs the
//! same reading jobs as the ingest worker (`read_job`), in slices, giving the page a turn
//! between them.
//!
//! Started by `reader-start.js`, it sets `window.sessionLensRead(job, onProgress,
//! isCurrent)`, which returns a promise of `{summary: Uint8Array, parts: Uint8Array[]}`
//! (`read_job::Answer`). `job` is a `read_job::Job`, or `{demo: "YYYY-MM-DD"}` for the
//! demo ending on that day; `onProgress(bytesDone, bytesInAll)` is called as it goes;
//! once `isCurrent()` says false the job ends with the error "cancelled".

use std::cell::RefCell;

use chrono::NaiveDate;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::browser::describe;
use super::pacer::Pacer;
use super::read_job::{self, Answer, Job, Pace};
use crate::demo::{generate_ending, DEMO_SEED};
use crate::keep::SourceFile;

/// The global the reader sets.
pub const READ_FUNCTION: &str = "sessionLensRead";

/// The page's pace: progress reported, the page given its turns (`Pacer`), and the job
/// ended once the page has moved on.
struct Turns {
    on_progress: Function,
    is_current: Function,
    bytes_in_all: f64,
    pacer: Pacer,
}

impl Pace for Turns {
    async fn after_step(&mut self, done_bytes: u64) -> Result<(), String> {
        // A failing progress display is not the job's concern.
        let _ = self.on_progress.call2(&JsValue::NULL, &JsValue::from_f64(done_bytes as f64), &JsValue::from_f64(self.bytes_in_all));
        self.pacer.maybe_yield().await;
        match self.is_current.call0(&JsValue::NULL) {
            Ok(answer) if answer.is_truthy() => Ok(()),
            _ => Err(String::from("cancelled")),
        }
    }
}

thread_local! {
    /// How to fail the job in progress, for the panic hook: a panic ends in a trap, which
    /// would leave the job's promise unsettled and the page waiting.
    static FAIL_CURRENT: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Sets `window.sessionLensRead`.
pub fn install() -> Result<(), String> {
    let window = web_sys::window().ok_or_else(|| String::from("the reader runs without a window"))?;
    std::panic::set_hook(Box::new(|info| {
        if let Some(reject) = FAIL_CURRENT.with(|current| current.borrow_mut().take()) {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&format!("the page's reader stopped on an internal error ({info})")));
        }
    }));
    let read = Closure::<dyn Fn(JsValue, Function, Function) -> Promise>::new(|job: JsValue, on_progress: Function, is_current: Function| {
        Promise::new(&mut |resolve: Function, reject: Function| {
            FAIL_CURRENT.with(|current| *current.borrow_mut() = Some(reject.clone()));
            let job = job.clone();
            let turns = Turns { on_progress: on_progress.clone(), is_current: is_current.clone(), bytes_in_all: 0.0, pacer: Pacer::new() };
            wasm_bindgen_futures::spawn_local(async move {
                // A settled promise ignores later calls.
                let _ = match read(&job, turns).await.and_then(|answer| answer_object(&answer)) {
                    Ok(result) => resolve.call1(&JsValue::NULL, &result),
                    Err(message) => reject.call1(&JsValue::NULL, &JsValue::from_str(&message)),
                };
            });
        })
    });
    Reflect::set(&window, &JsValue::from_str(READ_FUNCTION), read.as_ref().unchecked_ref()).map_err(describe)?;
    // The function lives as long as the page does.
    read.forget();
    Ok(())
}

/// `{summary, parts}`.
fn answer_object(answer: &Answer) -> Result<JsValue, String> {
    let result = Object::new();
    Reflect::set(&result, &JsValue::from_str("summary"), &answer.summary).map_err(describe)?;
    Reflect::set(&result, &JsValue::from_str("parts"), &answer.parts).map_err(describe)?;
    Ok(result.into())
}

async fn read(job: &JsValue, mut turns: Turns) -> Result<Answer, String> {
    let demo = Reflect::get(job, &JsValue::from_str("demo")).map_err(describe)?;
    if let Some(day) = demo.as_string() {
        let last_day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|error| format!("the demo's day {day:?}: {error}"))?;
        let mut files = generate_ending(DEMO_SEED, last_day);
        // In path order, as the command line reads them.
        crate::order::sort_by(&mut files, |a, b| a.path.cmp(&b.path));
        turns.bytes_in_all = files.iter().map(|file| file.text.len() as f64).sum();
        let sources = files.iter().map(|file| {
            let source = SourceFile { path: file.path.clone(), size_bytes: file.text.len() as u64, modified_ms: 0 };
            (source, file.person.as_str(), file.text.as_bytes())
        });
        return read_job::run_in_memory(sources, &js_sys::Date::now, &mut turns).await;
    }
    let job = Job::from_js(job)?;
    turns.bytes_in_all = job.files.iter().map(|file| file.size_bytes as f64).sum();
    read_job::run(&job, &js_sys::Date::now, &mut turns).await
}

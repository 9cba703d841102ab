//! The page's side of its own-thread reader (`page_reader`, a wasm module of its own):
//! loaded once, when the page first reads on its own thread, then given jobs. Its answers
//! are decoded as the workers' are.

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::browser::describe;
use super::file_parts::ReadPart;
use super::page_reader::READ_FUNCTION;
use super::read_job::{Answer, ReadSummary};

/// The reader's starter (src/ui/reader-start.js, copied next to the page by Trunk): it
/// loads the reader's glue and wasm, then fires [`READY_EVENT`], whose `detail` is empty,
/// or says why it could not.
const STARTER_URL: &str = "./reader-start.js";
const READY_EVENT: &str = "session-lens-reader";

thread_local! {
    /// The reader's start, once asked for (resolves when it can take jobs).
    static STARTED: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// A promise that the reader is started: its starter is added to the page on the first call.
fn started() -> Result<Promise, String> {
    if let Some(promise) = STARTED.with(|started| started.borrow().clone()) {
        return Ok(promise);
    }
    let window = web_sys::window().ok_or_else(|| String::from("no window"))?;
    let document = window.document().ok_or_else(|| String::from("no document"))?;
    let mut failure: Option<String> = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let rejects = reject.clone();
        let on_ready = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
            let reason = event.detail().as_string().unwrap_or_default();
            // A settled promise ignores later calls.
            let _ = if reason.is_empty() { resolve.call0(&JsValue::NULL) } else { rejects.call1(&JsValue::NULL, &JsValue::from_str(&reason)) };
        });
        let listened = window.add_event_listener_with_callback(READY_EVENT, on_ready.as_ref().unchecked_ref());
        on_ready.forget();
        let script = document.create_element("script").and_then(|script| {
            script.set_attribute("src", STARTER_URL)?;
            let on_error = Closure::<dyn Fn()>::new(move || {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("its starter did not load"));
            });
            script.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())?;
            on_error.forget();
            document.head().ok_or_else(|| JsValue::from_str("no head"))?.append_child(&script)
        });
        if let Err(error) = listened.and(script) {
            failure = Some(describe(error));
        }
    });
    if let Some(reason) = failure {
        return Err(reason);
    }
    STARTED.with(|started| *started.borrow_mut() = Some(promise.clone()));
    Ok(promise)
}

/// Waited after kept history is shown before the reader is loaded, so that its loading
/// takes nothing from the page's first moments.
const PRELOAD_AFTER_MS: u32 = 1_500;

/// Starts loading the reader, a while from now, before it is needed (kept history is
/// open: the next drop is likely small, and read by it). A failure here is met again,
/// and told, by `read`.
pub fn preload() {
    wasm_bindgen_futures::spawn_local(async {
        gloo::timers::future::TimeoutFuture::new(PRELOAD_AFTER_MS).await;
        start_loading();
    });
}

/// Starts loading the reader now (a drop onto kept history: its files are listed and
/// compared with the kept ones meanwhile, and the few new ones are likely for it).
pub fn start_loading() {
    if let Err(reason) = started() {
        web_sys::console::warn_1(&format!("the page's reader did not start ({reason})").into());
    }
}

/// Runs `job` (a `read_job::Job` as JavaScript, or `{demo: day}`) in the page's reader.
/// `on_progress` gets the bytes done and in all; once `is_current` says no, the job ends
/// with the error "cancelled".
pub async fn read(
    job: &JsValue,
    on_progress: impl Fn(u64, u64) + 'static,
    is_current: impl Fn() -> bool + 'static,
) -> Result<(ReadSummary, Vec<ReadPart>), String> {
    let reader_failed = |reason: String| format!("the page's reader did not start ({reason})");
    if let Err(error) = JsFuture::from(started().map_err(reader_failed)?).await {
        // The next read tries again (the page may be back online).
        STARTED.with(|started| *started.borrow_mut() = None);
        return Err(reader_failed(describe(error)));
    }
    let window = web_sys::window().ok_or_else(|| String::from("no window"))?;
    let read: Function = Reflect::get(&window, &JsValue::from_str(READ_FUNCTION))
        .ok()
        .and_then(|read| read.dyn_into().ok())
        .ok_or_else(|| reader_failed(String::from("it set no function")))?;
    let on_progress = Closure::<dyn Fn(f64, f64)>::new(move |done: f64, all: f64| on_progress(done as u64, all as u64));
    let is_current = Closure::<dyn Fn() -> bool>::new(is_current);
    let promise: Promise = read.call3(&JsValue::NULL, job, on_progress.as_ref(), is_current.as_ref()).map_err(describe)?.dyn_into().map_err(describe)?;
    let answer = JsFuture::from(promise).await.map_err(describe)?;
    let field = |key: &str| Reflect::get(&answer, &JsValue::from_str(key)).map_err(describe);
    let summary: Uint8Array = field("summary")?.dyn_into().map_err(|_| String::from("the reader gave no summary"))?;
    let parts: Array = field("parts")?.dyn_into().map_err(|_| String::from("the reader gave no parts"))?;
    Answer { summary, parts }.decode()
}

//! Freeing large values after the next frame. Replacing the facts of 100k sessions (or
//! the sessions list's cells) frees millions of small allocations, tens of ms; a memo
//! that replaces one hands a clone of the old value here, so that the page shows the
//! change first and frees the old value in a later task.

/// Time given to the page to show the change before the old value is freed.
const DROP_DELAY_MS: u32 = 100;

pub fn drop_later<T: 'static>(value: T) {
    wasm_bindgen_futures::spawn_local(async move {
        gloo::timers::future::TimeoutFuture::new(DROP_DELAY_MS).await;
        drop(value);
    });
}

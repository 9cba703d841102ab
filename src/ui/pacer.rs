//! Long work on the page's thread in stretches: a turn for the browser (to repaint, to
//! take a click) whenever the current stretch has run long enough. Used by the loader's
//! listing and by the page's own-thread reader.

/// Longest stretch of work between two chances for the page to repaint.
const YIELD_EVERY_MS: f64 = 40.0;

/// Gives the browser a turn when the current stretch of work has run long enough.
pub struct Pacer {
    last_yield_ms: f64,
}

impl Pacer {
    /// A pacer whose first stretch starts now.
    pub fn new() -> Self {
        Pacer { last_yield_ms: js_sys::Date::now() }
    }

    pub async fn maybe_yield(&mut self) {
        if js_sys::Date::now() - self.last_yield_ms >= YIELD_EVERY_MS {
            gloo::timers::future::TimeoutFuture::new(0).await;
            self.last_yield_ms = js_sys::Date::now();
        }
    }
}

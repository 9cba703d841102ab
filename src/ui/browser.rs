//! Small browser facts the page needs: the time zone, the colour scheme, URL
//! parameters, a file's path and the wasm memory's size.

use js_sys::Reflect;
use leptos::prelude::{RwSignal, Set};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::timezone::{parse_time_zone, Tz};
use crate::viewmodel::controls::query_pairs;

/// The browser's own time zone, UTC when it names none.
pub fn browser_time_zone() -> Tz {
    super::zones::own_zone_name().and_then(|name| parse_time_zone(&name).ok()).unwrap_or(Tz::UTC)
}

pub fn prefers_dark() -> bool {
    dark_query().is_some_and(|query| query.matches())
}

fn dark_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window().and_then(|window| window.match_media("(prefers-color-scheme: dark)").ok().flatten())
}

/// Whether the system's colour scheme is dark, following its changes (the charts redraw).
#[derive(Clone, Copy)]
pub struct DarkScheme(pub RwSignal<bool>);

impl DarkScheme {
    /// The scheme now, and a listener for the page's lifetime that follows it.
    pub fn follow() -> DarkScheme {
        let dark = RwSignal::new(prefers_dark());
        if let Some(query) = dark_query() {
            let on_change = Closure::<dyn FnMut()>::new(move || dark.set(prefers_dark()));
            // Without the listener the charts keep the scheme they were drawn in.
            if query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref()).is_ok() {
                on_change.forget();
            }
        }
        DarkScheme(dark)
    }
}

/// A query parameter of the page's URL (`Some("")` for a bare `?demo`).
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    query_pairs(&search).into_iter().find_map(|(key, value)| (key == name).then_some(value))
}

/// The file's path inside a picked folder, or its name.
pub fn file_path(file: &web_sys::File) -> String {
    let relative = Reflect::get(file, &JsValue::from_str("webkitRelativePath")).ok().and_then(|path| path.as_string());
    match relative {
        Some(path) if !path.is_empty() => path,
        _ => file.name(),
    }
}

pub fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// The size of this thread's wasm memory (its high-water mark: it never shrinks).
pub fn wasm_memory_bytes() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|memory| memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as u64)
        .unwrap_or(0)
}

/// The page's clock (ms since it started), or the date's when it has none.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|window| window.performance()).map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// Keeps the page's `scroll-padding-top` at the height of `bar` (a bar that stays at the
/// top): whatever the page scrolls into view (a focused control, a linked heading) stops
/// below it instead of under it.
pub fn pad_scrolling_below(bar: &web_sys::Element) {
    let Some(root) = web_sys::window().and_then(|window| window.document()).and_then(|document| document.document_element()) else { return };
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let Some(entry) = entries.iter().last().and_then(|entry| entry.dyn_into::<web_sys::ResizeObserverEntry>().ok()) else { return };
        let target = entry.target();
        // A bar that is not sticky (a narrow screen) pads nothing.
        let is_sticky = web_sys::window()
            .and_then(|window| window.get_computed_style(&target).ok().flatten())
            .and_then(|style| style.get_property_value("position").ok())
            .is_some_and(|position| position == "sticky");
        let padding_px = if is_sticky { target.get_bounding_client_rect().height().ceil() + 8.0 } else { 0.0 };
        if let Ok(root) = root.clone().dyn_into::<web_sys::HtmlElement>() {
            // Fails only on a read-only style; scrolling then ignores the bar.
            let _ = root.style().set_property("scroll-padding-top", &format!("{padding_px}px"));
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(bar);
        // A later load shows a new bar: the observer of the old one goes.
        let earlier = BAR_OBSERVER.with(|slot| slot.borrow_mut().replace((observer, on_resize)));
        if let Some((earlier, _)) = earlier {
            earlier.disconnect();
        }
    }
}

type BarObserver = (web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

thread_local! {
    static BAR_OBSERVER: std::cell::RefCell<Option<BarObserver>> = const { std::cell::RefCell::new(None) };
}

//! Small browser facts the page needs: the time zone, the colour scheme, URL
//! parameters, a file's path and the wasm memory's size.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

use crate::timezone::{parse_time_zone, Tz};
use crate::viewmodel::controls::query_pairs;

/// The browser's own time zone, UTC when it names none.
pub fn browser_time_zone() -> Tz {
    super::zones::own_zone_name().and_then(|name| parse_time_zone(&name).ok()).unwrap_or(Tz::UTC)
}

pub fn prefers_dark() -> bool {
    web_sys::window().and_then(|window| window.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|query| query.matches())
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

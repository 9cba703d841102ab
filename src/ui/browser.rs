//! Small browser facts the page needs: the time zone, the colour scheme, URL
//! parameters, a file's path and reading a slice of a file.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::timezone::{parse_time_zone, Tz};
use crate::viewmodel::controls::query_pairs;

/// The browser's own time zone, UTC when it names none we know.
pub fn browser_time_zone() -> Tz {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    Reflect::get(&options, &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|zone| zone.as_string())
        .and_then(|name| parse_time_zone(&name).ok())
        .unwrap_or(Tz::UTC)
}

pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|window| window.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|query| query.matches())
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

/// Bytes `start..end` of a file, without reading the rest.
pub async fn read_slice(file: &web_sys::File, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64).map_err(describe)?;
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

pub fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

//! Downloads made in the page: bytes written piece by piece into the browser's memory
//! (a `Blob` of 1 MiB parts, so a large export is never one buffer in the page's wasm
//! memory nor copied whole), then saved through a link to the blob. Nothing leaves
//! the machine: a blob URL names memory of this page.

use std::io::{self, Write};

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use super::browser::describe;

const PART_BYTES: usize = 1 << 20;
/// How long the blob's URL lives after the download started.
const REVOKE_AFTER_MS: u32 = 60_000;

/// A `Write` into the parts of a future `Blob`.
pub struct BlobParts {
    parts: Array,
    buffer: Vec<u8>,
    bytes: u64,
}

impl BlobParts {
    fn new() -> Self {
        BlobParts { parts: Array::new(), buffer: Vec::with_capacity(PART_BYTES), bytes: 0 }
    }

    fn push_buffer(&mut self) {
        if !self.buffer.is_empty() {
            self.parts.push(&Uint8Array::from(self.buffer.as_slice()));
            self.buffer.clear();
        }
    }
}

impl Write for BlobParts {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.bytes += bytes.len() as u64;
        let mut rest = bytes;
        while !rest.is_empty() {
            let room = PART_BYTES - self.buffer.len();
            let (now, later) = rest.split_at(room.min(rest.len()));
            self.buffer.extend_from_slice(now);
            if self.buffer.len() == PART_BYTES {
                self.push_buffer();
            }
            rest = later;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes a file with `write` and has the browser save it as `name`. Returns its size.
pub fn download(name: &str, mime: &str, write: impl FnOnce(&mut BlobParts) -> io::Result<()>) -> Result<u64, String> {
    let mut parts = BlobParts::new();
    write(&mut parts).map_err(|error| format!("could not write {name}: {error}"))?;
    parts.push_buffer();
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts.parts, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let document = web_sys::window().and_then(|window| window.document()).ok_or_else(|| String::from("no document"))?;
    let link: HtmlAnchorElement = document.create_element("a").map_err(describe)?.dyn_into().map_err(|_| String::from("no link element"))?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    wasm_bindgen_futures::spawn_local(async move {
        gloo::timers::future::TimeoutFuture::new(REVOKE_AFTER_MS).await;
        // A URL that cannot be revoked lives until the page closes: nothing to do.
        let _ = Url::revoke_object_url(&url);
    });
    Ok(parts.bytes)
}

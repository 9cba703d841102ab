//! Reading files for the ingest, in order, one read ahead of it. Every file is streamed
//! (`Blob.stream()`) through a "bring your own buffer" reader into two buffers that take
//! turns: while the ingest parses what one holds, the browser fills the other. So reading
//! makes no garbage for the JavaScript collector: a buffer per read (`Blob.arrayBuffer`
//! or the default reader's chunks) piled up tens of MB per worker before a collection
//! (docs/benchmarks-history.md). A file is known to be complete once its size is read, so the next
//! file's first read starts before the last piece of this one is parsed. Small files (up
//! to `ingest::WHOLE_FILE_MAX_BYTES`) are gathered whole, so that a price table among
//! them is recognised by its content; larger ones are fed piece by piece and never held
//! whole. Used by the ingest worker and by the page's own-thread fallback.

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamByobReader, ReadableStreamGetReaderOptions, ReadableStreamReaderMode};

use super::blob_source::BlobSource;
use super::browser::describe;
use super::picked_file::PickedFile;
use crate::ingest::zip::is_zip;
use crate::ingest::{Ingest, WHOLE_FILE_MAX_BYTES};
use crate::model::FileSkip;

/// Size of each of the two read buffers. 1 MiB buffers held 4 MiB of JavaScript memory in
/// two workers, plus the copies in their wasm memory; at 256 KiB the tab's peak over a
/// 200 MB folder was 3–10 MB lower and loads as fast (docs/benchmarks-history.md, session 6).
const BUFFER_BYTES: u32 = 256 * 1024;

/// How a file's reading ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Read,
    /// The browser failed to read it: it is listed as skipped, and never kept.
    Unreadable,
    /// A zip archive too large to read whole, on a thread without a synchronous reader
    /// (the page's own): for a worker to read.
    NeedsWorker,
}

/// What one step of [`ReadAhead::ingest_next`] did.
#[derive(Clone, Copy, Debug, Default)]
pub struct Step {
    pub bytes: u64,
    /// Time spent waiting for the browser to deliver bytes.
    pub read_ms: f64,
    /// Time spent in the ingest.
    pub parse_ms: f64,
    /// The file this step finished (by index in the list), and how.
    pub ended: Option<(usize, Ended)>,
}

/// A read the browser is working on (`None`: the file gave no byte reader).
struct Pending {
    file: usize,
    /// Bytes of the file delivered before this read.
    received_bytes: u64,
    read: Option<(ReadableStreamByobReader, JsFuture)>,
}

/// What a read brought.
enum Delivery {
    /// Bytes, in the returned buffer (`length` of them from its start); the reader
    /// reads on.
    Bytes {
        buffer: ArrayBuffer,
        length: u32,
        reader: ReadableStreamByobReader,
    },
    /// The end of the file (with the buffer handed back).
    End(Option<ArrayBuffer>),
    Failed(String),
}

pub struct ReadAhead<'a> {
    files: &'a [PickedFile],
    next_file: usize,
    pending: Option<Pending>,
    /// Buffers not lent to the browser (at most two are ever made, unless a read fails
    /// and keeps its buffer).
    spares: Vec<ArrayBuffer>,
    /// The small file being gathered whole.
    whole: Vec<u8>,
    /// Where a piece of a large file is copied for the ingest (reused).
    scratch: Vec<u8>,
}

impl<'a> ReadAhead<'a> {
    pub fn new(files: &'a [PickedFile]) -> Self {
        ReadAhead { files, next_file: 0, pending: None, spares: Vec::new(), whole: Vec::new(), scratch: Vec::new() }
    }

    /// Reads the next piece into the ingest (a file that fails to read is listed as
    /// skipped with the reason). `None` once every file was read.
    pub async fn ingest_next(&mut self, ingest: &mut Ingest, person: &str, now_ms: &impl Fn() -> f64) -> Option<Step> {
        if self.pending.is_none() {
            self.open_next();
        }
        let start_ms = now_ms();
        let Pending { file, received_bytes, read } = self.pending.take()?;
        let delivery = match read {
            Some((reader, read)) => deliver(read.await, reader),
            None => Delivery::Failed(String::from("the browser gave no byte reader")),
        };
        let read_end_ms = now_ms();
        let size_bytes = self.files[file].size_bytes;
        let is_whole = size_bytes <= WHOLE_FILE_MAX_BYTES;
        let is_first_of_large = !is_whole && received_bytes == 0;
        if is_first_of_large && delivery.is_zip() {
            if let Delivery::Bytes { buffer, reader, .. } = delivery {
                let _ = reader.cancel();
                self.spares.push(buffer);
            }
            self.open_next();
            let ended = self.read_archive(file, ingest, person);
            let bytes = if ended == Ended::NeedsWorker { 0 } else { size_bytes };
            return Some(Step { bytes, read_ms: read_end_ms - start_ms, parse_ms: now_ms() - read_end_ms, ended: Some((file, ended)) });
        }
        if is_first_of_large && !matches!(delivery, Delivery::Failed(_)) {
            ingest.begin_file(self.path(file), size_bytes, person);
        }
        let mut bytes = 0;
        let mut ended = None;
        match delivery {
            Delivery::Bytes { buffer, length, reader } => {
                bytes = u64::from(length);
                let received_bytes = received_bytes + bytes;
                // The other buffer goes to the browser before this one is parsed.
                if received_bytes < size_bytes {
                    self.request(file, reader, received_bytes);
                } else {
                    // The whole file is here (a picked file cannot change size); the
                    // reader is let go, best effort.
                    let _ = reader.cancel();
                    self.open_next();
                }
                let view = Uint8Array::new_with_byte_offset_and_length(&buffer, 0, length);
                if is_whole {
                    let start = self.whole.len();
                    self.whole.resize(start + length as usize, 0);
                    view.copy_to(&mut self.whole[start..]);
                } else {
                    self.scratch.resize(length as usize, 0);
                    view.copy_to(&mut self.scratch);
                    ingest.feed(&self.scratch);
                }
                self.spares.push(buffer);
                if received_bytes >= size_bytes {
                    self.end_file(file, ingest, person);
                    ended = Some((file, Ended::Read));
                }
            }
            Delivery::End(buffer) => {
                self.spares.extend(buffer);
                self.open_next();
                self.end_file(file, ingest, person);
                ended = Some((file, Ended::Read));
            }
            Delivery::Failed(reason) => {
                self.whole.clear();
                ingest.skip_file(self.path(file), size_bytes, FileSkip::Unreadable(reason));
                self.open_next();
                ended = Some((file, Ended::Unreadable));
            }
        }
        Some(Step { bytes, read_ms: read_end_ms - start_ms, parse_ms: now_ms() - read_end_ms, ended })
    }

    fn path(&self, file: usize) -> &'a str {
        &self.files[file].path
    }

    /// Starts reading the next file, if any (the ingest hears of it when its first
    /// bytes are handed over).
    fn open_next(&mut self) {
        let Some(picked) = self.files.get(self.next_file) else { return };
        let file = self.next_file;
        self.next_file += 1;
        let options = ReadableStreamGetReaderOptions::new();
        options.set_mode(ReadableStreamReaderMode::Byob);
        match picked.file.stream().get_reader_with_options(&options).dyn_into::<ReadableStreamByobReader>() {
            Ok(reader) => self.request(file, reader, 0),
            Err(_) => self.pending = Some(Pending { file, received_bytes: 0, read: None }),
        }
    }

    /// Lends the spare buffer to the browser for the file's next bytes.
    fn request(&mut self, file: usize, reader: ReadableStreamByobReader, received_bytes: u64) {
        let buffer = self.spares.pop().unwrap_or_else(|| ArrayBuffer::new(BUFFER_BYTES));
        let read = JsFuture::from(reader.read_with_array_buffer_view(&Uint8Array::new(&buffer)));
        self.pending = Some(Pending { file, received_bytes, read: Some((reader, read)) });
    }

    /// Reads a large zip archive entry by entry where it lies (small ones are read whole
    /// by the ingest itself); on the page's own thread, which cannot read a file a slice
    /// at a time, it is left for a worker.
    fn read_archive(&mut self, file: usize, ingest: &mut Ingest, person: &str) -> Ended {
        let picked = &self.files[file];
        let Some(mut source) = BlobSource::new(&picked.file, picked.size_bytes) else {
            return Ended::NeedsWorker;
        };
        ingest.archive(&picked.path, person, &mut source);
        if source.has_failed() {
            Ended::Unreadable
        } else {
            Ended::Read
        }
    }

    /// Hands a small file gathered whole to the ingest, or ends a large one.
    fn end_file(&mut self, file: usize, ingest: &mut Ingest, person: &str) {
        if self.files[file].size_bytes > WHOLE_FILE_MAX_BYTES {
            ingest.end_file();
            return;
        }
        ingest.whole_file(self.path(file), person, &self.whole);
        self.whole.clear();
    }
}

impl Delivery {
    /// Whether the bytes brought start as a zip archive does.
    fn is_zip(&self) -> bool {
        match self {
            Delivery::Bytes { buffer, length, .. } => is_zip(&Uint8Array::new_with_byte_offset_and_length(buffer, 0, (*length).min(4)).to_vec()),
            _ => false,
        }
    }
}

/// Reads the `{done, value}` a BYOB read resolves with. A reader that failed is
/// abandoned (cancelling it is best effort).
fn deliver(result: Result<JsValue, JsValue>, reader: ReadableStreamByobReader) -> Delivery {
    let result = match result {
        Ok(result) => result,
        Err(error) => {
            let _ = reader.cancel();
            return Delivery::Failed(describe(error));
        }
    };
    let field = |key: &str| Reflect::get(&result, &JsValue::from_str(key));
    let (Ok(done), Ok(value)) = (field("done"), field("value")) else {
        let _ = reader.cancel();
        return Delivery::Failed(String::from("the browser's read result has no fields"));
    };
    let view = value.dyn_into::<Uint8Array>().ok();
    if done.as_bool() == Some(true) {
        return Delivery::End(view.map(|view| view.buffer()));
    }
    match view {
        Some(view) => Delivery::Bytes { buffer: view.buffer(), length: view.byte_length(), reader },
        None => {
            let _ = reader.cancel();
            Delivery::Failed(String::from("a read brought no bytes"))
        }
    }
}

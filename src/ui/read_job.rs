//! One reading job, as the ingest worker and the page's own-thread reader both run it:
//! the files (with their paths, their sizes and any times the page has read) read in
//! order, one read ahead of the ingest (`read_ahead`), a part per file (`file_parts`);
//! and its answer, encoded: a [`ReadSummary`] and each file's parts, in JavaScript
//! buffers of their own (transferred by the worker, kept in IndexedDB as they are).
//!
//! A job as JavaScript: `{files: File[], paths: string[], sizes: number[], modified:
//! (number|null)[], person: string, canDefer: boolean}` (no time: the page has not read
//! it, nothing being kept, and it is read with the file). The parts hold facts only:
//! price tables found among the files are parts too, and the page prices everything
//! once the parts are merged.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::File;

use super::browser::{describe, wasm_memory_bytes};
use super::file_parts::{FilePart, FileParts, ReadPart};
use super::picked_file::PickedFile;
use super::read_ahead::{Ended, ReadAhead};
use crate::model::FileSkip;
use crate::transport::wire;

/// What a reader hands back besides its parts (each file's parts, as its file says
/// them): where its time went, a description of each file's parts in their order, and
/// the files it left for a worker.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ReadSummary {
    pub timings: ReadTimings,
    pub parts: Vec<FilePart>,
    /// Large zip archives a thread without a synchronous reader cannot read a piece at a
    /// time, by index in the job (only when the job allows it).
    pub deferred: Vec<u32>,
}

/// Where one reader's time went, for the load report and the benchmarks.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ReadTimings {
    /// Waiting for slices of the files (read ahead while the ingest parses).
    pub read_ms: f64,
    /// The core ingest: splitting, parsing, deduplicating, encoding.
    pub parse_ms: f64,
    /// The reader's wasm memory when it finished.
    pub memory_bytes: u64,
}

/// Files to read, and how.
pub struct Job {
    pub files: Vec<PickedFile>,
    pub person: String,
    /// Whether a large zip archive may be left for a worker (else it is listed unread).
    pub can_defer: bool,
}

fn field(data: &JsValue, key: &str) -> Result<JsValue, String> {
    Reflect::get(data, &JsValue::from_str(key)).map_err(describe)
}

fn array(data: &JsValue, key: &str) -> Result<Array, String> {
    field(data, key)?.dyn_into().map_err(|_| format!("a job without {key}"))
}

impl Job {
    /// The job a page posted or passed.
    pub fn from_js(data: &JsValue) -> Result<Job, String> {
        let (files, paths, sizes, times) = (array(data, "files")?, array(data, "paths")?, array(data, "sizes")?, array(data, "modified")?);
        let mut picked = Vec::with_capacity(files.length() as usize);
        for (((file, path), size), modified) in files.iter().zip(paths.iter()).zip(sizes.iter()).zip(times.iter()) {
            let (Ok(file), Some(path), Some(size_bytes)) = (file.dyn_into::<File>(), path.as_string(), size.as_f64()) else {
                return Err(String::from("a job entry is not a file with a path and a size"));
            };
            picked.push(PickedFile { path, file, size_bytes: size_bytes as u64, modified_ms: modified.as_f64().map(|ms| ms as i64) });
        }
        let person = field(data, "person")?.as_string().unwrap_or_default();
        Ok(Job { files: picked, person, can_defer: field(data, "canDefer")?.is_truthy() })
    }

    /// The job as JavaScript, for a worker or the page's reader.
    pub fn to_js(files: &[PickedFile], person: &str, can_defer: bool) -> Result<Object, String> {
        let job = Object::new();
        let file_list: Array = files.iter().map(|file| JsValue::from(file.file.clone())).collect();
        let paths: Array = files.iter().map(|file| JsValue::from_str(&file.path)).collect();
        let sizes: Array = files.iter().map(|file| JsValue::from_f64(file.size_bytes as f64)).collect();
        let times: Array = files.iter().map(|file| file.modified_ms.map_or(JsValue::NULL, |ms| JsValue::from_f64(ms as f64))).collect();
        let fields = [
            ("files", JsValue::from(file_list)),
            ("paths", paths.into()),
            ("sizes", sizes.into()),
            ("modified", times.into()),
            ("person", JsValue::from_str(person)),
            ("canDefer", JsValue::from_bool(can_defer)),
        ];
        for (key, value) in fields {
            Reflect::set(&job, &JsValue::from_str(key), &value).map_err(describe)?;
        }
        Ok(job)
    }
}

/// How a reader spends the time between two steps of a job: reporting progress, giving
/// its thread a turn, and asking whether the job still matters.
pub trait Pace {
    /// After each step, with the bytes done so far; an error ends the job.
    async fn after_step(&mut self, done_bytes: u64) -> Result<(), String>;
}

/// A job's answer, encoded: the summary, and each file's parts in its order.
pub struct Answer {
    pub summary: Uint8Array,
    pub parts: Array,
}

impl Answer {
    /// The buffers to transfer rather than copy.
    pub fn buffers(&self) -> Array {
        let buffers = Array::new();
        buffers.push(&self.summary.buffer());
        for part in self.parts.iter() {
            buffers.push(&part.unchecked_into::<Uint8Array>().buffer());
        }
        buffers
    }

    /// The summary decoded, with each file's parts and their bytes.
    pub fn decode(&self) -> Result<(ReadSummary, Vec<ReadPart>), String> {
        let mut summary = wire::decode::<ReadSummary>(&self.summary.to_vec()).map_err(|error| error.to_string())?;
        if summary.parts.len() != self.parts.length() as usize {
            return Err(String::from("a reader's parts do not match their descriptions"));
        }
        let parts = std::mem::take(&mut summary.parts)
            .into_iter()
            .zip(self.parts.iter())
            .map(|(part, bytes)| ReadPart { part, bytes: bytes.unchecked_into() })
            .collect();
        Ok((summary, parts))
    }

    fn encode(parts: FileParts, timings: ReadTimings, deferred: Vec<u32>) -> Result<Answer, String> {
        let (described, bytes) = parts.split();
        let summary = wire::encode(&ReadSummary { timings, parts: described, deferred }).map_err(|error| error.to_string())?;
        Ok(Answer { summary: Uint8Array::from(summary.as_slice()), parts: bytes })
    }
}

/// Reads the job's files, a part per file.
pub async fn run(job: &Job, clock: &impl Fn() -> f64, pace: &mut impl Pace) -> Result<Answer, String> {
    let mut parts = FileParts::default();
    let mut timings = ReadTimings::default();
    let mut deferred = Vec::new();
    let mut done_bytes = 0;
    let mut reader = ReadAhead::new(&job.files);
    while let Some(step) = reader.ingest_next(parts.ingest(), &job.person, clock).await {
        timings.read_ms += step.read_ms;
        timings.parse_ms += step.parse_ms;
        done_bytes += step.bytes;
        if let Some((file, ended)) = step.ended {
            let part_start_ms = clock();
            let picked = &job.files[file];
            match ended {
                Ended::NeedsWorker if job.can_defer => {
                    parts.file_deferred();
                    deferred.push(file as u32);
                }
                _ => {
                    if ended == Ended::NeedsWorker {
                        // No worker can take it: the file is listed, unread.
                        parts.ingest().skip_file(&picked.path, picked.size_bytes, FileSkip::NeedsWorker);
                    }
                    parts.file_ended(picked.source(), ended == Ended::Read, &job.person)?;
                }
            }
            timings.parse_ms += clock() - part_start_ms;
        }
        pace.after_step(done_bytes).await?;
    }
    timings.memory_bytes = wasm_memory_bytes();
    Answer::encode(parts, timings, deferred)
}

/// Reads files whose text is in memory (the demo's), a part per file.
pub async fn run_in_memory<'a>(
    files: impl IntoIterator<Item = (crate::keep::SourceFile, &'a str, &'a [u8])>,
    clock: &impl Fn() -> f64,
    pace: &mut impl Pace,
) -> Result<Answer, String> {
    let mut parts = FileParts::default();
    let mut timings = ReadTimings::default();
    let mut done_bytes = 0;
    for (source, person, bytes) in files {
        let start_ms = clock();
        parts.ingest().whole_file(&source.path, person, bytes);
        done_bytes += bytes.len() as u64;
        parts.file_ended(source, true, person)?;
        timings.parse_ms += clock() - start_ms;
        pace.after_step(done_bytes).await?;
    }
    timings.memory_bytes = wasm_memory_bytes();
    Answer::encode(parts, timings, Vec::new())
}

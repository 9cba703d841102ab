//! Loading: files picked, dropped or generated go through the core's streaming ingest
//! in slices (in workers, or on the page's thread for a small drop onto kept history),
//! a part per file, with the progress bar updated and the page given time to repaint
//! between slices. The parts are assembled with the kept ones (`assemble`): a small
//! JSON file that is a price table (by content) is a part like any other, and its prices
//! replace the embedded ones for the models it names, now and after a reload. Files
//! read are kept (`keeping`), and a drop reads only what kept history does not already
//! hold.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::assemble::assemble;
use super::browser::{now_ms, wasm_memory_bytes};
use super::file_parts::FileParts;
use super::keeping;
use super::picked_file::PickedFile;
use super::read_ahead::{Ended, ReadAhead};
use super::state::{AppState, Phase, Progress};
use super::worker_host::{ingest_in_workers, HostError, LoadStats, WorkersRead};
use crate::demo::DemoFile;
use crate::ingest::read_parts;
use crate::keep::{plan_drop, DropPlan, SourceFile};
use crate::model::{Dataset, FileSkip};
use crate::transport::{merge_in_order, Assembly};
use crate::viewmodel::load_report::nothing_read;

/// Longest stretch of work between two chances for the page to repaint.
const YIELD_EVERY_MS: f64 = 40.0;
/// A drop onto kept history that reads at most this much (a day's new and grown
/// transcripts) is read on the page's thread, in slices: starting a worker (fetching and
/// compiling its wasm) would take longer than the reading.
const PAGE_READS_UP_TO_BYTES: u64 = 8 * 1024 * 1024;
/// The person label for files a user drops until they name one (the demo names its own
/// people).
pub const DEFAULT_PERSON: &str = "me";

/// Where a load's bytes come from.
pub enum Source {
    Demo(Vec<DemoFile>),
    /// Files picked or dropped, with their paths; their sizes are read once the load
    /// has started (see `size_files`). Only those new or changed since they were kept
    /// are read; the rest come from kept history, with what only it holds.
    Files {
        files: Vec<(String, web_sys::File)>,
        /// Time spent finding them: walking a dropped folder (none for an input, which
        /// the browser lists before the page is told).
        walk_ms: f64,
    },
    /// What kept history holds, with no input (opening the page, forgetting a source).
    Kept,
}

impl Source {
    fn total_bytes(&self) -> u64 {
        match self {
            Source::Demo(files) => files.iter().map(|file| file.text.len() as u64).sum(),
            // Known once the sizes are read.
            Source::Files { .. } | Source::Kept => 0,
        }
    }
}

/// What a load gives: a dataset, or nothing (nothing kept, on opening the page).
type Loaded = Result<Option<Dataset>, String>;

/// Starts a load; the state moves to `Loading`, then `Ready` or `Error`. A newer load
/// or a cancel makes an older one's result be dropped.
pub fn start(state: AppState, source: Source) {
    let generation = state.load_generation.get_untracked() + 1;
    state.load_generation.set(generation);
    state.phase.set(Phase::Loading);
    state.progress.set(Progress { done_bytes: 0, total_bytes: source.total_bytes() });
    state.shows_demo.set(matches!(source, Source::Demo(_)));
    spawn_local(async move {
        let outcome = read(state, source, generation).await;
        if state.load_generation.get_untracked() != generation {
            return;
        }
        match outcome {
            Ok(None) => {
                state.dataset.set(None);
                state.phase.set(Phase::Empty);
            }
            Ok(Some(dataset)) => match nothing_read(&dataset) {
                // The page shows what this load read: nothing, and why.
                Some(message) => {
                    state.dataset.set(None);
                    state.phase.set(Phase::Error(message));
                }
                None => {
                    state.dataset.set(Some(Arc::new(dataset)));
                    state.phase.set(Phase::Ready);
                }
            },
            Err(message) => state.phase.set(Phase::Error(message)),
        }
    });
}

/// Starts a load whose files are still being found (a dropped folder being walked): the
/// page shows it is loading meanwhile, and a cancel or a newer load drops what the walk
/// finds.
pub fn start_when_listed(state: AppState, listing: impl std::future::Future<Output = Result<Vec<(String, web_sys::File)>, String>> + 'static) {
    let generation = state.load_generation.get_untracked() + 1;
    state.load_generation.set(generation);
    state.phase.set(Phase::Loading);
    state.progress.set(Progress { done_bytes: 0, total_bytes: 0 });
    spawn_local(async move {
        let walk_start_ms = now_ms();
        let listed = listing.await;
        if state.load_generation.get_untracked() != generation {
            return;
        }
        match listed {
            Ok(files) => start(state, Source::Files { files, walk_ms: now_ms() - walk_start_ms }),
            Err(message) => state.phase.set(Phase::Error(message)),
        }
    });
}

/// Stops the load in progress; the page goes back to what it showed before.
pub fn cancel(state: AppState) {
    state.load_generation.update(|generation| *generation += 1);
    let has_data = state.dataset.with_untracked(Option::is_some);
    state.phase.set(if has_data { Phase::Ready } else { Phase::Empty });
}

/// Gives the browser a turn when the current stretch of work has run long enough.
struct Pacer {
    last_yield_ms: f64,
}

impl Pacer {
    async fn maybe_yield(&mut self) {
        if js_sys::Date::now() - self.last_yield_ms >= YIELD_EVERY_MS {
            gloo::timers::future::TimeoutFuture::new(0).await;
            self.last_yield_ms = js_sys::Date::now();
        }
    }
}

async fn read(state: AppState, source: Source, generation: u64) -> Loaded {
    let is_current = move || state.load_generation.get_untracked() == generation;
    match source {
        Source::Demo(files) => {
            state.load_stats.set(LoadStats::default());
            read_demo(state, files, &is_current).await.map(Some)
        }
        Source::Files { files, walk_ms } => read_dropped(state, files, walk_ms, &is_current).await.map(Some),
        Source::Kept => {
            let kept = keeping::open_kept(state).await;
            if kept.parts.is_empty() || !is_current() {
                return Ok(None);
            }
            state.load_stats.set(LoadStats::default());
            state.dataset.set(None);
            match assemble(&[], &kept.parts, &state.labels.get_untracked()) {
                Ok(dataset) => Ok(Some(dataset)),
                Err(error) => {
                    keeping::cleared(state, kept, &error.to_string()).await;
                    Ok(None)
                }
            }
        }
    }
}

/// A drop: the files new or changed since they were kept are read (all of them when
/// nothing is kept), merged with the kept parts of the rest, shown, then kept.
async fn read_dropped(state: AppState, mut listed: Vec<(String, web_sys::File)>, walk_ms: f64, is_current: &impl Fn() -> bool) -> Result<Dataset, String> {
    // In path order, as the command line walks them.
    crate::order::sort_by(&mut listed, |a, b| a.0.cmp(&b.0));
    let kept_start_ms = now_ms();
    let mut kept = keeping::open_kept(state).await;
    let kept_ms = now_ms() - kept_start_ms;
    loop {
        let list_start_ms = now_ms();
        let (plan, times) = if kept.parts.is_empty() {
            (DropPlan { read: (0..listed.len()).collect(), ..DropPlan::default() }, Vec::new())
        } else {
            let sources = read_sources(&listed, is_current).await?;
            let times = sources.iter().map(|source| source.modified_ms).collect::<Vec<i64>>();
            (plan_drop(&kept.sources(), &sources), times)
        };
        let chosen = plan.read.iter().map(|index| (listed[*index].0.clone(), listed[*index].1.clone(), times.get(*index).copied()));
        let to_read = size_files(chosen, is_current).await?;
        let list_ms = walk_ms + now_ms() - list_start_ms;
        let total_bytes = to_read.iter().map(|file| file.size_bytes).sum();
        state.progress.set(Progress { done_bytes: 0, total_bytes });
        let read = if !kept.parts.is_empty() && total_bytes <= PAGE_READS_UP_TO_BYTES {
            let (mut read, deferred) = read_on_page(state, &to_read, true, is_current).await?;
            if !deferred.is_empty() {
                // Large zip archives, which only a worker can read a piece at a time.
                let deferred: Vec<PickedFile> = deferred.into_iter().map(|index| to_read[index].clone()).collect();
                read.parts.extend(read_files(state, &deferred, is_current).await?.parts);
            }
            read
        } else {
            read_files(state, &to_read, is_current).await?
        };
        if !is_current() {
            return Err(String::from("cancelled"));
        }
        let merge_start_ms = now_ms();
        // What is shown now is let go first: the merge makes its replacement.
        state.dataset.set(None);
        match assemble(&read.parts, &kept.parts, &state.labels.get_untracked()) {
            Ok(dataset) => {
                state.load_stats.set(LoadStats { list_ms, kept_ms, merge_ms: now_ms() - merge_start_ms, page_memory_bytes: wasm_memory_bytes(), ..read.stats });
                keeping::record_drop(state, &kept, listed.iter().map(|(path, _)| path.as_str()), &plan);
                // Kept once the dashboard is up (the write waits for nothing on the page).
                spawn_local(keeping::keep_read(state, kept, read.parts));
                return Ok(dataset);
            }
            // A kept part was damaged: the store is cleared and every file read.
            Err(error) if !kept.parts.is_empty() => kept = keeping::cleared(state, kept, &error.to_string()).await,
            Err(error) => return Err(error.to_string()),
        }
    }
}

/// Each listed file's last-modified time and size, read in stretches with turns for the
/// page between (the first read of a chosen file's time is a synchronous call into the
/// browser, ~0.1–0.25 ms; its size comes with it).
async fn read_sources(listed: &[(String, web_sys::File)], is_current: &impl Fn() -> bool) -> Result<Vec<SourceFile>, String> {
    let mut pacer = Pacer { last_yield_ms: js_sys::Date::now() };
    let mut times = Vec::with_capacity(listed.len());
    for (path, file) in listed {
        times.push(SourceFile { path: path.clone(), size_bytes: file.size() as u64, modified_ms: file.last_modified() as i64 });
        pacer.maybe_yield().await;
        if !is_current() {
            return Err(String::from("cancelled"));
        }
    }
    Ok(times)
}

/// Reads each chosen file's size in stretches, giving the page its turns: a `File.size`
/// read is a synchronous call into the browser (~0.1–0.25 ms), so a folder of thousands
/// of files would otherwise hold the page for a second before it shows it is loading.
async fn size_files(chosen: impl Iterator<Item = (String, web_sys::File, Option<i64>)>, is_current: &impl Fn() -> bool) -> Result<Vec<PickedFile>, String> {
    let mut pacer = Pacer { last_yield_ms: js_sys::Date::now() };
    let mut files = Vec::new();
    for (path, file, modified_ms) in chosen {
        files.push(PickedFile::new(path, file, modified_ms));
        pacer.maybe_yield().await;
        if !is_current() {
            return Err(String::from("cancelled"));
        }
    }
    Ok(files)
}

/// Files through the ingest workers, or on the page's thread when no worker starts.
async fn read_files(state: AppState, files: &[PickedFile], is_current: &impl Fn() -> bool) -> Result<WorkersRead, String> {
    // Bytes read before (on the page's thread, for files left to a worker) stay counted.
    let done_before = state.progress.get_untracked().done_bytes;
    let on_progress = |done_bytes: u64| state.progress.update(|progress| progress.done_bytes = done_before + done_bytes);
    let person = state.person_label.get_untracked();
    match ingest_in_workers(files, &person, on_progress, is_current).await {
        Ok(read) => Ok(read),
        Err(HostError::Unavailable(reason)) => {
            web_sys::console::warn_1(&format!("reading on the page's thread: the ingest worker did not start ({reason})").into());
            read_on_page(state, files, false, is_current).await.map(|(read, _)| read)
        }
        Err(HostError::Failed(reason)) => Err(reason),
    }
}

/// The demo: generated text through the same ingest and assembly, on the page's thread.
async fn read_demo(state: AppState, mut files: Vec<DemoFile>, is_current: &impl Fn() -> bool) -> Result<Dataset, String> {
    crate::order::sort_by(&mut files, |a, b| a.path.cmp(&b.path));
    let mut parts = Vec::with_capacity(files.len());
    let mut pacer = Pacer { last_yield_ms: js_sys::Date::now() };
    for file in files {
        parts.extend(read_parts(&file.path, &file.person, file.text.as_bytes(), 0));
        state.progress.update(|progress| progress.done_bytes += file.text.len() as u64);
        pacer.maybe_yield().await;
        if !is_current() {
            return Err(String::from("cancelled"));
        }
    }
    Ok(merge_in_order(parts, Assembly::default()))
}

/// Files read on the page's thread in slices, a part per file as the workers read them,
/// yielding so the page stays responsive (a small drop onto kept history, or when the
/// worker cannot start). A large zip archive, which this thread cannot read a piece at a
/// time, is left for a worker when `can_defer` (its index is handed back), else listed
/// as unread.
async fn read_on_page(state: AppState, files: &[PickedFile], can_defer: bool, is_current: &impl Fn() -> bool) -> Result<(WorkersRead, Vec<usize>), String> {
    let mut parts = FileParts::default();
    let mut deferred = Vec::new();
    let mut pacer = Pacer { last_yield_ms: js_sys::Date::now() };
    let mut reader = ReadAhead::new(files);
    let person = state.person_label.get_untracked();
    while let Some(step) = reader.ingest_next(parts.ingest(), &person, &js_sys::Date::now).await {
        match step.ended {
            Some((file, Ended::NeedsWorker)) if can_defer => {
                parts.file_deferred();
                deferred.push(file);
            }
            Some((file, ended)) => {
                let picked = &files[file];
                if ended == Ended::NeedsWorker {
                    parts.ingest().skip_file(&picked.path, picked.size_bytes, FileSkip::NeedsWorker);
                }
                parts.file_ended(picked, ended == Ended::Read, &person)?;
            }
            None => {}
        }
        state.progress.update(|progress| progress.done_bytes += step.bytes);
        pacer.maybe_yield().await;
        if !is_current() {
            return Err(String::from("cancelled"));
        }
    }
    Ok((WorkersRead { parts: parts.into_parts(), stats: LoadStats::default() }, deferred))
}

/// Files of a `FileList` (from an `<input type=file>`), with their paths.
pub fn input_files(list: Option<web_sys::FileList>) -> Vec<(String, web_sys::File)> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|index| list.get(index)).map(|file| (super::browser::file_path(&file), file)).collect()
}

//! Reading folders and files from disk into the ingest, in chunks, in a stable order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use super::cache::PartCache;
use super::progress::Progress;
use super::CliError;
use crate::ingest::zip::{is_zip, Seekable};
use crate::ingest::{stamp_time, Ingest, WHOLE_FILE_MAX_BYTES};
use crate::model::{Dataset, PersonLabels};
use crate::pricing::PriceTable;
use crate::transport::{Assembly, DatasetMerger, SourceFile};

const CHUNK_BYTES: usize = 1 << 20;

/// Reads every file under the paths, each labelled with its person, a part per file (or
/// archive entry) merged in the order walked, then priced (`transport::Assembly`): the
/// same steps the page takes. As on the page, a file of up to `WHOLE_FILE_MAX_BYTES` is
/// read whole, so that a price table among them is recognised by content; the table a
/// command line names with `--prices` is laid over everything. The files are read on
/// every core (`read_in_parallel`); the merge takes their parts in the walk's order, so
/// the result is the same as one core's.
pub fn ingest_paths(
    paths: &[(String, String)],
    named_prices: Option<PriceTable>,
    cache: Option<&PartCache>,
    progress: &mut Progress,
) -> Result<Dataset, CliError> {
    let mut files = Vec::new();
    for (path, person) in paths {
        let mut found = Vec::new();
        collect_files(Path::new(path), &mut found)?;
        files.extend(found.into_iter().map(|file| (file, person.as_str())));
    }
    let mut merger = DatasetMerger::default();
    let (total, mut done, mut bytes) = (files.len(), 0, 0);
    let read = read_in_parallel(&files, cache, |parts, size_bytes| {
        for part in parts {
            merger.add(part);
        }
        done += 1;
        bytes += size_bytes;
        progress.update(done, total, bytes);
    });
    progress.finish();
    read?;
    let mut dataset = merger.finish(&PersonLabels::NONE);
    Assembly { named_prices: named_prices.as_ref(), ..Assembly::default() }.price(&mut dataset);
    Ok(dataset)
}

/// Reads `files` on up to one thread per core, each with an ingest of its own, and hands
/// each file's parts to `take` in the order of `files` (a file read early waits for
/// those before it). The first file that cannot be read ends the reading.
fn read_in_parallel(files: &[(PathBuf, &str)], cache: Option<&PartCache>, mut take: impl FnMut(Vec<Dataset>, u64)) -> Result<(), CliError> {
    let threads = std::thread::available_parallelism().map_or(1, |count| count.get()).min(files.len()).max(1);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<(usize, Result<(Vec<Dataset>, u64), CliError>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, failed) = (&next, &failed);
            scope.spawn(move || {
                let mut ingest = Ingest::new();
                let mut buffer = vec![0u8; CHUNK_BYTES];
                while !failed.load(Ordering::Relaxed) {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, person)) = files.get(index) else { break };
                    let parts = read_one(&mut ingest, path, person, cache, &mut buffer);
                    failed.fetch_or(parts.is_err(), Ordering::Relaxed);
                    if sender.send((index, parts)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting: BTreeMap<usize, (Vec<Dataset>, u64)> = BTreeMap::new();
        let mut next_to_take = 0;
        for (index, read) in receiver {
            waiting.insert(index, read?);
            while let Some((parts, size_bytes)) = waiting.remove(&next_to_take) {
                take(parts, size_bytes);
                next_to_take += 1;
            }
        }
        Ok(())
    })
}

/// One file's parts, stamped with its modification time, and its size: kept ones when the
/// cache has them for the file as it is, else read (and kept).
fn read_one(ingest: &mut Ingest, path: &Path, person: &str, cache: Option<&PartCache>, buffer: &mut [u8]) -> Result<(Vec<Dataset>, u64), CliError> {
    let display = path.display().to_string();
    let read_error = |source| CliError::Read { path: display.clone(), source };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    let modified_ms = metadata.modified().ok().and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |since| since.as_millis() as i64);
    let source = SourceFile { path: display.clone(), size_bytes: metadata.len(), modified_ms };
    // Where the file really is, so the same relative path elsewhere is another entry.
    let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if let Some(parts) = cache.and_then(|cache| cache.load(&real, &source, person)) {
        return Ok((parts, source.size_bytes));
    }
    let mut file = File::open(path).map_err(read_error)?;
    read_file(ingest, &mut file, &display, person, metadata.len(), buffer).map_err(read_error)?;
    let mut parts = ingest.take_parts();
    stamp_time(&mut parts, modified_ms);
    if let Some(cache) = cache {
        cache.store(&real, &source, person, &parts);
    }
    Ok((parts, source.size_bytes))
}

/// Reads one file into the ingest (its parts are then the ingest's to take).
fn read_file(ingest: &mut Ingest, file: &mut File, display: &str, person: &str, size_bytes: u64, buffer: &mut [u8]) -> std::io::Result<()> {
    if size_bytes <= WHOLE_FILE_MAX_BYTES {
        let mut whole = Vec::with_capacity(size_bytes as usize);
        file.read_to_end(&mut whole)?;
        ingest.whole_file(display, person, &whole);
        return Ok(());
    }
    let first = file.read(buffer)?;
    if is_zip(&buffer[..first]) {
        // Its entries are read from where they lie, a piece at a time.
        let mut source = Seekable::new(&mut *file).map_err(std::io::Error::other)?;
        ingest.archive(display, person, &mut source);
        return Ok(());
    }
    ingest.begin_file(display, size_bytes, person);
    let mut count = first;
    while count > 0 {
        ingest.feed(&buffer[..count]);
        count = file.read(buffer)?;
    }
    ingest.end_file();
    Ok(())
}

/// Every file under `path` (or `path` itself), sorted by path.
pub fn collect_files(path: &Path, files: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let read_error = |source| CliError::Read { path: path.display().to_string(), source };
    if !path.is_dir() {
        std::fs::metadata(path).map_err(read_error)?;
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(path).map_err(read_error)?.map(|entry| entry.map(|e| e.path())).collect::<Result<_, _>>().map_err(read_error)?;
    entries.sort();
    for entry in entries {
        collect_files(&entry, files)?;
    }
    Ok(())
}

//! Reading folders and files from disk into the ingest, in chunks, in a stable order.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::CliError;
use crate::ingest::zip::{is_zip, Seekable};
use crate::ingest::{stamp_time, Ingest, WHOLE_FILE_MAX_BYTES};
use crate::model::{Dataset, PersonLabels};
use crate::pricing::PriceTable;
use crate::transport::{Assembly, DatasetMerger};

const CHUNK_BYTES: usize = 1 << 20;

/// Reads every file under the paths, each labelled with its person, a part per file (or
/// archive entry) merged in the order walked, then priced (`transport::Assembly`): the
/// same steps the page takes. As on the page, a file of up to `WHOLE_FILE_MAX_BYTES` is
/// read whole, so that a price table among them is recognised by content; the table a
/// command line names with `--prices` is laid over everything.
pub fn ingest_paths(paths: &[(String, String)], named_prices: Option<PriceTable>) -> Result<Dataset, CliError> {
    let mut files = Vec::new();
    for (path, person) in paths {
        let mut found = Vec::new();
        collect_files(Path::new(path), &mut found)?;
        files.extend(found.into_iter().map(|file| (file, person.as_str())));
    }
    let mut ingest = Ingest::new();
    let mut merger = DatasetMerger::default();
    let mut buffer = vec![0u8; CHUNK_BYTES];
    for (path, person) in files {
        let display = path.display().to_string();
        let read_error = |source| CliError::Read { path: display.clone(), source };
        let mut file = File::open(&path).map_err(read_error)?;
        let metadata = file.metadata().map_err(read_error)?;
        let modified_ms = metadata.modified().ok().and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |since| since.as_millis() as i64);
        read_file(&mut ingest, &mut file, &display, person, metadata.len(), &mut buffer).map_err(read_error)?;
        let mut parts = ingest.take_parts();
        stamp_time(&mut parts, modified_ms);
        for part in parts {
            merger.add(part);
        }
    }
    let mut dataset = merger.finish(&PersonLabels::NONE);
    Assembly { named_prices: named_prices.as_ref(), ..Assembly::default() }.price(&mut dataset);
    Ok(dataset)
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

//! Reading folders and files from disk into the ingest, in chunks, in a stable order.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::CliError;
use crate::ingest::zip::{is_zip, Seekable};
use crate::ingest::{Ingest, WHOLE_FILE_MAX_BYTES};
use crate::model::Dataset;
use crate::pricing::{load_prices, PriceTable};

const CHUNK_BYTES: usize = 1 << 20;

/// Reads every file under the paths, each labelled with its person. As on the page, a
/// file of up to `WHOLE_FILE_MAX_BYTES` is read whole, so that a price table among them
/// is recognised by content; the prices are then `pricing::load_prices` of the tables
/// found and the one `--prices` named.
pub fn ingest_paths(paths: &[(String, String)], named_prices: Option<PriceTable>) -> Result<Dataset, CliError> {
    let mut files = Vec::new();
    for (path, person) in paths {
        let mut found = Vec::new();
        collect_files(Path::new(path), &mut found)?;
        files.extend(found.into_iter().map(|file| (file, person.as_str())));
    }
    let mut ingest = Ingest::new();
    let mut buffer = vec![0u8; CHUNK_BYTES];
    let mut found_tables = Vec::new();
    for (path, person) in files {
        let display = path.display().to_string();
        let read_error = |source| CliError::Read { path: display.clone(), source };
        let mut file = File::open(&path).map_err(read_error)?;
        let size_bytes = file.metadata().map_err(read_error)?.len();
        if size_bytes <= WHOLE_FILE_MAX_BYTES {
            let mut whole = Vec::with_capacity(size_bytes as usize);
            file.read_to_end(&mut whole).map_err(read_error)?;
            found_tables.extend(ingest.whole_file(&display, person, &whole));
            continue;
        }
        let first = file.read(&mut buffer).map_err(read_error)?;
        if is_zip(&buffer[..first]) {
            // Its entries are read from where they lie, a piece at a time.
            let mut source = Seekable::new(file).map_err(|reason| CliError::Read { path: display.clone(), source: std::io::Error::other(reason) })?;
            found_tables.extend(ingest.archive(&display, person, &mut source));
            continue;
        }
        ingest.begin_file(&display, size_bytes, person);
        let mut count = first;
        while count > 0 {
            ingest.feed(&buffer[..count]);
            count = file.read(&mut buffer).map_err(read_error)?;
        }
        ingest.end_file();
    }
    Ok(ingest.finish(&load_prices(found_tables, named_prices)))
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

//! Reading folders and files from disk into the ingest, in chunks, in a stable order.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::CliError;
use crate::ingest::Ingest;
use crate::model::Dataset;
use crate::pricing::PriceTable;

const CHUNK_BYTES: usize = 1 << 20;

/// Reads every file under the paths, each labelled with its person.
pub fn ingest_paths(paths: &[(String, String)], prices: &PriceTable) -> Result<Dataset, CliError> {
    let mut files = Vec::new();
    for (path, person) in paths {
        let mut found = Vec::new();
        collect_files(Path::new(path), &mut found)?;
        files.extend(found.into_iter().map(|file| (file, person.as_str())));
    }
    let mut ingest = Ingest::new();
    let mut buffer = vec![0u8; CHUNK_BYTES];
    for (path, person) in files {
        let display = path.display().to_string();
        let read_error = |source| CliError::Read { path: display.clone(), source };
        let mut file = File::open(&path).map_err(read_error)?;
        let size_bytes = file.metadata().map_err(read_error)?.len();
        ingest.begin_file(&display, size_bytes, person);
        loop {
            let count = file.read(&mut buffer).map_err(read_error)?;
            if count == 0 {
                break;
            }
            ingest.feed(&buffer[..count]);
        }
        ingest.end_file();
    }
    Ok(ingest.finish(prices))
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

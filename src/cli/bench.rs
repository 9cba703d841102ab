//! `bench`: native parse throughput. Files are read into memory first, so the figure is
//! the ingest's own speed (line splitting, pre-filter, JSON, dedupe, pricing), not the
//! disk's. Prints the best and the median of five runs.

use std::path::Path;
use std::time::Instant;

use super::{walk, CliError};
use crate::ingest::{Ingest, SLICE_BYTES};
use crate::model::PersonLabels;
use crate::transport::{Assembly, DatasetMerger};

const RUNS: usize = 5;

pub fn parse_throughput(paths: &[(String, String)]) -> Result<String, CliError> {
    let mut files = Vec::new();
    for (path, _) in paths {
        walk::collect_files(Path::new(path), &mut files)?;
    }
    let person = super::args::DEFAULT_PERSON;
    let mut contents = Vec::with_capacity(files.len());
    for path in &files {
        let bytes = std::fs::read(path).map_err(|source| CliError::Read { path: path.display().to_string(), source })?;
        contents.push((path.display().to_string(), bytes));
    }
    let total_bytes: usize = contents.iter().map(|(_, bytes)| bytes.len()).sum();
    let mut seconds = Vec::with_capacity(RUNS);
    let mut requests = 0;
    let mut events = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut ingest = Ingest::new();
        let mut merger = DatasetMerger::default();
        for (path, bytes) in &contents {
            ingest.begin_file(path, bytes.len() as u64, person);
            for chunk in bytes.chunks(SLICE_BYTES as usize) {
                ingest.feed(chunk);
            }
            ingest.end_file();
            for part in ingest.take_parts() {
                merger.add(part);
            }
        }
        let mut dataset = merger.finish(&PersonLabels::NONE);
        Assembly::default().price(&mut dataset);
        seconds.push(start.elapsed().as_secs_f64());
        requests = dataset.requests.len();
        events = dataset.events.len();
    }
    seconds.sort_by(f64::total_cmp);
    let megabytes = total_bytes as f64 / 1e6;
    Ok(format!(
        "{} files, {megabytes:.1} MB, {requests} requests, {events} events\nbest {:.1} MB/s ({:.3} s), median {:.1} MB/s ({:.3} s) over {RUNS} runs\n",
        contents.len(),
        megabytes / seconds[0],
        seconds[0],
        megabytes / seconds[RUNS / 2],
        seconds[RUNS / 2],
    ))
}

//! Fuzz target: any bytes after the marker that makes the ingest take a dropped file
//! for a git log (`git log --numstat` in the README's format): the git log parser and
//! the outcomes its commits refine.
#![no_main]

#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use session_lens::ingest::Ingest;
use session_lens::pricing::PriceTable;

const GIT_LOG_MARKER: &[u8] = b"session-lens-commit ";

fuzz_target!(|data: &[u8]| {
    let mut ingest = Ingest::new();
    ingest.begin_file("projects/-home-fuzz/commits.log", (GIT_LOG_MARKER.len() + data.len()) as u64, "fuzz");
    if !data.starts_with(GIT_LOG_MARKER) {
        ingest.feed(GIT_LOG_MARKER);
    }
    ingest.feed(data);
    let dataset = session_lens::transport::assemble_ingest(ingest, PriceTable::embedded());
    checks::check_dataset(&dataset);
});

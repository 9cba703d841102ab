//! Fuzz target: a dropped file that is gzip-compressed or a git log (recognised by
//! content), read through the ingest as the page reads it: the gzip reader, the git log
//! parser, and what follows them. The first byte picks which the rest is given as.
#![no_main]

#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use session_lens::ingest::Ingest;
use session_lens::pricing::PriceTable;

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const GIT_LOG_MARKER: &[u8] = b"session-lens-commit ";

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    // Inputs that already start as they should are taken as they are.
    let prefix: &[u8] = match kind % 3 {
        0 if !rest.starts_with(GZIP_MAGIC) => GZIP_MAGIC,
        1 if !rest.starts_with(GIT_LOG_MARKER) => GIT_LOG_MARKER,
        _ => &[],
    };
    let mut ingest = Ingest::new();
    ingest.begin_file("projects/-home-fuzz/dropped.log", (prefix.len() + rest.len()) as u64, "fuzz");
    ingest.feed(prefix);
    for chunk in rest.chunks(4096) {
        ingest.feed(chunk);
    }
    let dataset = ingest.finish(PriceTable::embedded());
    checks::check_dataset(&dataset);
});

//! Fuzz target: any bytes as a dropped zip archive (the directory reader, the zip64
//! fields, the entries' local headers, stored and deflated data, the bomb checks, and
//! each entry's bytes into the ingest): it must end with a dataset whose lists hold
//! together, listing what it could not read, never panic.
#![no_main]

#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use session_lens::ingest::zip::InMemory;
use session_lens::ingest::Ingest;
use session_lens::pricing::PriceTable;

fuzz_target!(|data: &[u8]| {
    let mut ingest = Ingest::new();
    ingest.archive("projects.zip", "fuzz", &mut InMemory(data));
    let dataset = session_lens::transport::assemble_ingest(ingest, PriceTable::embedded());
    checks::check_dataset(&dataset);
    assert!(!dataset.files.is_empty(), "an archive read nothing and listed nothing");
});

//! Fuzz target: any bytes as one dropped transcript file (the Claude Code line parser,
//! the line splitter, the format sniffing and the price-table recogniser), fed in chunks
//! whose size the first byte picks, so line ends fall across chunk boundaries.
#![no_main]

#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use session_lens::ingest::Ingest;
use session_lens::pricing::PriceTable;

const PATH: &str = "projects/-home-fuzz/session.jsonl";

fuzz_target!(|data: &[u8]| {
    let Some((&chunk_byte, bytes)) = data.split_first() else { return };
    let chunk_bytes = usize::from(chunk_byte).max(1);
    let mut ingest = Ingest::new();
    let prices = match PriceTable::recognise(bytes) {
        Some(table) => PriceTable::embedded().overridden_by(table),
        None => PriceTable::embedded().clone(),
    };
    ingest.begin_file(PATH, bytes.len() as u64, "fuzz");
    for chunk in bytes.chunks(chunk_bytes) {
        ingest.feed(chunk);
    }
    let dataset = session_lens::transport::assemble_ingest(ingest, &prices);
    checks::check_dataset(&dataset);
});

//! Fuzz target: any bytes as an export (the JSON reader and its bounds) and as a report
//! carrying one.
#![no_main]

#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use session_lens::export::read::{decode, decode_report};

fuzz_target!(|data: &[u8]| {
    if let Ok(dataset) = decode(data, "fuzz.json") {
        checks::check_dataset(&dataset);
    }
    if let Ok(dataset) = decode_report(data, "fuzz.html") {
        checks::check_dataset(&dataset);
    }
});

//! Fuzz target: any bytes as another tool's records: raw (the seeds are ccusage reports,
//! AgileFlow states and JSON session-metrics logs, recognised by their first bytes), or
//! after a YAML session-metrics entry (first byte odd), so the YAML reader sees whatever
//! documents follow. Read once and again with a copy under another name (the same records,
//! once), the records shown beside the transcripts' figures, and written to an export
//! that reads back to the same records.
#![no_main]

#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use session_lens::export::read::decode;
use session_lens::export::{write_export, ExportOptions};
use session_lens::ingest::Ingest;
use session_lens::metrics::selection::Filters;
use session_lens::metrics::Settings;
use session_lens::pricing::PriceTable;
use session_lens::viewmodel::dashboard::Dashboard;
use session_lens::viewmodel::external::{external_view, transcript_days};

const YAML_ENTRY: &[u8] = b"session_id: fuzz\nstart_time: 2026-01-02T03:04:05Z\nmetrics:\n  loc_accepted: 3\n---\n";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else { return };
    let file: Vec<u8> = if mode % 2 == 1 { [YAML_ENTRY, bytes].concat() } else { bytes.to_vec() };
    let read = |paths: &[&str]| {
        let mut ingest = Ingest::new();
        for path in paths {
            ingest.begin_file(path, file.len() as u64, "fuzz");
            ingest.feed(&file);
        }
        session_lens::transport::assemble_ingest(ingest, PriceTable::embedded())
    };
    let once = read(&["records/one.json"]);
    checks::check_dataset(&once);
    let twice = read(&["records/one.json", "copies/two.json"]);
    assert_eq!(once.external, twice.external, "a copy of the file changed the records");
    let settings = Settings::default();
    let dashboard = Dashboard::unfiltered(&once, &settings);
    let covered = transcript_days(&once, settings.time_zone);
    let view = external_view(&once, &dashboard, &Filters::default(), &settings, chrono::NaiveDate::default(), &covered);
    assert!(view.reported_cost_usd.is_finite() && view.reported_cost_usd >= 0.0, "reported cost {}", view.reported_cost_usd);
    let mut written = Vec::new();
    let options = ExportOptions { redaction: session_lens::export::schema::Redaction { include_text: true, hash_paths: false }, ..ExportOptions::default() };
    write_export(&once, &options, &mut written).expect("an export writes into memory");
    let again = decode(&written, "export.json").expect("the export reads back");
    assert_eq!(again.external, once.external, "the export changed the records");
});

//! Shared body of the per-agent fuzz targets: bytes as one file at the path the agent
//! writes, fed in chunks the first byte sizes, then a second copy of the same bytes under
//! another path (the dedupe across files: a fork, an archived copy, a `.json` beside a
//! `.jsonl`), and the dataset checked.

use session_lens::ingest::Ingest;
use session_lens::pricing::PriceTable;

pub fn run(data: &[u8], path: &str, copy_path: &str) {
    let Some((&chunk_byte, bytes)) = data.split_first() else { return };
    let chunk_bytes = usize::from(chunk_byte).max(1);
    let read = |paths: &[&str]| {
        let mut ingest = Ingest::new();
        for path in paths {
            ingest.begin_file(path, bytes.len() as u64, "fuzz");
            for chunk in bytes.chunks(chunk_bytes) {
                ingest.feed(chunk);
            }
        }
        session_lens::transport::assemble_ingest(ingest, PriceTable::embedded())
    };
    let once = read(&[path]);
    super::checks::check_dataset(&once);
    // The same file twice counts once.
    let twice = read(&[path, copy_path]);
    super::checks::check_dataset(&twice);
    let tokens = |dataset: &session_lens::model::Dataset| dataset.requests.iter().map(|r| r.usage.total_tokens()).sum::<u64>();
    assert_eq!(tokens(&once), tokens(&twice), "a copy of the file added tokens");
}

//! The ingest takes bytes in chunks of any size: every split gives the same dataset
//! as feeding each file whole.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use session_lens::ingest::Ingest;
use session_lens::model::Dataset;
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;

fn ingest_in_chunks(files: &[(String, Vec<u8>)], chunk_sizes: &[usize]) -> Dataset {
    let mut ingest = Ingest::new();
    let mut sizes = chunk_sizes.iter().cycle();
    for (path, bytes) in files {
        ingest.begin_file(path, bytes.len() as u64, "me");
        let mut rest = bytes.as_slice();
        while !rest.is_empty() {
            let size = (*sizes.next().unwrap_or(&1)).clamp(1, rest.len());
            let (chunk, tail) = rest.split_at(size);
            ingest.feed(chunk);
            rest = tail;
        }
        ingest.end_file();
    }
    session_lens::transport::assemble_ingest(ingest, PriceTable::embedded())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]
    #[test]
    fn any_chunk_split_gives_the_same_dataset(sizes in proptest::collection::vec(1usize..70_000, 1..8)) {
        let files = common::read_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"));
        let whole = ingest_files(files.iter().map(|(p, b)| (p.as_str(), "me", b.as_slice())), PriceTable::embedded());
        proptest::prop_assert_eq!(ingest_in_chunks(&files, &sizes), whole);
    }
}

#[test]
fn one_byte_chunks_give_the_same_dataset() {
    let files = common::read_tree(&common::fixture("real/claude-code-log"));
    let whole = ingest_files(files.iter().map(|(p, b)| (p.as_str(), "me", b.as_slice())), PriceTable::embedded());
    assert_eq!(ingest_in_chunks(&files, &[1]), whole);
    assert!(whole.diagnostics.skipped_lines() > 0, "this fixture has bad lines, so their diagnostics are compared too");
}

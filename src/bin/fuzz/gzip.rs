//! Fuzz target: any bytes as a gzip stream for the ingest's gzip reader (`.json.gz`
//! exports, `.jsonl.gz` transcripts), fed in chunks the first byte sizes: it must end
//! with the inflated bytes or an error, never panic, and never let a stream inflate
//! past its bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use session_lens::ingest::gunzip::{Gunzip, GZIP_MAGIC};

/// The reader's own bound (200 times the compressed size, plus 16 MB) with room for
/// the last chunk it inflated before it stopped.
const MOST_BYTES: usize = 200 * 8192 + (16 << 20) + (8 << 20);

fuzz_target!(|data: &[u8]| {
    let Some((&chunk_byte, rest)) = data.split_first() else { return };
    let chunk_bytes = usize::from(chunk_byte).max(1);
    let mut stream = Vec::with_capacity(rest.len() + 2);
    if !rest.starts_with(GZIP_MAGIC) {
        stream.extend_from_slice(GZIP_MAGIC);
    }
    stream.extend_from_slice(rest);
    let mut gunzip = Gunzip::new();
    let mut inflated = Vec::new();
    for chunk in stream.chunks(chunk_bytes) {
        if gunzip.inflate(chunk, &mut inflated).is_err() {
            return;
        }
        assert!(inflated.len() <= MOST_BYTES, "inflated {} bytes", inflated.len());
    }
    if gunzip.finish(&mut inflated).is_ok() {
        assert!(inflated.len() <= MOST_BYTES, "inflated {} bytes", inflated.len());
    }
});

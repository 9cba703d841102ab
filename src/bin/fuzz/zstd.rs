//! Fuzz target: the zstd reader (`rollout-*.jsonl.zst`). The first byte picks the chunk
//! size; the second, whether the rest is taken as it is (behind the magic bytes) or first
//! compressed with one byte of the compressed stream changed (near-valid frames, which
//! reach the block decoders). It must end with the decoded bytes or an error, never
//! panic, and never decode past its bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use session_lens::ingest::unzstd::{Unzstd, ZSTD_MAGIC};

fuzz_target!(|data: &[u8]| {
    let [chunk_byte, mode, rest @ ..] = data else { return };
    let mut stream = Vec::new();
    if mode & 1 == 0 {
        if !rest.starts_with(ZSTD_MAGIC) {
            stream.extend_from_slice(ZSTD_MAGIC);
        }
        stream.extend_from_slice(rest);
    } else {
        stream = ruzstd::encoding::compress_to_vec(rest, ruzstd::encoding::CompressionLevel::Fastest);
        let position = usize::from(mode >> 1) * stream.len() / 128;
        if let Some(byte) = stream.get_mut(position).filter(|_| mode & 2 == 0) {
            *byte ^= rest.first().copied().unwrap_or(0x55) | 1;
        }
    }
    let mut unzstd = Unzstd::new();
    for chunk in stream.chunks(usize::from(*chunk_byte).max(1)) {
        if unzstd.push(chunk).is_err() {
            return;
        }
    }
    let bound = stream.len() * 200 + (16 << 20) + (1 << 20);
    let mut decoded = 0usize;
    let _ = unzstd.decode(|piece| {
        decoded += piece.len();
        assert!(decoded <= bound, "decoded {decoded} bytes from {}", stream.len());
    });
});

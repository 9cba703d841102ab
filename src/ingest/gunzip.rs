//! Gzip-compressed files (`.json.gz` exports, `.jsonl.gz` transcripts), recognised by
//! their magic bytes and inflated as they arrive (miniz_oxide, pure Rust, in the page
//! too), never held whole. A stream that inflates beyond `MAX_RATIO` times what has
//! arrived (plus a margin) is stopped: a gzip bomb is not read.

use std::io::Write;

use flate2::write::MultiGzDecoder;

pub const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
/// Largest expansion let through (text compresses 5–20 times).
const MAX_RATIO: u64 = 200;
const MARGIN_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug)]
pub struct Gunzip {
    decoder: MultiGzDecoder<Vec<u8>>,
    compressed_bytes: u64,
    inflated_bytes: u64,
}

impl Default for Gunzip {
    fn default() -> Self {
        Gunzip::new()
    }
}

impl Gunzip {
    pub fn new() -> Self {
        Gunzip { decoder: MultiGzDecoder::new(Vec::new()), compressed_bytes: 0, inflated_bytes: 0 }
    }

    /// Inflates a chunk; what it gave is appended to `out`.
    pub fn inflate(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        self.compressed_bytes += chunk.len() as u64;
        self.decoder.write_all(chunk).map_err(|error| format!("the gzip data is damaged ({error})"))?;
        self.take(out)
    }

    /// The end of the compressed bytes: the rest of the inflated ones.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), String> {
        self.decoder.try_finish().map_err(|error| format!("the gzip data ends early or is damaged ({error})"))?;
        self.take(out)
    }

    fn take(&mut self, out: &mut Vec<u8>) -> Result<(), String> {
        let inflated = self.decoder.get_mut();
        self.inflated_bytes += inflated.len() as u64;
        if self.inflated_bytes > self.compressed_bytes.saturating_mul(MAX_RATIO) + MARGIN_BYTES {
            inflated.clear();
            return Err(format!(
                "the gzip data inflates to more than {MAX_RATIO} times its size (over {} MB from {} KB): not read, it looks like a gzip bomb",
                self.inflated_bytes / 1_000_000,
                self.compressed_bytes / 1000
            ));
        }
        out.append(inflated);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).expect("compresses");
        encoder.finish().expect("finishes")
    }

    #[test]
    fn inflates_in_any_chunks() {
        let text: Vec<u8> = (0..20_000).flat_map(|n: u32| format!("line {n}\n").into_bytes()).collect();
        let compressed = gzip(&text);
        for chunk in [1, 7, 4096, compressed.len()] {
            let mut gunzip = Gunzip::new();
            let mut out = Vec::new();
            for piece in compressed.chunks(chunk) {
                gunzip.inflate(piece, &mut out).expect("inflates");
            }
            gunzip.finish(&mut out).expect("ends");
            assert_eq!(out, text, "chunks of {chunk}");
        }
    }

    #[test]
    fn a_bomb_is_stopped_and_damage_reported() {
        let compressed = gzip(&vec![b'a'; 64 * 1024 * 1024]);
        assert!(compressed.len() < 200_000);
        let mut gunzip = Gunzip::new();
        let mut out = Vec::new();
        let error = compressed.chunks(4096).try_for_each(|piece| gunzip.inflate(piece, &mut out)).expect_err("stopped");
        assert!(error.contains("gzip bomb"), "{error}");
        assert!(out.len() as u64 <= MARGIN_BYTES + 200 * compressed.len() as u64);
        let mut damaged = gzip(b"hello world, hello world");
        let end = damaged.len() - 6;
        damaged[12..end].iter_mut().for_each(|byte| *byte ^= 0x55);
        let mut gunzip = Gunzip::new();
        let outcome = gunzip.inflate(&damaged, &mut Vec::new()).and_then(|()| gunzip.finish(&mut Vec::new()));
        assert!(outcome.is_err());
    }
}

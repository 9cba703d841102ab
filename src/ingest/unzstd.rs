//! Zstandard-compressed files (Codex ≥ 0.137 recompresses an idle rollout in place as
//! `rollout-*.jsonl.zst`), recognised by their magic bytes and decoded with ruzstd (pure
//! Rust, so the page decodes them too). The compressed bytes are gathered (rollouts
//! compress to a few MB) and decoded at the file's end a piece at a time, handed on as
//! they come; decoding stops at `MAX_RATIO` times the compressed size (a zstd bomb).

use ruzstd::decoding::StreamingDecoder;
use ruzstd::io::Read;

pub const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];
/// Largest compressed file read (it is held whole until its end).
pub const MAX_COMPRESSED_BYTES: u64 = 512 << 20;
/// Largest expansion let through, as for gzip.
const MAX_RATIO: u64 = 200;
const MARGIN_BYTES: u64 = 16 * 1024 * 1024;
/// Decoded bytes handed on at a time.
const PIECE_BYTES: usize = 1 << 20;

#[derive(Debug, Default)]
pub struct Unzstd {
    compressed: Vec<u8>,
}

/// Skippable frames (`0x184D2A50`–`0x184D2A5F`): metadata, stepped over.
fn skippable_length(source: &[u8]) -> Option<usize> {
    let magic = u32::from_le_bytes(source.get(..4)?.try_into().ok()?);
    let length = u32::from_le_bytes(source.get(4..8)?.try_into().ok()?);
    (magic & 0xffff_fff0 == 0x184d_2a50).then_some(8 + length as usize)
}

impl Unzstd {
    pub fn new() -> Self {
        Unzstd::default()
    }

    /// Gathers compressed bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), String> {
        if self.compressed.len() as u64 + chunk.len() as u64 > MAX_COMPRESSED_BYTES {
            self.compressed = Vec::new();
            return Err(format!("zstd file larger than {} MB: not read", MAX_COMPRESSED_BYTES >> 20));
        }
        self.compressed.extend_from_slice(chunk);
        Ok(())
    }

    /// Decodes every frame, handing the decoded bytes to `each` a piece at a time.
    pub fn decode(self, mut each: impl FnMut(&[u8])) -> Result<(), String> {
        let limit = (self.compressed.len() as u64).saturating_mul(MAX_RATIO) + MARGIN_BYTES;
        let mut decoded_bytes = 0u64;
        let mut piece = vec![0u8; PIECE_BYTES];
        let mut source: &[u8] = &self.compressed;
        while !source.is_empty() {
            if let Some(length) = skippable_length(source) {
                source = source.get(length..).ok_or("the zstd data ends inside a skippable frame")?;
                continue;
            }
            let mut decoder = StreamingDecoder::new(&mut source).map_err(|error| format!("the zstd data is damaged ({error})"))?;
            loop {
                let read = decoder.read(&mut piece).map_err(|error| format!("the zstd data ends early or is damaged ({error})"))?;
                if read == 0 {
                    break;
                }
                decoded_bytes += read as u64;
                if decoded_bytes > limit {
                    return Err(format!(
                        "the zstd data decodes to more than {MAX_RATIO} times its size (over {} MB from {} KB): not read, it looks like a zstd bomb",
                        decoded_bytes / 1_000_000,
                        self.compressed.len() / 1000
                    ));
                }
                each(&piece[..read]);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compress(bytes: &[u8]) -> Vec<u8> {
        ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
    }

    fn decoded(unzstd: Unzstd) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        unzstd.decode(|piece| out.extend_from_slice(piece)).map(|()| out)
    }

    #[test]
    fn decodes_frames_pushed_in_any_chunks() {
        let text: Vec<u8> = (0..50_000).flat_map(|n: u32| format!("{{\"line\":{n}}}\n").into_bytes()).collect();
        let mut compressed = compress(&text);
        // A skippable frame and a second frame after the first.
        compressed.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
        compressed.extend(compress(b"tail\n"));
        for chunk in [1, 4096, compressed.len()] {
            let mut unzstd = Unzstd::new();
            compressed.chunks(chunk).try_for_each(|piece| unzstd.push(piece)).expect("gathers");
            let mut expected = text.clone();
            expected.extend_from_slice(b"tail\n");
            assert_eq!(decoded(unzstd).expect("decodes"), expected, "chunks of {chunk}");
        }
    }

    #[test]
    fn a_bomb_is_stopped_and_damage_reported() {
        let compressed = compress(&vec![b'a'; 64 * 1024 * 1024]);
        assert!(compressed.len() < 100_000, "{}", compressed.len());
        let mut unzstd = Unzstd::new();
        unzstd.push(&compressed).expect("gathers");
        let error = decoded(unzstd).expect_err("stopped");
        assert!(error.contains("zstd bomb"), "{error}");
        let mut damaged = compress(b"hello world, hello world, hello world");
        let end = damaged.len();
        damaged.truncate(end - 3);
        let mut unzstd = Unzstd::new();
        unzstd.push(&damaged).expect("gathers");
        assert!(decoded(unzstd).is_err());
    }
}

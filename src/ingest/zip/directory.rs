//! A zip archive's central directory: where it lies (the end record, or the zip64 one
//! for large archives) and what it lists. Read from the archive's tail, never from the
//! entries' own headers, which a streaming writer leaves without sizes.

use super::source::ArchiveSource;

const END_SIGNATURE: u32 = 0x0605_4b50;
const END_BYTES: usize = 22;
const ZIP64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const ZIP64_LOCATOR_BYTES: usize = 20;
const ZIP64_END_SIGNATURE: u32 = 0x0606_4b50;
const ZIP64_END_BYTES: usize = 56;
const ENTRY_SIGNATURE: u32 = 0x0201_4b50;
const ENTRY_BYTES: usize = 46;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
pub const LOCAL_BYTES: usize = 30;
/// The longest comment an end record can carry.
const MAX_COMMENT_BYTES: usize = 0xffff;
/// A directory larger than this is not read (a million entries take about 100 MB).
pub const MAX_DIRECTORY_BYTES: u64 = 256 * 1024 * 1024;

/// One entry the central directory lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZipEntry {
    /// The name as stored (folders separated by `/`).
    pub name: String,
    pub method: u16,
    pub flags: u16,
    pub crc32: u32,
    pub compressed_bytes: u64,
    pub uncompressed_bytes: u64,
    /// Where its local header starts.
    pub header_offset: u64,
}

impl ZipEntry {
    pub fn is_folder(&self) -> bool {
        self.name.ends_with('/')
    }

    pub fn is_encrypted(&self) -> bool {
        self.flags & 1 != 0
    }
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    bytes.get(at..at + 2).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).map_or(0, |b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
}

fn read(source: &mut impl ArchiveSource, offset: u64, len: usize) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0; len];
    source.read_at(offset, &mut bytes)?;
    Ok(bytes)
}

/// Where the central directory lies and how many entries it says it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DirectorySpan {
    offset: u64,
    len_bytes: u64,
    entries: u64,
}

/// Finds the end record (searching back over a comment) and, where its fields are full,
/// the zip64 record.
fn directory_span(source: &mut impl ArchiveSource) -> Result<DirectorySpan, String> {
    let archive_bytes = source.len_bytes();
    if archive_bytes < END_BYTES as u64 {
        return Err(String::from("too short to be a zip archive"));
    }
    let tail_bytes = archive_bytes.min((END_BYTES + MAX_COMMENT_BYTES + ZIP64_LOCATOR_BYTES) as u64);
    let tail_offset = archive_bytes - tail_bytes;
    let tail = read(source, tail_offset, tail_bytes as usize)?;
    let end_at = (0..=tail.len() - END_BYTES)
        .rev()
        .find(|at| u32_at(&tail, *at) == END_SIGNATURE && *at + END_BYTES + usize::from(u16_at(&tail, at + 20)) == tail.len())
        .or_else(|| (0..=tail.len() - END_BYTES).rev().find(|at| u32_at(&tail, *at) == END_SIGNATURE))
        .ok_or_else(|| String::from("no zip directory at its end (not a zip archive, or cut short)"))?;
    let end = &tail[end_at..];
    if u16_at(end, 4) != 0 || u16_at(end, 6) != 0 {
        return Err(String::from("a zip archive split over several files: not read (join the parts first)"));
    }
    let mut span = DirectorySpan { offset: u64::from(u32_at(end, 16)), len_bytes: u64::from(u32_at(end, 12)), entries: u64::from(u16_at(end, 10)) };
    let needs_zip64 = u16_at(end, 10) == 0xffff || u32_at(end, 12) == 0xffff_ffff || u32_at(end, 16) == 0xffff_ffff;
    if needs_zip64 || (end_at >= ZIP64_LOCATOR_BYTES && u32_at(&tail, end_at - ZIP64_LOCATOR_BYTES) == ZIP64_LOCATOR_SIGNATURE) {
        let locator = end_at.checked_sub(ZIP64_LOCATOR_BYTES).map(|at| &tail[at..end_at]).filter(|locator| u32_at(locator, 0) == ZIP64_LOCATOR_SIGNATURE);
        let Some(locator) = locator else {
            return Err(String::from("its zip directory is damaged (a zip64 archive without its zip64 locator)"));
        };
        let record = read(source, u64_at(locator, 8), ZIP64_END_BYTES)?;
        if u32_at(&record, 0) != ZIP64_END_SIGNATURE {
            return Err(String::from("its zip directory is damaged (no zip64 record where its locator points)"));
        }
        span = DirectorySpan { offset: u64_at(&record, 48), len_bytes: u64_at(&record, 40), entries: u64_at(&record, 32) };
    }
    if span.offset.checked_add(span.len_bytes).is_none_or(|end| end > archive_bytes) {
        return Err(String::from("its zip directory points past the end of the file (cut short?)"));
    }
    if span.len_bytes > MAX_DIRECTORY_BYTES {
        return Err(format!("its zip directory is larger than {} MB: not read", MAX_DIRECTORY_BYTES >> 20));
    }
    Ok(span)
}

/// The entries the central directory lists, in its order.
pub fn read_directory(source: &mut impl ArchiveSource) -> Result<Vec<ZipEntry>, String> {
    let span = directory_span(source)?;
    let bytes = read(source, span.offset, span.len_bytes as usize)?;
    let mut entries = Vec::with_capacity(span.entries.min(1 << 20) as usize);
    let mut at = 0;
    while at + ENTRY_BYTES <= bytes.len() && u32_at(&bytes, at) == ENTRY_SIGNATURE {
        let record = &bytes[at..];
        let name_len = usize::from(u16_at(record, 28));
        let extra_len = usize::from(u16_at(record, 30));
        let comment_len = usize::from(u16_at(record, 32));
        let next = at + ENTRY_BYTES + name_len + extra_len + comment_len;
        if next > bytes.len() {
            return Err(format!("its zip directory is damaged (entry {} runs past it)", entries.len() + 1));
        }
        let name_bytes = &record[ENTRY_BYTES..ENTRY_BYTES + name_len];
        let extra = &record[ENTRY_BYTES + name_len..ENTRY_BYTES + name_len + extra_len];
        let mut entry = ZipEntry {
            name: String::from_utf8_lossy(name_bytes).replace('\\', "/"),
            method: u16_at(record, 10),
            flags: u16_at(record, 8),
            crc32: u32_at(record, 16),
            compressed_bytes: u64::from(u32_at(record, 20)),
            uncompressed_bytes: u64::from(u32_at(record, 24)),
            header_offset: u64::from(u32_at(record, 42)),
        };
        apply_zip64_extra(&mut entry, extra);
        entries.push(entry);
        at = next;
    }
    if (entries.len() as u64) < span.entries.min(0xffff) {
        return Err(format!("its zip directory is damaged (it lists {} entries, {} could be read)", span.entries, entries.len()));
    }
    Ok(entries)
}

/// The zip64 extra field gives the 64-bit values of the fields that are full.
fn apply_zip64_extra(entry: &mut ZipEntry, mut extra: &[u8]) {
    while extra.len() >= 4 {
        let (id, len) = (u16_at(extra, 0), usize::from(u16_at(extra, 2)));
        let Some(data) = extra.get(4..4 + len) else { return };
        if id == 0x0001 {
            let mut at = 0;
            for field in [&mut entry.uncompressed_bytes, &mut entry.compressed_bytes, &mut entry.header_offset] {
                if *field == 0xffff_ffff && at + 8 <= data.len() {
                    *field = u64_at(data, at);
                    at += 8;
                }
            }
            return;
        }
        extra = &extra[4 + len..];
    }
}

/// Where an entry's data starts, from its local header (whose name and extra field
/// lengths may differ from the directory's).
pub fn data_offset(source: &mut impl ArchiveSource, entry: &ZipEntry) -> Result<u64, String> {
    let header = read(source, entry.header_offset, LOCAL_BYTES)?;
    if u32_at(&header, 0) != LOCAL_SIGNATURE {
        return Err(String::from("its local header is missing (the archive is damaged)"));
    }
    Ok(entry.header_offset + LOCAL_BYTES as u64 + u64::from(u16_at(&header, 26)) + u64::from(u16_at(&header, 28)))
}

/// The entries of an archive without its directory (cut short), found by walking the
/// entries' own headers from the start: every entry whose header gives its sizes and
/// whose data lies wholly in the file. The walk ends at the first that does not.
pub fn scan_local_headers(source: &mut impl ArchiveSource) -> Vec<ZipEntry> {
    let mut entries = Vec::new();
    let mut offset = 0u64;
    while offset + LOCAL_BYTES as u64 <= source.len_bytes() {
        let Ok(header) = read(source, offset, LOCAL_BYTES) else { break };
        if u32_at(&header, 0) != LOCAL_SIGNATURE {
            break;
        }
        let flags = u16_at(&header, 6);
        let (name_len, extra_len) = (usize::from(u16_at(&header, 26)), usize::from(u16_at(&header, 28)));
        let Ok(names) = read(source, offset + LOCAL_BYTES as u64, name_len + extra_len) else { break };
        let mut entry = ZipEntry {
            name: String::from_utf8_lossy(&names[..name_len]).replace('\\', "/"),
            method: u16_at(&header, 8),
            flags,
            crc32: u32_at(&header, 14),
            compressed_bytes: u64::from(u32_at(&header, 18)),
            uncompressed_bytes: u64::from(u32_at(&header, 22)),
            header_offset: offset,
        };
        apply_zip64_extra(&mut entry, &names[name_len..]);
        // Sizes written after the data (a streaming writer): where it ends is unknown.
        if flags & 0x08 != 0 {
            break;
        }
        let data_end = (offset + (LOCAL_BYTES + name_len + extra_len) as u64).checked_add(entry.compressed_bytes);
        let Some(data_end) = data_end.filter(|end| *end <= source.len_bytes()) else { break };
        offset = data_end;
        entries.push(entry);
    }
    entries
}

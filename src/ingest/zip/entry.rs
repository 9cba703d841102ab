//! One entry's bytes: read from the archive a piece at a time, inflated when deflated,
//! handed on as they come, never more than its directory says it holds, and checked
//! against its CRC at the end.

use flate2::{Crc, Decompress, FlushDecompress, Status};

use super::directory::ZipEntry;
use super::source::ArchiveSource;

pub const STORED: u16 = 0;
pub const DEFLATED: u16 = 8;
/// Compressed bytes read from the archive at a time.
const READ_BYTES: usize = 256 * 1024;
/// Inflated bytes handed on at a time.
const OUT_BYTES: usize = 256 * 1024;

/// Reads `entry`'s data (from `data_offset`) into `sink`.
pub fn read_entry(source: &mut impl ArchiveSource, entry: &ZipEntry, data_offset: u64, mut sink: impl FnMut(&[u8])) -> Result<(), String> {
    if data_offset.checked_add(entry.compressed_bytes).is_none_or(|end| end > source.len_bytes()) {
        return Err(String::from("its data runs past the end of the archive (cut short?)"));
    }
    let mut crc = Crc::new();
    let mut pass_on = |piece: &[u8]| {
        crc.update(piece);
        sink(piece);
    };
    match entry.method {
        STORED if entry.compressed_bytes != entry.uncompressed_bytes => {
            return Err(String::from("stored, but its two sizes differ (the archive is damaged)"));
        }
        STORED => copy_stored(source, entry, data_offset, &mut pass_on)?,
        DEFLATED => inflate(source, entry, data_offset, &mut pass_on)?,
        other => return Err(format!("compressed with zip method {other} (only stored and deflated entries are read)")),
    }
    if crc.amount() as u64 != entry.uncompressed_bytes & 0xffff_ffff {
        return Err(format!("it inflates to {} bytes, not the {} its directory gives (the archive is damaged)", crc.amount(), entry.uncompressed_bytes));
    }
    if crc.sum() != entry.crc32 {
        return Err(String::from("its CRC does not match its data (the archive is damaged)"));
    }
    Ok(())
}

fn copy_stored(source: &mut impl ArchiveSource, entry: &ZipEntry, data_offset: u64, pass_on: &mut impl FnMut(&[u8])) -> Result<(), String> {
    let mut buffer = vec![0; READ_BYTES];
    let mut done = 0;
    while done < entry.compressed_bytes {
        let len = (entry.compressed_bytes - done).min(READ_BYTES as u64) as usize;
        source.read_at(data_offset + done, &mut buffer[..len])?;
        pass_on(&buffer[..len]);
        done += len as u64;
    }
    Ok(())
}

fn inflate(source: &mut impl ArchiveSource, entry: &ZipEntry, data_offset: u64, pass_on: &mut impl FnMut(&[u8])) -> Result<(), String> {
    let mut inflater = Decompress::new(false);
    let mut input = vec![0; READ_BYTES];
    let mut output = vec![0; OUT_BYTES];
    let mut read_bytes = 0;
    let mut finished = false;
    while !finished {
        let len = (entry.compressed_bytes - read_bytes).min(READ_BYTES as u64) as usize;
        source.read_at(data_offset + read_bytes, &mut input[..len])?;
        read_bytes += len as u64;
        let is_last = read_bytes == entry.compressed_bytes;
        let mut taken = 0;
        loop {
            let (in_before, out_before) = (inflater.total_in(), inflater.total_out());
            // (`Finish` would want room for all the rest at once.)
            let status = inflater
                .decompress(&input[taken..len], &mut output, FlushDecompress::None)
                .map_err(|error| format!("its deflated data is damaged ({error})"))?;
            taken += (inflater.total_in() - in_before) as usize;
            let produced = (inflater.total_out() - out_before) as usize;
            // Never more than the directory says: an entry that lies about its size is
            // how a zip bomb gets past a check of its header.
            if inflater.total_out() > entry.uncompressed_bytes {
                return Err(format!("it inflates to more than the {} bytes its directory gives: not read, it looks like a zip bomb", entry.uncompressed_bytes));
            }
            pass_on(&output[..produced]);
            if status == Status::StreamEnd {
                finished = true;
                break;
            }
            if produced == 0 && taken == len {
                break;
            }
            if produced == 0 && inflater.total_in() == in_before {
                return Err(String::from("its deflated data is damaged (the inflater made no progress)"));
            }
        }
        if is_last && !finished {
            return Err(String::from("its deflated data ends early (the archive is damaged)"));
        }
    }
    Ok(())
}

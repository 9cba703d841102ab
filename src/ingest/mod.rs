//! Ingest: bytes of transcript files in, a part per file out.
//!
//! Files arrive one at a time, in chunks of any size (`begin_file`, `feed`…,
//! `end_file`). The kind of a file is recognised from its content, not its name: its
//! first bytes say whether it is gzip-compressed (`gunzip`, then recognised again) or
//! a document read whole (a Session Lens export or report, `document`); anything else
//! is read line by line, never held whole, its format recognised from the first line
//! that parses (one adapter module per format). What is format-neutral (dedupe within
//! a file, claims) lives in `builder`.
//!
//! Each file (each entry of a zip archive) ends as its own part: a [`Dataset`] of what
//! that file says and nothing else ([`Ingest::take_parts`]). Parts are merged, joined
//! and priced by `transport`, the same for every path a file comes by.

mod archive;
mod builder;
pub mod checks;
mod claude;
mod codex;
mod counts;
mod detect;
mod document;
mod external;
pub mod failing_tests;
mod format;
mod gemini;
mod git_log;
pub mod gunzip;
mod id_keys;
mod line_errors;
mod lines;
pub mod partition;
pub mod unzstd;
mod whole;
pub mod zip;

pub use lines::{Line, LineSplitter};

use crate::model::{Agent, Dataset, FileOutcome, FileReport, FileSkip};
use crate::pricing::{FoundPrices, PriceTable};
use builder::DatasetBuilder;
use document::{DocumentKind, MAX_DOCUMENT_BYTES, SNIFF_BYTES};
use format::{on_line, Format};
use gunzip::{Gunzip, GZIP_MAGIC};
use unzstd::{Unzstd, ZSTD_MAGIC};
pub use whole::{read_parts, stamp_time};
use zip::ZIP_MAGIC;

/// Lines longer than this are reported and dropped (real lines with pasted images
/// reach a few MB; a 50 MB line is not a transcript line).
pub const MAX_LINE_BYTES: usize = 32 * 1024 * 1024;
/// Files up to this size are read whole, so a price table among them is recognised by
/// content (`Ingest::whole_file`); larger ones are streamed.
pub const WHOLE_FILE_MAX_BYTES: u64 = 1024 * 1024;
/// Chunk size for feeding larger files read from disk (the command line).
pub const SLICE_BYTES: u64 = 4 * 1024 * 1024;
/// Lines read without recognising a format before a file is given up as unknown.
const DETECTION_LINES: usize = 20;
/// How far into a file a NUL byte marks it as binary.
const BINARY_PROBE_BYTES: usize = SNIFF_BYTES;

/// How a file's (inflated) bytes are taken.
#[derive(Debug)]
enum Stage {
    /// Its first bytes are gathered until its kind can be told.
    Sniffing(Vec<u8>),
    /// Gathered whole, to be read at its end.
    Document(DocumentKind, Vec<u8>),
    /// A Gemini CLI chat, gathered whole and read into the builder at its end.
    Chat(Vec<u8>),
    /// Read line by line (`OpenFile::format`).
    Lines,
}

#[derive(Debug)]
struct OpenFile {
    path: String,
    person: String,
    size_bytes: u64,
    bytes_seen: u64,
    /// Bytes that went into the line splitter (after inflating).
    line_bytes_seen: u64,
    gzip: Option<Gunzip>,
    /// A zstd file's compressed bytes, decoded at its end.
    zstd: Option<Unzstd>,
    stage: Stage,
    splitter: LineSplitter,
    format: Format,
    /// Lines of a file read whole (the splitter never saw them).
    chat_lines: u64,
}

/// A load in progress.
#[derive(Debug, Default)]
pub struct Ingest {
    /// What the open file has given so far.
    builder: DatasetBuilder,
    open: Option<OpenFile>,
    /// The parts of the files ended and not yet taken.
    parts: Vec<Dataset>,
    /// Reused for inflated bytes.
    inflated: Vec<u8>,
}

impl Ingest {
    pub fn new() -> Self {
        Ingest::default()
    }

    /// Starts a file. `person` labels every conversation read from it.
    pub fn begin_file(&mut self, path: &str, size_bytes: u64, person: &str) {
        self.end_file();
        self.open = Some(OpenFile {
            path: path.to_owned(),
            person: person.to_owned(),
            size_bytes,
            bytes_seen: 0,
            line_bytes_seen: 0,
            gzip: None,
            zstd: None,
            stage: Stage::Sniffing(Vec::new()),
            splitter: LineSplitter::new(MAX_LINE_BYTES),
            format: Format::Undecided { failed_lines: Vec::new(), lines_seen: 0 },
            chat_lines: 0,
        });
    }

    /// Records a file the reader failed on. Lines already read from it are kept; the
    /// file is listed as skipped with the reason.
    pub fn skip_file(&mut self, path: &str, size_bytes: u64, reason: FileSkip) {
        if let Some(file) = self.open.as_mut().filter(|file| file.path == path) {
            file.format = match &file.format {
                format if format.has_read() => Format::Skipped(reason.after_lines(Some(file.bytes_seen))),
                _ => Format::Skipped(reason),
            };
            file.stage = Stage::Lines;
            // A skipped file's unfinished last line is not read.
            self.end_file();
            return;
        }
        self.end_file();
        self.builder.file_report(FileReport {
            path: path.to_owned(),
            size_bytes,
            line_count: 0,
            outcome: FileOutcome::Skipped { reason },
            skipped_lines: Default::default(),
            imported_from: None,
        });
        self.close_part();
    }

    /// A price table read whole (recognised by content): its file's part holds it.
    pub fn price_table(&mut self, path: &str, size_bytes: u64, table: PriceTable) {
        self.end_file();
        let report = FileReport {
            path: path.to_owned(),
            size_bytes,
            line_count: 0,
            outcome: FileOutcome::Prices { models: table.models.len() as u64 },
            skipped_lines: Default::default(),
            imported_from: None,
        };
        self.parts.push(Dataset {
            files: vec![report],
            price_tables: vec![FoundPrices { path: path.to_owned(), modified_ms: 0, table }],
            ..Dataset::default()
        });
    }

    /// The parts of the files ended since the last call, in the order they ended.
    pub fn take_parts(&mut self) -> Vec<Dataset> {
        std::mem::take(&mut self.parts)
    }

    /// Ends the builder's file: what it gave becomes that file's part.
    fn close_part(&mut self) {
        let builder = std::mem::take(&mut self.builder);
        self.parts.push(builder.finish());
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        let Some(file) = self.open.as_mut() else { return };
        file.bytes_seen += chunk.len() as u64;
        if matches!(file.format, Format::Skipped(_)) {
            return;
        }
        if let Some(zstd) = file.zstd.as_mut() {
            if let Err(reason) = zstd.push(chunk) {
                self.stop_file(FileSkip::Compressed(reason));
            }
            return;
        }
        match file.gzip.as_mut() {
            None => self.take(chunk),
            Some(gunzip) => {
                let mut inflated = std::mem::take(&mut self.inflated);
                match gunzip.inflate(chunk, &mut inflated) {
                    Ok(()) => self.take(&inflated),
                    Err(reason) => self.stop_file(FileSkip::Compressed(reason)),
                }
                inflated.clear();
                self.inflated = inflated;
            }
        }
    }

    /// Takes (inflated) bytes of the open file as its stage says.
    fn take(&mut self, bytes: &[u8]) {
        let Some(file) = self.open.as_mut() else { return };
        match &mut file.stage {
            Stage::Sniffing(head) => {
                head.extend_from_slice(bytes);
                if head.len() >= SNIFF_BYTES {
                    self.decide();
                }
            }
            Stage::Document(_, whole) | Stage::Chat(whole) => {
                if whole.len() as u64 + bytes.len() as u64 > MAX_DOCUMENT_BYTES {
                    let limit_mb = MAX_DOCUMENT_BYTES >> 20;
                    let reason = match &file.stage {
                        Stage::Document(kind, _) => FileSkip::ImportTooLarge { kind: kind.label().to_owned(), limit_mb },
                        _ => FileSkip::ChatTooLarge { limit_mb },
                    };
                    self.stop_file(reason);
                } else {
                    whole.extend_from_slice(bytes);
                }
            }
            Stage::Lines => self.feed_lines(bytes),
        }
    }

    /// Tells the open file's kind from the bytes gathered so far.
    fn decide(&mut self) {
        let Some(file) = self.open.as_mut() else { return };
        let Stage::Sniffing(head) = std::mem::replace(&mut file.stage, Stage::Lines) else { return };
        if file.gzip.is_none() && head.starts_with(GZIP_MAGIC) {
            file.gzip = Some(Gunzip::new());
            file.stage = Stage::Sniffing(Vec::new());
            // The compressed bytes were counted as they came.
            file.bytes_seen -= head.len() as u64;
            return self.feed(&head);
        }
        if file.gzip.is_none() && file.zstd.is_none() && head.starts_with(ZSTD_MAGIC) {
            file.zstd = Some(Unzstd::new());
            file.stage = Stage::Sniffing(Vec::new());
            file.bytes_seen -= head.len() as u64;
            return self.feed(&head);
        }
        // The kind is told from the first bytes only: the head may hold a whole chunk of
        // megabytes, and looking through all of it for markers cost 5 % of a load.
        let sniffed = &head[..head.len().min(SNIFF_BYTES)];
        match document::recognise(sniffed) {
            Some(kind) => file.stage = Stage::Document(kind, head),
            None if gemini::recognises(sniffed) => file.stage = Stage::Chat(head),
            None => self.feed_lines(&head),
        }
    }

    /// Stops reading the open file: it is listed as skipped with the reason (lines read
    /// from it before are kept).
    fn stop_file(&mut self, reason: FileSkip) {
        if let Some(file) = self.open.as_mut() {
            file.format = match &file.format {
                format if format.has_read() => Format::Skipped(reason.after_lines(None)),
                _ => Format::Skipped(reason),
            };
            file.stage = Stage::Lines;
        }
    }

    fn feed_lines(&mut self, chunk: &[u8]) {
        let Some(file) = self.open.as_mut() else { return };
        if file.line_bytes_seen == 0 && chunk.starts_with(ZIP_MAGIC) {
            file.format = Format::Skipped(FileSkip::NestedArchive);
        }
        if file.line_bytes_seen < BINARY_PROBE_BYTES as u64 {
            let probe_len = chunk.len().min(BINARY_PROBE_BYTES - file.line_bytes_seen as usize);
            if memchr::memchr(0, &chunk[..probe_len]).is_some() && matches!(file.format, Format::Undecided { .. }) {
                file.format = Format::Skipped(FileSkip::Binary);
            }
        }
        file.line_bytes_seen += chunk.len() as u64;
        if matches!(file.format, Format::Skipped(_)) {
            return;
        }
        let OpenFile { path, person, splitter, format, .. } = file;
        let builder = &mut self.builder;
        splitter.feed(chunk, &mut |line| on_line(builder, path, person, format, line));
    }

    /// Ends the current file (also done by `begin_file` and `finish`).
    pub fn end_file(&mut self) {
        // A small file still being sniffed: is it compressed? (Its head then goes into
        // the decoder, and what that gives is sniffed below.)
        let is_plain = |file: &OpenFile| file.gzip.is_none() && file.zstd.is_none();
        if self.open.as_ref().is_some_and(|file| is_plain(file) && matches!(file.stage, Stage::Sniffing(_))) {
            self.decide();
        }
        if let Some(zstd) = self.open.as_mut().and_then(|file| file.zstd.take()) {
            let skipped = self.open.as_ref().is_some_and(|file| matches!(file.format, Format::Skipped(_)));
            if !skipped {
                if let Err(reason) = zstd.decode(|piece| self.take(piece)) {
                    self.stop_file(FileSkip::Compressed(reason));
                }
            }
        }
        let gzip_end = self.open.as_mut().and_then(|file| file.gzip.as_mut()).map(|gunzip| {
            let mut rest = Vec::new();
            gunzip.finish(&mut rest).map(|()| rest)
        });
        match gzip_end {
            Some(Ok(rest)) => self.take(&rest),
            Some(Err(reason)) if self.open.as_ref().is_some_and(|file| !matches!(file.format, Format::Skipped(_))) => {
                self.stop_file(FileSkip::Compressed(reason))
            }
            _ => {}
        }
        if self.open.as_ref().is_some_and(|file| matches!(file.stage, Stage::Sniffing(_))) {
            self.decide();
        }
        let Some(mut file) = self.open.take() else { return };
        match std::mem::replace(&mut file.stage, Stage::Lines) {
            Stage::Document(kind, whole) => match document::read(kind, &whole, &file.path, &file.person) {
                Ok(dataset) => return self.parts.push(dataset),
                Err(error) => {
                    let reason = FileSkip::Import { kind: kind.label().to_owned(), detail: error.to_string() };
                    if matches!(kind, DocumentKind::External(_)) {
                        // Its first bytes looked like another tool's records; its lines
                        // may still be a transcript's.
                        return self.lines_of_document(file, &whole, reason);
                    }
                    file.format = Format::Skipped(reason);
                }
            },
            Stage::Chat(whole) if !matches!(file.format, Format::Skipped(_)) => {
                file.line_bytes_seen = whole.len() as u64;
                file.format = match gemini::read(&mut self.builder, &file.path, &file.person, &whole) {
                    Ok(()) => Format::Whole(Agent::Gemini),
                    Err(reason) => Format::Skipped(FileSkip::Malformed(reason)),
                };
                file.chat_lines = memchr::memchr_iter(b'\n', &whole).count() as u64 + u64::from(!whole.ends_with(b"\n") && !whole.is_empty());
            }
            _ => {}
        }
        if matches!(file.format, Format::Claude(_) | Format::Codex(_) | Format::Undecided { .. }) {
            let OpenFile { path, person, splitter, format, .. } = &mut file;
            let builder = &mut self.builder;
            splitter.finish(&mut |line| on_line(builder, path, person, format, line));
        }
        let outcome = match file.format {
            Format::Claude(_) => FileOutcome::Read { agent: Agent::ClaudeCode },
            Format::Codex(_) => FileOutcome::Read { agent: Agent::Codex },
            Format::Whole(agent) => FileOutcome::Read { agent },
            Format::Skipped(reason) => FileOutcome::Skipped { reason },
            Format::Undecided { lines_seen: 0, .. } => FileOutcome::Skipped { reason: FileSkip::Empty },
            Format::Undecided { .. } => FileOutcome::Skipped { reason: FileSkip::NotRecognised },
        };
        self.builder.file_report(FileReport {
            path: file.path,
            size_bytes: file.size_bytes.max(file.bytes_seen),
            line_count: file.splitter.line_count().max(file.chat_lines),
            outcome,
            skipped_lines: Default::default(),
            imported_from: None,
        });
        self.close_part();
    }

    /// Reads a file gathered whole as lines, for when it is not the document its first
    /// bytes looked like; if its lines are no transcript either, it is skipped for
    /// `reason`.
    fn lines_of_document(&mut self, mut file: OpenFile, whole: &[u8], reason: FileSkip) {
        file.line_bytes_seen = 0;
        self.open = Some(file);
        self.feed_lines(whole);
        if let Some(file) = self.open.as_mut() {
            if !file.format.has_read() {
                file.format = Format::Skipped(reason);
            }
        }
        self.end_file();
    }

    /// Ends the last file; the parts not yet taken.
    pub fn finish(mut self) -> Vec<Dataset> {
        self.end_file();
        self.parts
    }
}

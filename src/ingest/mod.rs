//! Ingest: bytes of transcript files in, a [`Dataset`] out.
//!
//! Files arrive one at a time, in chunks of any size (`begin_file`, `feed`…,
//! `end_file`), so no file is ever held whole. The format is recognised from the first
//! line that parses, not from the file name; each format has one adapter module.
//! Everything format-neutral (dedupe, titles, pricing) lives in `builder`.

mod block_dataset;
mod blocks;
mod builder;
mod claude;
mod id_keys;
mod lines;
pub mod partition;

pub use lines::{Line, LineSplitter};

use crate::model::{Agent, Dataset, Diagnostic, FileOutcome, FileReport, SkipReason};
use crate::pricing::PriceTable;
pub use block_dataset::BlockDataset;
use builder::DatasetBuilder;
use claude::ClaudeFile;

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
const BINARY_PROBE_BYTES: usize = 8192;
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

#[derive(Debug)]
enum Format {
    /// Not yet known: lines that failed to parse wait here until it is.
    Undecided { failed_lines: Vec<Diagnostic>, lines_seen: usize },
    Claude(ClaudeFile),
    Skipped(String),
}

#[derive(Debug)]
struct OpenFile {
    path: String,
    person: String,
    size_bytes: u64,
    bytes_seen: u64,
    splitter: LineSplitter,
    format: Format,
}

/// A load in progress.
#[derive(Debug, Default)]
pub struct Ingest {
    builder: DatasetBuilder,
    open: Option<OpenFile>,
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
            splitter: LineSplitter::new(MAX_LINE_BYTES),
            format: Format::Undecided { failed_lines: Vec::new(), lines_seen: 0 },
        });
    }

    /// A small file read whole: a price table (recognised by content) is handed back for
    /// the caller to apply; anything else is ingested as a transcript.
    pub fn whole_file(&mut self, path: &str, person: &str, bytes: &[u8]) -> Option<PriceTable> {
        if let Some(table) = PriceTable::recognise(bytes) {
            return Some(table);
        }
        self.begin_file(path, bytes.len() as u64, person);
        self.feed(bytes);
        self.end_file();
        None
    }

    /// Records a file the reader failed on. Lines already read from it are kept; the
    /// file is listed as skipped with the reason.
    pub fn skip_file(&mut self, path: &str, size_bytes: u64, reason: String) {
        if let Some(file) = self.open.as_mut().filter(|file| file.path == path) {
            file.format = match &file.format {
                Format::Claude(_) => Format::Skipped(format!("{reason} (after {} bytes; the lines before were read)", file.bytes_seen)),
                _ => Format::Skipped(reason),
            };
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
        });
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        let Some(file) = self.open.as_mut() else { return };
        if file.bytes_seen == 0 && chunk.starts_with(ZIP_MAGIC) {
            file.format = Format::Skipped(String::from("zip archive (zips are not read yet: unpack it and drop the folder)"));
        }
        if file.bytes_seen < BINARY_PROBE_BYTES as u64 {
            let probe_len = chunk.len().min(BINARY_PROBE_BYTES - file.bytes_seen as usize);
            if memchr::memchr(0, &chunk[..probe_len]).is_some() && matches!(file.format, Format::Undecided { .. }) {
                file.format = Format::Skipped(String::from("binary file (contains NUL bytes)"));
            }
        }
        file.bytes_seen += chunk.len() as u64;
        if matches!(file.format, Format::Skipped(_)) {
            return;
        }
        let OpenFile { path, person, splitter, format, .. } = file;
        let builder = &mut self.builder;
        splitter.feed(chunk, &mut |line| on_line(builder, path, person, format, line));
    }

    /// Ends the current file (also done by `begin_file` and `finish`).
    pub fn end_file(&mut self) {
        let Some(mut file) = self.open.take() else { return };
        if !matches!(file.format, Format::Skipped(_)) {
            let OpenFile { path, person, splitter, format, .. } = &mut file;
            let builder = &mut self.builder;
            splitter.finish(&mut |line| on_line(builder, path, person, format, line));
        }
        let outcome = match file.format {
            Format::Claude(_) => FileOutcome::Read { agent: Agent::ClaudeCode },
            Format::Skipped(reason) => FileOutcome::Skipped { reason },
            Format::Undecided { lines_seen: 0, .. } => FileOutcome::Skipped { reason: String::from("empty file") },
            Format::Undecided { .. } => {
                FileOutcome::Skipped { reason: String::from("not a recognised transcript format") }
            }
        };
        self.builder.file_report(FileReport {
            path: file.path,
            size_bytes: file.size_bytes.max(file.bytes_seen),
            line_count: file.splitter.line_count(),
            outcome,
            skipped_lines: Default::default(),
        });
    }

    pub fn finish(mut self, prices: &PriceTable) -> Dataset {
        self.end_file();
        self.builder.finish(prices)
    }

    /// As [`Ingest::finish`], ready to encode without making its lists whole (the
    /// ingest worker's answer).
    pub fn finish_blocks(mut self, prices: &PriceTable) -> BlockDataset {
        self.end_file();
        self.builder.finish_blocks(prices)
    }
}

fn on_line(builder: &mut DatasetBuilder, path: &str, person: &str, format: &mut Format, line: Line<'_>) {
    match line {
        Line::TooLong { number, length_bytes } => {
            let diagnostic = Diagnostic {
                file: path.to_owned(),
                line: number,
                reason: SkipReason::LineTooLong,
                detail: format!("{length_bytes} bytes (limit {MAX_LINE_BYTES})"),
            };
            match format {
                Format::Undecided { failed_lines, .. } => failed_lines.push(diagnostic),
                _ => builder.diagnostic(diagnostic),
            }
        }
        Line::Text { number, bytes, is_unterminated } => {
            if let Format::Undecided { failed_lines, lines_seen } = format {
                *lines_seen += 1;
                match detect(bytes) {
                    Detected::Claude => {
                        for diagnostic in failed_lines.drain(..) {
                            builder.diagnostic(diagnostic);
                        }
                        *format = Format::Claude(ClaudeFile::new(path, person));
                    }
                    Detected::Other(reason) => *format = Format::Skipped(reason),
                    undecided => {
                        if let Detected::Unreadable(reason) = undecided {
                            failed_lines.push(Diagnostic { file: path.to_owned(), line: number, reason, detail: String::new() });
                        }
                        if *lines_seen >= DETECTION_LINES {
                            *format = Format::Skipped(String::from("not a recognised transcript format"));
                        }
                        return;
                    }
                }
            }
            if let Format::Claude(claude) = format {
                claude.line(builder, number, bytes, is_unterminated);
            }
        }
    }
}

enum Detected {
    Claude,
    Other(String),
    /// Valid JSON that names no format.
    Unknown,
    Unreadable(SkipReason),
}

/// Recognises a format from one line. Lines that are valid JSON but name no format
/// leave the question open for the next line.
fn detect(bytes: &[u8]) -> Detected {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Detected::Unreadable(SkipReason::InvalidUtf8);
    };
    // Gemini CLI chats: a JSONL metadata line, or a pretty-printed JSON file's key line.
    if text.contains("\"projectHash\"") {
        return Detected::Other(String::from("Gemini CLI chat (Gemini files are not read yet)"));
    }
    let Ok(serde_json::Value::Object(probe)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Detected::Unreadable(SkipReason::InvalidJson);
    };
    if claude::recognises(&probe) {
        Detected::Claude
    } else if probe.contains_key("payload") || probe.contains_key("record_type") {
        Detected::Other(String::from("OpenAI Codex rollout (Codex files are not read yet)"))
    } else if probe.contains_key("agentType") {
        Detected::Other(String::from("subagent metadata, not a transcript"))
    } else {
        Detected::Unknown
    }
}

/// Reads whole in-memory files: for tests, the demo and the command line.
pub fn ingest_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str, &'a [u8])>, prices: &PriceTable) -> Dataset {
    let mut ingest = Ingest::new();
    for (path, person, bytes) in files {
        ingest.begin_file(path, bytes.len() as u64, person);
        ingest.feed(bytes);
    }
    ingest.finish(prices)
}

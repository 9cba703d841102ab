//! Which format an open file is in, and each line handed to that format's reader: the
//! format is recognised from the first lines that name one (`detect`); lines that failed
//! to parse before then are reported once it is known.

use super::builder::DatasetBuilder;
use super::claude::ClaudeFile;
use super::codex::CodexFile;
use super::detect::{detect, Detected};
use super::lines::Line;
use super::{DETECTION_LINES, MAX_LINE_BYTES};
use crate::model::{Agent, Diagnostic, FileSkip, SkipReason};

#[derive(Debug)]
pub(super) enum Format {
    /// Not yet known: lines that failed to parse wait here until it is.
    Undecided {
        failed_lines: Vec<Diagnostic>,
        lines_seen: usize,
    },
    Claude(ClaudeFile),
    Codex(Box<CodexFile>),
    /// Read whole at its end (a Gemini CLI chat), and read.
    Whole(Agent),
    Skipped(FileSkip),
}

impl Format {
    /// Whether lines of the file were read (so that a later failure keeps them).
    pub(super) fn has_read(&self) -> bool {
        matches!(self, Format::Claude(_) | Format::Codex(_))
    }
}

pub(super) fn on_line(builder: &mut DatasetBuilder, path: &str, person: &str, format: &mut Format, line: Line<'_>) {
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
                    Detected::Codex => {
                        for diagnostic in failed_lines.drain(..) {
                            builder.diagnostic(diagnostic);
                        }
                        *format = Format::Codex(Box::new(CodexFile::new(path, person)));
                    }
                    Detected::Other(what) => *format = Format::Skipped(FileSkip::NotATranscript(String::from(what))),
                    undecided => {
                        if let Detected::Unreadable(reason) = undecided {
                            failed_lines.push(Diagnostic { file: path.to_owned(), line: number, reason, detail: String::new() });
                        }
                        if *lines_seen >= DETECTION_LINES {
                            *format = Format::Skipped(FileSkip::NotRecognised);
                        }
                        return;
                    }
                }
            }
            match format {
                Format::Claude(claude) => claude.line(builder, number, bytes, is_unterminated),
                Format::Codex(codex) => codex.line(builder, number, bytes, is_unterminated),
                _ => {}
            }
        }
    }
}

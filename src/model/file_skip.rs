//! Why a file (or an entry of a zip archive) was not read, or not read to its end: a
//! typed value, so that the page tells a failed import from a file that is simply no
//! transcript by its kind, not by the words of its message.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FileSkip {
    /// Nothing in it.
    Empty,
    /// It holds NUL bytes.
    Binary,
    /// Its lines are no transcript any reader here knows.
    NotRecognised,
    /// A file that sits beside transcripts and is not one (a subagent's metadata).
    NotATranscript(String),
    /// It looked like a format read whole (a Gemini CLI chat) but could not be read.
    Malformed(String),
    /// A file the user meant to load as data (an export, a report, a git log, another
    /// tool's records: `kind` names it) that could not be read.
    Import { kind: String, detail: String },
    /// Such a file too large to hold whole.
    ImportTooLarge { kind: String, limit_mb: u64 },
    /// A Gemini CLI chat too large to hold whole.
    ChatTooLarge { limit_mb: u64 },
    /// Its compression (gzip, zstd) could not be undone, or would not fit.
    Compressed(String),
    /// A zip archive, or an entry of one, that could not be read or is refused (a zip
    /// bomb, an encrypted entry).
    Archive(String),
    /// A zip archive inside another.
    NestedArchive,
    /// The browser or the disk failed to read it.
    Unreadable(String),
    /// A zip archive larger than a thread without a synchronous reader can read (the
    /// page's own, when no worker starts).
    NeedsWorker,
    /// Reading stopped after some of its lines were read, which count.
    Stopped { reason: Box<FileSkip>, after_bytes: Option<u64> },
    /// The reason as an export lists it (its producer's words).
    Listed(String),
}

impl FileSkip {
    /// Whether the file was meant as data (an export, a report, a git log, another
    /// tool's records): the page shows those failures first.
    pub fn is_import(&self) -> bool {
        match self {
            FileSkip::Import { .. } | FileSkip::ImportTooLarge { .. } => true,
            FileSkip::Stopped { reason, .. } => reason.is_import(),
            _ => false,
        }
    }

    /// The reason, after `after_bytes` (if known) of the file were read, its lines kept.
    pub fn after_lines(self, after_bytes: Option<u64>) -> FileSkip {
        FileSkip::Stopped { reason: Box::new(self), after_bytes }
    }
}

impl fmt::Display for FileSkip {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileSkip::Empty => formatter.write_str("empty file"),
            FileSkip::Binary => formatter.write_str("binary file (contains NUL bytes)"),
            FileSkip::NotRecognised => formatter.write_str("not a recognised transcript format"),
            FileSkip::NotATranscript(what) => write!(formatter, "{what}, not a transcript"),
            FileSkip::Malformed(detail) | FileSkip::Compressed(detail) | FileSkip::Archive(detail) | FileSkip::Listed(detail) => formatter.write_str(detail),
            FileSkip::Import { kind, detail } => write!(formatter, "{kind} that could not be read: {detail}"),
            FileSkip::ImportTooLarge { kind, limit_mb } => write!(formatter, "{kind} larger than {limit_mb} MB: not read"),
            FileSkip::ChatTooLarge { limit_mb } => write!(formatter, "Gemini CLI chat larger than {limit_mb} MB: not read"),
            FileSkip::NestedArchive => formatter.write_str("zip archive inside another archive: not read (unpack it and drop the folder)"),
            FileSkip::Unreadable(detail) => write!(formatter, "could not be read: {detail}"),
            FileSkip::NeedsWorker => {
                formatter.write_str("zip archive larger than 1 MB, which this browser can only read in a worker (none started): unpack it and drop the folder")
            }
            FileSkip::Stopped { reason, after_bytes: Some(bytes) } => write!(formatter, "{reason} (after {bytes} bytes; the lines before were read)"),
            FileSkip::Stopped { reason, after_bytes: None } => write!(formatter, "{reason} (the lines before were read)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_told_by_kind_wherever_they_stopped() {
        let import = FileSkip::Import { kind: String::from("git log"), detail: String::from("line 3: no commit") };
        assert!(import.is_import());
        assert!(FileSkip::ImportTooLarge { kind: String::from("Session Lens export"), limit_mb: 1024 }.is_import());
        assert!(import.clone().after_lines(None).is_import());
        assert!(!FileSkip::ChatTooLarge { limit_mb: 1024 }.is_import());
        assert!(!FileSkip::Compressed(String::from("git log that could not be read")).is_import(), "by kind, not by words");
        assert_eq!(import.to_string(), "git log that could not be read: line 3: no commit");
        assert_eq!(FileSkip::Binary.after_lines(Some(70)).to_string(), "binary file (contains NUL bytes) (after 70 bytes; the lines before were read)");
    }
}

//! The export's fixed names: its format marker, version, and the codes of its event
//! kinds. The layout is documented field by field in `docs/export-schema.md`; the writer
//! (`write`) and the reader (`read`) both take their names from here.

/// The value of the document's `format` field, and what recognises an export by content.
pub const FORMAT: &str = "session-lens-export";

/// The `<meta name="generator">` a report carries in its head: what recognises a
/// report by content.
pub const REPORT_GENERATOR: &str = "session-lens-report";

/// The id of the `<script type="application/json">` element holding a report's export.
pub const EMBEDDED_EXPORT_ID: &str = "session-lens-export";

/// What the page and the CLI call an export and a report (a file that failed to read
/// is listed with a reason that starts with one of them).
pub const EXPORT_NAME: &str = "Session Lens export";
pub const REPORT_NAME: &str = "Session Lens report";

/// The schema this build writes and the newest it reads. 2: a request row ends with its
/// reasoning tokens (a schema 1 row, without them, still reads); 3: a failed tool
/// result's row may end with its error text (rows of 1 and 2, without it, still read).
pub const SCHEMA_VERSION: u32 = 3;

/// The program that writes exports (`producer.name`).
pub const PRODUCER: &str = "session-lens";

/// This build's version (`producer.version`).
pub const PRODUCER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Event kinds, the fifth element of an event row.
pub mod kind {
    pub const PROMPT: &str = "prompt";
    pub const MESSAGE: &str = "message";
    pub const CALL: &str = "call";
    pub const RESULT: &str = "result";
    pub const INTERRUPTION: &str = "interruption";
    pub const COMMAND: &str = "command";
    pub const COMPACTION: &str = "compaction";
    pub const META: &str = "meta";
}

/// A call's target kind.
pub mod target {
    pub const FILE: &str = "file";
    pub const COMMAND: &str = "command";
}

/// Request row flags (its twelfth element).
pub mod request_flags {
    pub const FAST: u8 = 1;
    pub const SIDECHAIN: u8 = 2;
}

/// What the export leaves out or changes (its `redaction` object).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Redaction {
    /// Prompt and response previews, full shell commands and skipped lines' details are
    /// written; without it they are not (commands are cut to their summary).
    pub include_text: bool,
    /// Project and file paths are written as hashes that keep the extension.
    pub hash_paths: bool,
}

impl Redaction {
    /// "no prompt text, paths as they are", for headers and notes.
    pub fn describe(self) -> String {
        let text = if self.include_text { "prompt text and commands included" } else { "no prompt text (commands cut to program names)" };
        let paths = if self.hash_paths { "paths hashed" } else { "paths as they are" };
        format!("{text}, {paths}")
    }
}

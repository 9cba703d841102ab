//! Files read whole rather than line by line: Session Lens exports (JSON), reports
//! (HTML that embeds an export), `git log` exports and other tools' records
//! (`external`), recognised from their first bytes, whatever their names. Everything
//! else goes on to the line formats.

use super::external::ExternalKind;
use crate::export::read::{decode, decode_report, ExportError};
use crate::export::schema::{EXPORT_NAME, FORMAT, REPORT_GENERATOR, REPORT_NAME};
use crate::model::Dataset;

/// How much of a file is looked at before its kind is decided (also how far a NUL byte
/// marks a file as binary).
pub const SNIFF_BYTES: usize = 8192;
/// Largest export or report read (it is held whole while it is read).
pub const MAX_DOCUMENT_BYTES: u64 = 1 << 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Export,
    Report,
    GitLog,
    External(ExternalKind),
}

impl DocumentKind {
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Export => EXPORT_NAME,
            DocumentKind::Report => REPORT_NAME,
            DocumentKind::GitLog => "git log",
            DocumentKind::External(kind) => kind.label(),
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// The kind of a file whose first bytes are `head`, if it is read whole.
pub fn recognise(head: &[u8]) -> Option<DocumentKind> {
    if super::git_log::recognises(head) {
        return Some(DocumentKind::GitLog);
    }
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head).trim_ascii_start();
    let marker = format!("\"{FORMAT}\"");
    if text.starts_with(b"{") && contains(text, marker.as_bytes()) {
        return Some(DocumentKind::Export);
    }
    if let Some(kind) = super::external::recognise(text) {
        return Some(DocumentKind::External(kind));
    }
    let is_html = text.starts_with(b"<") && (contains(text, b"<html") || contains(text, b"<!DOCTYPE html") || contains(text, b"<!doctype html"));
    (is_html && contains(text, REPORT_GENERATOR.as_bytes())).then_some(DocumentKind::Report)
}

/// The dataset a whole document holds; `person` labels other tools' records.
pub fn read(kind: DocumentKind, bytes: &[u8], path: &str, person: &str) -> Result<Dataset, ExportError> {
    match kind {
        DocumentKind::External(kind) => super::external::read(kind, bytes, path, person).map_err(ExportError::Invalid),
        DocumentKind::Export => decode(bytes, path),
        DocumentKind::Report => decode_report(bytes, path),
        DocumentKind::GitLog => super::git_log::read(bytes, path).map_err(ExportError::Invalid),
    }
}

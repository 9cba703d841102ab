//! Sharing without a server (spec section 6): the export (a versioned JSON of what every
//! figure needs, `docs/export-schema.md`), reading it back, and the self-contained HTML
//! report that embeds it. Below the view-models and charts, which the report draws with;
//! the ingest hands recognised exports and reports to `read`.

mod external;
pub mod html;
mod line_format;
pub mod read;
pub mod report;
mod report_insights;
mod rows;
pub mod schema;
mod texts;
pub mod write;
mod written;

pub use read::{decode, ExportError};
pub use report::{report_contents, write_report, ReportOptions};
pub use schema::Redaction;
pub use write::{write_export, ExportOptions};

/// A time as exports and reports write it: RFC 3339 in UTC, to the millisecond.
pub fn rfc3339_utc(timestamp_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(timestamp_ms).map(|time| time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)).unwrap_or_default()
}

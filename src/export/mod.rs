//! Sharing without a server (spec section 6): the export (a versioned JSON of what every
//! figure needs, `docs/export-schema.md`), reading it back, and the self-contained HTML
//! report that embeds it. Below the view-models and charts, which the report draws with;
//! the ingest hands recognised exports and reports to `read`.

pub mod read;
mod rows;
pub mod schema;
mod texts;
pub mod write;

pub use read::{decode, ExportError};
pub use schema::Redaction;
pub use write::{write_export, ExportOptions};

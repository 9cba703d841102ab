//! How parts travel and become one dataset: a part per file (or archive entry) holds
//! only what its file says (`ingest`); parts are encoded (`wire`), described and kept
//! (`part`), merged in their files' paths' order with the one dedupe rule (`merge`,
//! `repeats`), joined across files (`joins`), and assembled into the dataset shown with
//! the people's labels and the prices in force (`assemble`). Every path goes through
//! here the same way: the page's workers and kept history, the command line, an
//! export's reader, a test's fresh load.

pub mod assemble;
mod joins;
pub mod merge;
pub mod part;
mod repeats;
pub mod wire;

pub use assemble::{assemble_ingest, assemble_parts, ingest_files, merge_in_order, Assembly};
pub use merge::{DatasetMerger, PartSizes};
pub use part::{encode_file, fingerprint, merge_parts_from, KeptFile, KeptPrices, MergePart, PartBytes, PartError, SourceFile};

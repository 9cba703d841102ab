//! `session-lens tables DIR PATH…`: the normalised data as Parquet files, one folder per
//! table, for the analytics engines an organisation already runs (DuckDB, ClickHouse,
//! BigQuery, Spark). Each run appends a batch: a file per table holding the conversations
//! that are new or grew since the last run (`manifest.json` keeps what was written);
//! `docs/warehouse.md` has the columns and the queries that reproduce the dashboard.
//! Native only, behind the `tables` feature: the page never builds it.

mod build;
mod column;
mod context;
mod layout;
mod manifest;

use std::path::{Path, PathBuf};

pub use build::{build_tables, TableChoices};
pub use column::{Table, Values};
pub use manifest::{Manifest, FORMAT, SCHEMA_VERSION};

use crate::export::Redaction;
use crate::metrics::Settings;
use crate::model::{ConversationId, Dataset};

/// The file naming what is in a tables folder.
pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, thiserror::Error)]
pub enum TablesError {
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path} cannot take these tables: {reason} (write them to another folder)")]
    Refused { path: String, reason: String },
}

/// What one run wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct TablesWritten {
    pub batch: i64,
    /// Conversations written in this batch, and those skipped as already written unchanged.
    pub conversations: usize,
    pub unchanged: usize,
    /// Each table's file and rows.
    pub files: Vec<(String, u64)>,
}

/// Writes `dataset`'s tables into `dir` as the next batch, with the sessions split at
/// `settings`' idle cutoff and days in its zone.
pub fn write_tables(dataset: &Dataset, dir: &Path, settings: &Settings, redaction: Redaction, created_at: &str) -> Result<TablesWritten, TablesError> {
    let shown = |path: &Path| path.display().to_string();
    std::fs::create_dir_all(dir).map_err(|error| TablesError::Write { path: shown(dir), reason: error.to_string() })?;
    let manifest_path = dir.join(MANIFEST_FILE);
    let fresh = Manifest::new(settings.idle_cutoff_ms as f64 / 60_000.0, settings.time_zone.name(), redaction);
    let mut manifest = match std::fs::read_to_string(&manifest_path) {
        Ok(text) => {
            let kept: Manifest = serde_json::from_str(&text).map_err(|error| TablesError::Read { path: shown(&manifest_path), reason: error.to_string() })?;
            if let Some(reason) = kept.refuses(&fresh) {
                return Err(TablesError::Refused { path: shown(dir), reason });
            }
            kept
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => fresh,
        Err(error) => return Err(TablesError::Read { path: shown(&manifest_path), reason: error.to_string() }),
    };
    let batch = manifest.next_batch();
    let spans = context::conversation_spans(dataset);
    let fingerprints = manifest::fingerprints(dataset, &spans);
    let keys: Vec<String> = dataset.conversations.iter().map(manifest::conversation_key).collect();
    let writes: Vec<bool> = keys
        .iter()
        .zip(&fingerprints)
        .map(|(key, fingerprint)| manifest.conversations.get(key).is_none_or(|written| &written.fingerprint != fingerprint))
        .collect();
    let writes_conversation = |id: ConversationId| writes.get(id.0 as usize).copied().unwrap_or(false);
    let choices = TableChoices { settings, redaction, batch, writes: &writes_conversation, spans: &spans };
    let tables = build_tables(dataset, &choices);
    let mut files = Vec::new();
    let mut listed = std::collections::BTreeMap::new();
    for table in &tables {
        let folder = dir.join(table.name);
        std::fs::create_dir_all(&folder).map_err(|error| TablesError::Write { path: shown(&folder), reason: error.to_string() })?;
        let relative = format!("{}/part-{batch:05}.parquet", table.name);
        let path: PathBuf = dir.join(&relative);
        table.write_parquet(&path).map_err(|error| TablesError::Write { path: shown(&path), reason: error.to_string() })?;
        files.push((relative.clone(), table.rows() as u64));
        listed.insert(table.name.to_owned(), manifest::TableFile { path: relative, rows: table.rows() as u64 });
    }
    let conversations = writes.iter().filter(|writes| **writes).count();
    for ((key, fingerprint), writes) in keys.into_iter().zip(fingerprints).zip(&writes) {
        if *writes {
            manifest.conversations.insert(key, manifest::Written { fingerprint, batch });
        }
    }
    manifest.batches.push(manifest::Batch { batch, created_at: created_at.to_owned(), prices: dataset.prices_label.clone(), files: listed });
    let text = serde_json::to_string_pretty(&manifest).map_err(|error| TablesError::Write { path: shown(&manifest_path), reason: error.to_string() })?;
    // Written last, and whole: a run that fails before leaves the folder's manifest as it was.
    let temporary = dir.join(format!("{MANIFEST_FILE}.tmp"));
    std::fs::write(&temporary, text + "\n").map_err(|error| TablesError::Write { path: shown(&temporary), reason: error.to_string() })?;
    std::fs::rename(&temporary, &manifest_path).map_err(|error| TablesError::Write { path: shown(&manifest_path), reason: error.to_string() })?;
    Ok(TablesWritten { batch, conversations, unchanged: writes.len() - conversations, files })
}

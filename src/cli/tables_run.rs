//! `session-lens tables`: writes the tables (`crate::tables`) and says what it wrote.

use super::CliError;
use crate::export::Redaction;
use crate::metrics::Settings;
use crate::model::Dataset;

#[cfg(feature = "tables")]
pub fn write(dataset: &Dataset, dir: &str, settings: &Settings, redaction: Redaction, created_at: &str) -> Result<String, CliError> {
    let written = crate::tables::write_tables(dataset, std::path::Path::new(dir), settings, redaction, created_at)
        .map_err(|error| CliError::Write { path: dir.to_owned(), source: std::io::Error::other(error.to_string()) })?;
    let rows: Vec<String> = written.files.iter().map(|(file, rows)| format!("{file} {rows}")).collect();
    Ok(format!(
        "wrote batch {} to {dir}: {} conversations ({} already written unchanged); rows: {}",
        written.batch,
        written.conversations,
        written.unchanged,
        rows.join(", ")
    ))
}

#[cfg(not(feature = "tables"))]
pub fn write(_: &Dataset, _: &str, _: &Settings, _: Redaction, _: &str) -> Result<String, CliError> {
    Err(CliError::Usage(String::from("tables: this build has no Parquet writer (build with --features tables)")))
}

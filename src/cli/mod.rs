//! The `session-lens` command line (spec section 8): the same core, run natively over
//! folders and files given as arguments.

mod args;
mod daily;
mod walk;

use crate::metrics::Settings;
use crate::pricing::PriceTable;
use crate::viewmodel::summary::Summary;

pub use args::{parse_args, Command, Options};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}\n\n{USAGE}")]
    Usage(String),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{0}")]
    Prices(#[from] crate::pricing::PriceTableError),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

pub const USAGE: &str = "usage:
  session-lens summary --json [--tz IANA] [--idle-minutes N] [--person NAME] [--prices FILE] PATH...
  session-lens daily --json [--tz IANA] [--person NAME] [--prices FILE] PATH...
  session-lens demo [--seed N] -o DIR      (writes the demo team's transcripts)";

/// Runs one command and returns what it prints.
pub fn run(arguments: &[String]) -> Result<String, CliError> {
    let (command, options) = parse_args(arguments)?;
    if let Command::Demo { seed, out_dir } = &command {
        return write_demo(*seed, out_dir);
    }
    let prices = match &options.prices_path {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.clone(), source })?;
            PriceTable::embedded().overridden_by(PriceTable::from_json(&text)?)
        }
        None => PriceTable::embedded().clone(),
    };
    let dataset = walk::ingest_paths(&options.paths, &options.person, &prices)?;
    let settings = Settings { idle_cutoff_ms: options.idle_cutoff_ms, time_zone: options.time_zone };
    let json = match command {
        Command::Summary => Summary::compute(&dataset, &settings).to_json(),
        Command::Daily => daily::ccusage_daily_json(&dataset, &settings),
        Command::Demo { .. } => return Ok(String::new()),
    };
    Ok(serde_json::to_string_pretty(&json)? + "\n")
}

/// Writes the generated demo transcripts under `out_dir`, one file per conversation.
fn write_demo(seed: u64, out_dir: &str) -> Result<String, CliError> {
    let files = crate::demo::generate(seed);
    let mut total_bytes = 0;
    for file in &files {
        let path = std::path::Path::new(out_dir).join(&file.path);
        let write_error = |source| CliError::Read { path: path.display().to_string(), source };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        std::fs::write(&path, &file.text).map_err(write_error)?;
        total_bytes += file.text.len();
    }
    Ok(format!("wrote {} files, {} bytes, under {out_dir}\n", files.len(), total_bytes))
}

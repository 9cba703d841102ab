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
  session-lens daily --json [--tz IANA] [--person NAME] [--prices FILE] PATH...";

/// Runs one command and returns what it prints.
pub fn run(arguments: &[String]) -> Result<String, CliError> {
    let (command, options) = parse_args(arguments)?;
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
    };
    Ok(serde_json::to_string_pretty(&json)? + "\n")
}

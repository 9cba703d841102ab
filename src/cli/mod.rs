//! The `session-lens` command line (spec section 8): the same core, run natively over
//! folders and files given as arguments.

mod args;
mod bench;
mod cache;
mod ccusage_shapes;
mod default_paths;
mod demo_args;
mod help;
mod progress;
mod tables_run;
mod usage;
mod usage_args;
mod usage_table;
mod walk;

use crate::export::{write_export, write_report, ExportOptions, ReportOptions};
use crate::metrics::patterns::PatternCard;
use crate::model::{Dataset, FileOutcome};
use crate::pricing::PriceTable;
use crate::timezone::{local_date, Tz};
use crate::viewmodel::agents::{agent_rows, AgentRow};
use crate::viewmodel::baselines::{baselines_json, person_baselines};
use crate::viewmodel::controls::Controls;
use crate::viewmodel::dashboard::filter_choices;
use crate::viewmodel::dashboard::Dashboard;
use crate::viewmodel::external::{external_view, transcript_days};
use crate::viewmodel::external_tables::{external_json, reported_figures};
use crate::viewmodel::patterns::pattern_cards;
use crate::viewmodel::practices::{adoption_matrix, practices_json};
use crate::viewmodel::pricing_notes::pricing_notes;
use crate::viewmodel::project_catalogue::{catalogue_json, project_catalogue};
use crate::viewmodel::regressions::{regressions, regressions_json};
use crate::viewmodel::sections::Section;
use crate::viewmodel::top_lists::{top_lists, top_lists_json};
use crate::viewmodel::trends::{dashboard_trends, heatmap_json};
use crate::viewmodel::unknown_filters::{unknown_filters, UnknownFilter};
use chrono::NaiveDate;

pub use args::{parse_args, Command, Options, UsageKind};
pub use default_paths::agent_folders;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}\n(session-lens --help lists the commands, session-lens COMMAND --help their options)")]
    Usage(String),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{0}")]
    Prices(#[from] crate::pricing::PriceTableError),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("no PATH given, and none of the agents' folders is here ({0}): name the folders to read")]
    NothingToRead(String),
}

/// Skipped lines named one by one on standard error; the rest are counted.
const NOTED_DIAGNOSTICS: usize = 10;

/// Files of the agents' own folders (read when no PATH is given) that are not sessions,
/// named before the rest are only counted.
const NOTED_SKIPPED_FILES: usize = 3;

/// What a command prints: its output, and notes for standard error.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub notes: Vec<String>,
}

impl From<String> for Output {
    fn from(stdout: String) -> Self {
        Output { stdout, notes: Vec::new() }
    }
}

/// Runs one command and returns what it prints. A progress line goes to standard error
/// while the files are read, when it is a terminal (`progress`).
pub fn run(arguments: &[String]) -> Result<Output, CliError> {
    let (command, mut options) = parse_args(arguments)?;
    match &command {
        Command::Print(text) => return Ok(Output::from(text.clone())),
        Command::Demo { seed, out_dir, size } => return write_demo(*seed, out_dir, *size).map(Output::from),
        Command::Bench => return bench::parse_throughput(&options.paths).map(Output::from),
        Command::Summary | Command::Usage(_) | Command::Export { .. } | Command::Report { .. } | Command::Tables { .. } => {}
    }
    let named_prices = match &options.prices_path {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.clone(), source })?;
            Some(PriceTable::from_json(&text)?.with_source(format!("the price table {path}")))
        }
        None => None,
    };
    let reads_agents_folders = options.paths.is_empty();
    if reads_agents_folders {
        options.paths = agents_own_folders(&options)?;
    }
    let cache = open_cache(&options.cache);
    let mut progress = progress::Progress::for_stderr(options.quiet);
    let dataset = walk::ingest_paths(&options.paths, named_prices, cache.as_ref().ok().and_then(Option::as_ref), &mut progress)?;
    let controls = &options.controls;
    let settings = controls.settings;
    let today = controls.today.unwrap_or_else(|| today_in(settings.time_zone));
    let mut notes = match &cache {
        Ok(Some(cache)) => cache.take_notes(),
        Ok(None) => Vec::new(),
        Err(note) => vec![note.clone()],
    };
    notes.extend(pricing_notes(&dataset).sentences());
    notes.extend(unknown_filters(&filter_choices(&dataset), &controls.filters).iter().map(UnknownFilter::sentence));
    let stdout = match command {
        Command::Summary => serde_json::to_string_pretty(&summary_json(&dataset, controls, today))? + "\n",
        Command::Usage(kind) => usage::usage_output(&dataset, kind, &options, today, now_ms())?,
        Command::Export { out, redaction } => {
            let export = ExportOptions { redaction, created_at: now_rfc3339(), conversations: None };
            write_file(&out, |file| write_export(&dataset, &export, file))?;
            notes.insert(0, format!("wrote {out}: {} conversations, {} requests", dataset.conversations.len(), dataset.requests.len()));
            String::new()
        }
        Command::Report { out, redaction, summary_only } => {
            let report = ReportOptions {
                filters: controls.filters.clone(),
                settings,
                patterns: controls.patterns,
                today,
                redaction,
                created_at: now_rfc3339(),
                demo: false,
                summary_only,
            };
            write_file(&out, |file| write_report(&dataset, &report, file))?;
            notes.insert(0, format!("wrote {out}"));
            String::new()
        }
        Command::Tables { dir, redaction } => {
            notes.insert(0, tables_run::write(&dataset, &dir, &settings, redaction, &now_rfc3339())?);
            String::new()
        }
        Command::Print(_) | Command::Demo { .. } | Command::Bench => String::new(),
    };
    let skipped_lines = dataset.diagnostics.skipped_lines();
    if skipped_lines > 0 {
        notes.push(format!("{skipped_lines} lines could not be read:"));
        for diagnostic in dataset.diagnostics.kept.iter().take(NOTED_DIAGNOSTICS) {
            notes.push(format!("  {}:{}: {}", diagnostic.file, diagnostic.line, diagnostic.reason.label()));
        }
    }
    let skipped: Vec<String> = dataset
        .skipped_files()
        .filter_map(|file| match &file.outcome {
            FileOutcome::Skipped { reason } => Some(format!("skipped {}: {reason}", file.path)),
            _ => None,
        })
        .collect();
    // The agents' own folders hold other files too (Gemini CLI's logs, settings): counted,
    // a few named. Paths given are named one by one.
    if reads_agents_folders && skipped.len() > NOTED_SKIPPED_FILES {
        notes.push(format!("skipped {} files of the agents' folders that hold no sessions, among them:", skipped.len()));
        notes.extend(skipped.into_iter().take(NOTED_SKIPPED_FILES).map(|note| format!("  {note}")));
    } else {
        notes.extend(skipped);
    }
    Ok(Output { stdout, notes })
}

/// The cache the options choose; an error (as a note) when its folder cannot be made,
/// and the files are then read without one.
fn open_cache(choice: &args::CacheChoice) -> Result<Option<cache::PartCache>, String> {
    let root = match choice {
        args::CacheChoice::Off => return Ok(None),
        args::CacheChoice::Dir(dir) => std::path::PathBuf::from(dir),
        args::CacheChoice::Default => match cache::PartCache::default_dir() {
            Some(dir) => dir,
            None => return Ok(None),
        },
    };
    cache::PartCache::open(&root).map(Some).map_err(|error| format!("no cache ({}: {error}): every file is read", root.display()))
}

/// With no PATH: the agents' own folders (of `--agent`'s agent, if one is chosen).
fn agents_own_folders(options: &Options) -> Result<Vec<(String, String)>, CliError> {
    let agent = options.controls.filters.agent.as_deref().map(args::agent).transpose()?;
    let folders = default_paths::default_paths(agent);
    if folders.is_empty() {
        let looked = "$CLAUDE_CONFIG_DIR/projects, ~/.config/claude/projects, ~/.claude/projects, $CODEX_HOME/sessions, ~/.codex/sessions, ~/.gemini/tmp";
        return Err(CliError::NothingToRead(looked.to_owned()));
    }
    Ok(folders.into_iter().map(|folder| (folder.display().to_string(), String::from(args::DEFAULT_PERSON))).collect())
}

/// `summary --json`: every dashboard figure by its `data-metric` name, with the
/// insights, of the dataset under the controls' filters and settings. Its fields are added
/// section by section (`viewmodel::sections`), and `sections` names each one's fields in
/// the order the page and the report show them.
pub fn summary_json(dataset: &Dataset, controls: &Controls, today: NaiveDate) -> serde_json::Value {
    let (filters, settings) = (&controls.filters, &controls.settings);
    let dashboard = Dashboard::build(dataset, filters, settings, today);
    let mut json = serde_json::Map::new();
    let mut sections = Vec::new();
    for section in Section::ALL {
        let mut fields = serde_json::Map::new();
        match section {
            Section::Figures => {
                if let serde_json::Value::Object(figures) = dashboard.summary.to_json() {
                    fields = figures;
                }
            }
            Section::Patterns => {
                let period_end = filters.period.dates(today).map(|(_, to)| to);
                let cards = pattern_cards(dataset, &dashboard, &controls.patterns, period_end);
                fields.insert("patterns".into(), cards.iter().map(pattern_json).collect());
            }
            Section::Practices => {
                fields.insert("practices".into(), practices_json(&adoption_matrix(dataset, &dashboard)));
            }
            // No fields of their own: the charts draw the days and the sessions' lengths,
            // the sessions are counted among the figures, and the usage tables are the
            // `daily`, `weekly`, `monthly` and `blocks` commands.
            Section::Charts | Section::Usage | Section::Sessions => {}
            Section::Trends => {
                fields.insert("trends".into(), dashboard_trends(&dashboard, filters.period.dates(today)).to_json());
                fields.insert("activity_heatmap".into(), heatmap_json(&dashboard.active_hours));
                fields.insert("top".into(), top_lists_json(&top_lists(&dashboard.tables)));
                fields.insert("baselines".into(), baselines_json(&person_baselines(dataset, &dashboard)));
                fields.insert("regressions".into(), regressions_json(dataset, &dashboard, &regressions(dataset, &dashboard)));
            }
            Section::Tables => {
                fields.insert("agents".into(), agent_rows(dataset, &dashboard).iter().map(AgentRow::to_json).collect());
            }
            Section::Projects => {
                fields.insert("project_catalogue".into(), catalogue_json(&project_catalogue(dataset, &dashboard)));
            }
            Section::External if !dataset.external.is_empty() => {
                let covered = transcript_days(dataset, settings.time_zone);
                let view = external_view(dataset, &dashboard, filters, settings, today, &covered);
                for figure in reported_figures(&view).into_iter().flat_map(|group| group.figures) {
                    fields.insert(figure.metric.into(), figure.value.to_json());
                }
                fields.insert("external".into(), external_json(&view));
            }
            Section::External => {}
        }
        let names: Vec<&String> = fields.keys().collect();
        sections.push(serde_json::json!({"key": section.key(), "title": section.title(), "fields": names}));
        json.extend(fields);
    }
    json.insert("sections".into(), serde_json::Value::Array(sections));
    serde_json::Value::Object(json)
}

/// A pattern card in `summary --json`.
fn pattern_json(card: &PatternCard) -> serde_json::Value {
    let measures: serde_json::Map<String, serde_json::Value> =
        card.measures.iter().map(|measure| (measure.label.to_owned(), serde_json::json!({"value": measure.value, "threshold": measure.threshold}))).collect();
    serde_json::json!({
        "pattern": card.pattern.name(),
        "person": card.person,
        "sessions": card.sessions.len(),
        "of_sessions": card.of_sessions,
        "measures": measures,
    })
}

/// Writes a file through `write`, gzip-compressed when its name ends in `.gz` (buffered
/// before the compressor: the writers make many small writes).
fn write_file(path: &str, write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), CliError> {
    use std::io::{BufWriter, Write};
    let failed = |source| CliError::Write { path: path.to_owned(), source };
    let file = std::fs::File::create(path).map_err(failed)?;
    if path.ends_with(".gz") {
        // The fastest level: for the 1 GB corpus 16.3 MB in 1.8 s, against 14.7 MB in 3.6 s
        // at the default level (docs/benchmarks-history.md).
        let mut buffered = BufWriter::new(flate2::write::GzEncoder::new(file, flate2::Compression::fast()));
        write(&mut buffered).map_err(failed)?;
        let encoder = buffered.into_inner().map_err(|error| failed(error.into_error()))?;
        encoder.finish().map_err(failed)?.flush().map_err(failed)
    } else {
        let mut buffered = BufWriter::new(file);
        write(&mut buffered).map_err(failed)?;
        buffered.flush().map_err(failed)
    }
}

/// Now, in ms since the epoch, from the system clock.
fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|elapsed| elapsed.as_millis() as i64).unwrap_or_default()
}

/// Now, as an export's `created_at`.
fn now_rfc3339() -> String {
    crate::export::rfc3339_utc(now_ms())
}

/// Writes the generated transcripts under `out_dir`, one file per conversation: the
/// demo team, or a benchmark corpus.
fn write_demo(seed: u64, out_dir: &str, size: Option<args::CorpusSize>) -> Result<String, CliError> {
    let write = |file: &crate::demo::DemoFile| -> Result<(), CliError> {
        let path = std::path::Path::new(out_dir).join(&file.path);
        let write_error = |source| CliError::Read { path: path.display().to_string(), source };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        std::fs::write(&path, &file.text).map_err(write_error)
    };
    let Some(size) = size else {
        let files = crate::demo::generate(seed);
        files.iter().try_for_each(write)?;
        let total_bytes: u64 = files.iter().map(|file| file.text.len() as u64).sum();
        return Ok(format!("wrote {} files, {total_bytes} bytes, under {out_dir}\n", files.len()));
    };
    let mut failure = None;
    let sink = |file: crate::demo::DemoFile| {
        if failure.is_none() {
            failure = write(&file).err();
        }
    };
    let (files, total_bytes) = match size {
        args::CorpusSize::Megabytes(size_mb, agent) => crate::demo::generate_agent_corpus(seed, size_mb * 1_000_000, agent, sink),
        args::CorpusSize::ShortSessions(count) => crate::demo::generate_short_sessions(seed, count, sink),
    };
    if let Some(error) = failure {
        return Err(error);
    }
    Ok(format!("wrote {files} files, {total_bytes} bytes, under {out_dir}\n"))
}

/// Today's date in `zone`, from the system clock.
fn today_in(zone: Tz) -> chrono::NaiveDate {
    local_date(now_ms(), zone)
}

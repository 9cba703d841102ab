//! Command-line arguments. `--person NAME` labels the paths that follow it, as a drop
//! on the page is labelled, so one command can read a whole team.

use chrono::NaiveDate;

use super::CliError;
use crate::export::Redaction;
use crate::metrics::selection::{Filters, Period};
use crate::metrics::{Settings, DEFAULT_HOURLY_RATE_USD};
use crate::sessions::{DEFAULT_IDLE_CUTOFF_MS, MAX_IDLE_CUTOFF_MS, MIN_IDLE_CUTOFF_MS};
use crate::timezone::{parse_time_zone, Tz};
use crate::viewmodel::thresholds::ADJUSTABLE;

pub const DEFAULT_PERSON: &str = "me";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Summary,
    Daily,
    /// Write the export (`-o FILE.json` or `FILE.json.gz`).
    Export {
        out: String,
        redaction: Redaction,
    },
    /// Write the HTML report of the filtered data (`-o FILE.html`).
    Report {
        out: String,
        redaction: Redaction,
    },
    /// Time the ingest over files held in memory.
    Bench,
    /// Write the demo team's transcripts, or with `size` a benchmark corpus, to a folder.
    Demo {
        seed: u64,
        out_dir: String,
        size: Option<CorpusSize>,
    },
}

/// How big a benchmark corpus to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorpusSize {
    /// About this many megabytes, with a realistic spread of session sizes, written as
    /// the agent writes them.
    Megabytes(u64, crate::demo::DemoAgent),
    /// This many short sessions.
    ShortSessions(u64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Each path with the person label it was given.
    pub paths: Vec<(String, String)>,
    pub settings: Settings,
    pub filters: Filters,
    /// The day periods such as `7d` end on; today in the display zone by default.
    pub today: Option<NaiveDate>,
    pub prices_path: Option<String>,
    /// `--set KEY=VALUE`: minutes to fix and pattern thresholds (`viewmodel::thresholds`).
    pub adjustments: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: Vec::new(),
            settings: Settings { idle_cutoff_ms: DEFAULT_IDLE_CUTOFF_MS, time_zone: Tz::UTC, hourly_rate_usd: DEFAULT_HOURLY_RATE_USD, ..Settings::default() },
            filters: Filters::default(),
            today: None,
            prices_path: None,
            adjustments: Vec::new(),
        }
    }
}

fn usage(message: impl Into<String>) -> CliError {
    CliError::Usage(message.into())
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, CliError> {
    text.parse().map_err(|_| usage(format!("{flag}: {text:?} is not a number")))
}

pub fn parse_args(arguments: &[String]) -> Result<(Command, Options), CliError> {
    let (command, rest) = match arguments.split_first() {
        Some((name, rest)) if name == "summary" => (Command::Summary, rest),
        Some((name, rest)) if name == "daily" => (Command::Daily, rest),
        Some((name, rest)) if name == "export" => (Command::Export { out: String::new(), redaction: Redaction::default() }, rest),
        Some((name, rest)) if name == "report" => (Command::Report { out: String::new(), redaction: Redaction::default() }, rest),
        Some((name, rest)) if name == "bench" => (Command::Bench, rest),
        Some((name, rest)) if name == "demo" => return parse_demo(rest),
        Some((name, _)) => return Err(usage(format!("unknown command {name:?}"))),
        None => return Err(usage("no command given")),
    };
    let (mut command, rest) = (command, rest);
    let mut options = Options::default();
    let mut person = String::from(DEFAULT_PERSON);
    let mut has_json = false;
    let mut out: Option<String> = None;
    let mut redaction = Redaction::default();
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        let mut value = |flag: &str| words.next().cloned().ok_or_else(|| usage(format!("{flag} needs a value")));
        match word.as_str() {
            "--json" => has_json = true,
            "-o" | "--out" => out = Some(value("-o")?),
            "--include-text" => redaction.include_text = true,
            "--hash-paths" | "--redact" => redaction.hash_paths = true,
            "--tz" => options.settings.time_zone = parse_time_zone(&value("--tz")?).map_err(usage)?,
            "--person" => person = value("--person")?,
            "--prices" => options.prices_path = Some(value("--prices")?),
            "--idle-minutes" => {
                let minutes: i64 = number("--idle-minutes", &value("--idle-minutes")?)?;
                let cutoff_ms = minutes * 60_000;
                if !(MIN_IDLE_CUTOFF_MS..=MAX_IDLE_CUTOFF_MS).contains(&cutoff_ms) {
                    return Err(usage("--idle-minutes must be between 2 and 60"));
                }
                options.settings.idle_cutoff_ms = cutoff_ms;
            }
            "--hourly-rate" => options.settings.hourly_rate_usd = number("--hourly-rate", &value("--hourly-rate")?)?,
            "--period" => options.filters.period = Period::parse(&value("--period")?).map_err(usage)?,
            "--today" => {
                let text = value("--today")?;
                let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| usage(format!("--today: {text:?} is not YYYY-MM-DD")))?;
                options.today = Some(date);
            }
            "--filter-person" => options.filters.person = Some(value("--filter-person")?),
            "--set" => {
                let text = value("--set")?;
                let (key, number) = text.split_once('=').ok_or_else(|| usage(format!("--set {text}: expected KEY=VALUE")))?;
                if !ADJUSTABLE.iter().any(|adjustable| adjustable.key == key) {
                    let keys: Vec<&str> = ADJUSTABLE.iter().map(|adjustable| adjustable.key).collect();
                    return Err(usage(format!("--set: unknown {key:?} (one of {})", keys.join(", "))));
                }
                options.adjustments.push((key.to_owned(), number.to_owned()));
            }
            "--project" => options.filters.project = Some(value("--project")?),
            "--agent" => options.filters.agent = Some(value("--agent")?),
            "--model" => options.filters.model = Some(value("--model")?),
            flag if flag.starts_with("--") => return Err(usage(format!("unknown option {flag}"))),
            path => options.paths.push((path.to_owned(), person.clone())),
        }
    }
    match &mut command {
        Command::Export { out: target, redaction: chosen } | Command::Report { out: target, redaction: chosen } => {
            *target = out.ok_or_else(|| usage("export and report need -o FILE"))?;
            *chosen = redaction;
        }
        Command::Summary | Command::Daily if !has_json => return Err(usage("only --json output is available")),
        _ if out.is_some() || redaction != Redaction::default() => {
            return Err(usage("-o, --include-text and --hash-paths are for export and report"));
        }
        _ => {}
    }
    if options.paths.is_empty() {
        return Err(usage("no PATH given"));
    }
    Ok((command, options))
}

fn parse_demo(rest: &[String]) -> Result<(Command, Options), CliError> {
    let mut seed = crate::demo::DEMO_SEED;
    let mut out_dir = None;
    let mut size = None;
    let mut agent = crate::demo::DemoAgent::Claude;
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        let value = words.next().ok_or_else(|| usage(format!("{word} needs a value")))?;
        match word.as_str() {
            "--seed" => seed = number("--seed", value)?,
            "-o" | "--out" => out_dir = Some(value.clone()),
            "--size-mb" => size = Some(CorpusSize::Megabytes(number("--size-mb", value)?, agent)),
            "--agent" => {
                agent = match value.as_str() {
                    "claude-code" => crate::demo::DemoAgent::Claude,
                    "codex" => crate::demo::DemoAgent::Codex,
                    "gemini-cli" => crate::demo::DemoAgent::Gemini,
                    other => return Err(usage(format!("--agent: {other:?} is not one of claude-code, codex, gemini-cli"))),
                };
                if let Some(CorpusSize::Megabytes(size_mb, _)) = size {
                    size = Some(CorpusSize::Megabytes(size_mb, agent));
                }
            }
            "--sessions" => size = Some(CorpusSize::ShortSessions(number("--sessions", value)?)),
            other => return Err(usage(format!("unknown option {other}"))),
        }
    }
    let out_dir = out_dir.ok_or_else(|| usage("demo needs -o DIR"))?;
    Ok((Command::Demo { seed, out_dir, size }, Options::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn summary_with_options_and_people() {
        let line = "summary --json --tz Europe/Berlin --idle-minutes 5 --period 7d --today 2026-11-20 a --person bob b c";
        let (command, options) = parse_args(&words(line)).expect("parses");
        assert_eq!(command, Command::Summary);
        let labelled: Vec<(&str, &str)> = options.paths.iter().map(|(p, n)| (p.as_str(), n.as_str())).collect();
        assert_eq!(labelled, [("a", "me"), ("b", "bob"), ("c", "bob")]);
        assert_eq!(options.settings.idle_cutoff_ms, 300_000);
        assert_eq!(options.settings.time_zone.name(), "Europe/Berlin");
        assert_eq!(options.filters.period, Period::LastDays(7));
        assert_eq!(options.today.map(|d| d.to_string()).as_deref(), Some("2026-11-20"));
    }

    #[test]
    fn export_and_report_take_a_file_and_the_redaction() {
        let (command, options) = parse_args(&words("export --person ana --include-text a --hash-paths -o team.json.gz")).expect("parses");
        assert_eq!(command, Command::Export { out: "team.json.gz".into(), redaction: Redaction { include_text: true, hash_paths: true } });
        assert_eq!(options.paths, [("a".to_owned(), "ana".to_owned())]);
        let (command, options) = parse_args(&words("report --period 7d --filter-person bob a -o r.html")).expect("parses");
        assert_eq!(command, Command::Report { out: "r.html".into(), redaction: Redaction::default() });
        assert_eq!(options.filters.person.as_deref(), Some("bob"));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for line in [
            "",
            "frobnicate --json x",
            "summary x",
            "summary --json",
            "summary --json --tz Nowhere x",
            "summary --json --idle-minutes 90 x",
            "summary --json --period fortnight x",
            "summary --json --hourly-rate lots x",
            "demo",
            "export x",
            "report --json x",
            "summary --json -o out.json x",
        ] {
            assert!(matches!(parse_args(&words(line)), Err(CliError::Usage(_))), "{line}");
        }
    }
}

//! Command-line arguments, read with lexopt (which keeps their order: `--person NAME`
//! labels the paths that follow it, as a drop on the page is labelled, so one command
//! can read a whole team). Every refusal names the argument and ends the command with
//! exit status 2; `--help` of each command is in `help`.

use lexopt::prelude::*;

use super::demo_args::parse_demo;
pub use super::demo_args::CorpusSize;
use super::help;
use super::usage_args::{date, order, weekday};
pub use super::usage_args::{UsageKind, UsageOptions};
use super::CliError;
use crate::export::Redaction;
use crate::metrics::selection::Period;
use crate::model::Agent;
use crate::timezone::Tz;
use crate::viewmodel::controls::Controls;
use crate::viewmodel::thresholds::{self, Adjustable, ADJUSTABLE};

pub const DEFAULT_PERSON: &str = "me";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Summary,
    /// A usage report in ccusage's shapes (`daily`, `weekly`, `monthly`, `session`, `blocks`).
    Usage(UsageKind),
    /// Write the export (`-o FILE.json` or `FILE.json.gz`).
    Export {
        out: String,
        redaction: Redaction,
    },
    /// Write the HTML report of the filtered data (`-o FILE.html`).
    Report {
        /// Figures, charts and tables only (`--summary-only`).
        summary_only: bool,
        out: String,
        redaction: Redaction,
    },
    /// Write the normalised data as Parquet tables into `dir` (`tables`).
    Tables {
        dir: String,
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
    /// Print this text (`--help`, `--version`) and stop.
    Print(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Each path with the person label it was given.
    pub paths: Vec<(String, String)>,
    /// The page's controls the flags stand for: filters, `--today`, and every adjustable
    /// setting (`viewmodel::thresholds`: `--tz`, `--idle-minutes`, `--hourly-rate`, and
    /// `--set KEY=VALUE` for any of them). The display zone is UTC unless `--tz` names one.
    pub controls: Controls,
    pub prices_path: Option<String>,
    pub usage: UsageOptions,
    /// Whether a progress line may be written (`--quiet` turns it off).
    pub quiet: bool,
    /// Where parsed parts are kept between runs.
    pub cache: CacheChoice,
}

/// Where the command line keeps parsed parts (`cli::cache`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CacheChoice {
    /// The platform's cache folder.
    #[default]
    Default,
    /// `--cache-dir DIR`.
    Dir(String),
    /// `--no-cache`: every file read afresh, nothing kept.
    Off,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: Vec::new(),
            controls: Controls::new(Tz::UTC),
            prices_path: None,
            usage: UsageOptions::default(),
            quiet: false,
            cache: CacheChoice::Default,
        }
    }
}

pub(super) fn usage(message: impl Into<String>) -> CliError {
    CliError::Usage(message.into())
}

pub(super) fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, CliError> {
    text.parse().map_err(|_| usage(format!("{flag}: {text:?} is not a number")))
}

/// A lexopt error as a usage error of `command`.
pub(super) fn refused(command: &str) -> impl Fn(lexopt::Error) -> CliError + '_ {
    move |error| usage(format!("{command}: {error}"))
}

pub fn parse_args(arguments: &[String]) -> Result<(Command, Options), CliError> {
    let Some((name, rest)) = arguments.split_first() else {
        return Err(usage("no command given"));
    };
    let command = match name.as_str() {
        "summary" => Command::Summary,
        "export" => Command::Export { out: String::new(), redaction: Redaction::default() },
        "report" => Command::Report { out: String::new(), redaction: Redaction::default(), summary_only: false },
        "bench" => Command::Bench,
        "tables" => Command::Tables { dir: String::new(), redaction: Redaction::default() },
        "demo" => return parse_demo(rest),
        "-h" | "--help" | "help" => return Ok((Command::Print(help::text(rest.first().map(String::as_str))?), Options::default())),
        "-V" | "--version" | "-v" => return Ok((Command::Print(help::version()), Options::default())),
        other => match UsageKind::ALL.into_iter().find(|kind| kind.name() == other) {
            Some(kind) => Command::Usage(kind),
            None => return Err(usage(format!("unknown command {other:?}"))),
        },
    };
    parse_command(name, command, rest)
}

fn parse_command(name: &str, mut command: Command, rest: &[String]) -> Result<(Command, Options), CliError> {
    let is_usage = matches!(command, Command::Usage(_));
    let mut options = Options::default();
    let mut person = String::from(DEFAULT_PERSON);
    let mut has_json = false;
    let mut out: Option<String> = None;
    let mut redaction = Redaction::default();
    let mut summary_only = false;
    let mut parser = lexopt::Parser::from_args(rest.iter());
    let refuse = refused(name);
    while let Some(argument) = parser.next().map_err(&refuse)? {
        let flag = match &argument {
            Long(long) => format!("--{long}"),
            Short(short) => format!("-{short}"),
            Value(_) => String::new(),
        };
        match argument {
            Short('h') | Long("help") => return Ok((Command::Print(help::text(Some(name))?), options)),
            Short('j') | Long("json") => has_json = true,
            Short('o') if is_usage => options.usage.descending = order(&parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?,
            Long("order") if is_usage => options.usage.descending = order(&parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?,
            Short('o') | Long("out") => out = Some(parser.value().map_err(&refuse)?.string().map_err(&refuse)?),
            Long("include-text") => redaction.include_text = true,
            Long("hash-paths") | Long("redact") => redaction.hash_paths = true,
            Long("summary-only") => summary_only = true,
            Long("person") => person = parser.value().map_err(&refuse)?.string().map_err(&refuse)?,
            Long("prices") => options.prices_path = Some(parser.value().map_err(&refuse)?.string().map_err(&refuse)?),
            Short('q') | Long("quiet") => options.quiet = true,
            Long("no-cache") => options.cache = CacheChoice::Off,
            Long("cache-dir") => options.cache = CacheChoice::Dir(parser.value().map_err(&refuse)?.string().map_err(&refuse)?),
            Long("period") => options.controls.filters.period = Period::parse(&parser.value().map_err(&refuse)?.string().map_err(&refuse)?).map_err(usage)?,
            Long("today") => options.controls.today = Some(date("--today", &parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?),
            Long("filter-person") => options.controls.filters.person = Some(parser.value().map_err(&refuse)?.string().map_err(&refuse)?),
            Long("project") => options.controls.filters.project = Some(parser.value().map_err(&refuse)?.string().map_err(&refuse)?),
            Long("model") => options.controls.filters.model = Some(parser.value().map_err(&refuse)?.string().map_err(&refuse)?),
            Long("agent") => {
                let label = parser.value().map_err(&refuse)?.string().map_err(&refuse)?;
                options.controls.filters.agent = Some(agent(&label)?.label().to_owned());
            }
            Short('z') | Long("timezone") => {
                let text = parser.value().map_err(&refuse)?.string().map_err(&refuse)?;
                thresholds::TIME_ZONE.apply_strictly(&mut options.controls, "--timezone", &text).map_err(usage)?;
            }
            Long("set") => {
                let text = parser.value().map_err(&refuse)?.string().map_err(&refuse)?;
                let (key, number) = text.split_once('=').ok_or_else(|| usage(format!("--set {text}: expected KEY=VALUE")))?;
                let Some(adjustable) = Adjustable::by_key(key) else {
                    let keys: Vec<&str> = ADJUSTABLE.iter().map(|adjustable| adjustable.key).collect();
                    return Err(usage(format!("--set: unknown {key:?} (one of {})", keys.join(", "))));
                };
                adjustable.apply_strictly(&mut options.controls, &format!("--set {key}"), number).map_err(usage)?;
            }
            // ccusage's flags of the usage reports.
            Short('s') | Long("since") if is_usage => {
                options.usage.since = Some(date("--since", &parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?)
            }
            Short('u') | Long("until") if is_usage => {
                options.usage.until = Some(date("--until", &parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?)
            }
            Short('b') | Long("breakdown") if is_usage => options.usage.breakdown = true,
            // Prices are always the embedded table (and any the paths hold): no fetching.
            Short('O') | Long("offline") | Long("no-offline") if is_usage => {}
            Long("start-of-week") if is_usage => options.usage.start_of_week = Some(weekday(&parser.value().map_err(&refuse)?.string().map_err(&refuse)?)?),
            Short('l') | Long("session-length") if command == Command::Usage(UsageKind::Blocks) => {
                let text = parser.value().map_err(&refuse)?.string().map_err(&refuse)?;
                let hours: f64 = number("--session-length", &text)?;
                if !(hours.is_finite() && hours > 0.0 && hours <= 24.0 * 7.0) {
                    return Err(usage(format!("--session-length must be more than 0 and at most 168 hours, not {text}")));
                }
                options.usage.block_hours = hours;
            }
            Short('a') | Long("active") if command == Command::Usage(UsageKind::Blocks) => options.usage.active_only = true,
            Short('r') | Long("recent") if command == Command::Usage(UsageKind::Blocks) => options.usage.recent_only = true,
            Long(_) => match Adjustable::by_flag(&flag) {
                Some(adjustable) => {
                    let text = parser.value().map_err(&refuse)?.string().map_err(&refuse)?;
                    adjustable.apply_strictly(&mut options.controls, &flag, &text).map_err(usage)?;
                }
                None => return Err(usage(format!("{name}: unknown option {flag} (see session-lens {name} --help)"))),
            },
            Short(_) => return Err(usage(format!("{name}: unknown option {flag} (see session-lens {name} --help)"))),
            Value(path) => options.paths.push((path.string().map_err(&refuse)?, person.clone())),
        }
    }
    options.usage.json = has_json;
    match &mut command {
        Command::Report { out: target, redaction: chosen, summary_only: only } => {
            *target = out.ok_or_else(|| usage(format!("{name} needs -o FILE")))?;
            *chosen = redaction;
            *only = summary_only;
        }
        Command::Export { out: target, redaction: chosen } if !summary_only => {
            *target = out.ok_or_else(|| usage(format!("{name} needs -o FILE")))?;
            *chosen = redaction;
        }
        Command::Tables { dir, redaction: chosen } if !summary_only && out.is_none() => {
            // The first PATH is the folder the tables go to.
            *dir = (!options.paths.is_empty()).then(|| options.paths.remove(0).0).ok_or_else(|| usage("tables needs a DIR to write to"))?;
            *chosen = redaction;
        }
        _ if summary_only => return Err(usage("--summary-only is for report")),
        Command::Summary if !has_json => return Err(usage("summary: only --json output is available")),
        _ if out.is_some() || redaction != Redaction::default() => {
            return Err(usage("-o FILE, --include-text and --hash-paths are for export and report"));
        }
        _ => {}
    }
    if let (Some(since), Some(until)) = (options.usage.since, options.usage.until) {
        if since > until {
            return Err(usage(format!("--since {since} is after --until {until}")));
        }
    }
    if command == Command::Bench && options.paths.is_empty() {
        return Err(usage("bench: no PATH given"));
    }
    Ok((command, options))
}

pub fn agent(label: &str) -> Result<Agent, CliError> {
    let short = match label {
        "claude" => "claude-code",
        "gemini" => "gemini-cli",
        other => other,
    };
    Agent::from_label(short).ok_or_else(|| usage(format!("--agent: {label:?} is not one of claude-code, codex, gemini-cli")))
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
        assert_eq!(options.controls.settings.idle_cutoff_ms, 300_000);
        assert_eq!(options.controls.settings.time_zone.name(), "Europe/Berlin");
        assert_eq!(options.controls.filters.period, Period::LastDays(7));
        assert_eq!(options.controls.today.map(|d| d.to_string()).as_deref(), Some("2026-11-20"));
    }

    #[test]
    fn every_setting_of_the_catalogue_is_taken_by_its_flag_or_by_set() {
        // The same settings as the page's URL gives them: the flags and `--set` read one list.
        let (_, flags) = parse_args(&words("summary --json --idle-minutes 5 --hourly-rate 80 --tz Asia/Tokyo --set p_budget=45 x")).expect("parses");
        let (_, set) = parse_args(&words("summary --json --set idle=5 --set rate=80 --set tz=Asia/Tokyo --set p_budget=45 x")).expect("parses");
        let (_, equals) = parse_args(&words("summary --json --idle-minutes=5 --hourly-rate=80 -z Asia/Tokyo --set=p_budget=45 x")).expect("parses");
        let url = Controls::from_query("?idle=5&rate=80&tz=Asia/Tokyo&p_budget=45", Tz::UTC);
        assert_eq!(flags.controls, set.controls);
        assert_eq!(flags.controls, equals.controls);
        assert_eq!(flags.controls, url);
        assert_eq!(flags.controls.settings.hourly_rate_usd, 80.0);
        assert_eq!(flags.controls.patterns.budget_minutes, 45.0);
        // A refused value names what gave it.
        let refused = |line: &str| match parse_args(&words(line)) {
            Err(CliError::Usage(message)) => message,
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(refused("summary --json --hourly-rate -5 x"), "--hourly-rate must be between 0 and 10000");
        assert_eq!(refused("summary --json --set rate=NaN x"), "--set rate: \"NaN\" is not a number");
        assert!(refused("summary --json --tz Mars/Olympus x").starts_with("--tz: unknown time zone"));
        assert!(refused("daily --frobnicate x").contains("unknown option --frobnicate"));
        assert!(refused("daily --since 2026-13-01 x").contains("--since"));
        assert!(refused("weekly --start-of-week someday x").contains("--start-of-week"));
        assert!(refused("blocks --session-length NaN x").contains("--session-length"));
        assert!(refused("blocks --session-length -1 x").contains("--session-length"));
    }

    #[test]
    fn usage_reports_take_ccusage_s_flags() {
        let (command, options) =
            parse_args(&words("weekly -j -s 20260101 --until 2026-02-01 -z UTC --start-of-week monday -b -O --order desc --agent codex x")).expect("parses");
        assert_eq!(command, Command::Usage(UsageKind::Weekly));
        let usage = &options.usage;
        assert!(usage.json && usage.breakdown && usage.descending);
        assert_eq!((usage.since.map(|d| d.to_string()), usage.until.map(|d| d.to_string())), (Some("2026-01-01".into()), Some("2026-02-01".into())));
        assert_eq!(usage.start_of_week, Some(chrono::Weekday::Mon));
        assert_eq!(options.controls.filters.agent.as_deref(), Some("codex"));
        let (command, options) = parse_args(&words("blocks -l 3 --active --agent claude")).expect("parses");
        assert_eq!(command, Command::Usage(UsageKind::Blocks));
        assert_eq!((options.usage.block_hours, options.usage.active_only), (3.0, true));
        assert_eq!(options.controls.filters.agent.as_deref(), Some("claude-code"));
        assert!(options.paths.is_empty(), "no path: the default folders are read");
        assert_eq!(options.cache, CacheChoice::Default);
        let (_, options) = parse_args(&words("daily --no-cache x")).expect("parses");
        assert_eq!(options.cache, CacheChoice::Off);
        let (_, options) = parse_args(&words("summary --json --cache-dir /tmp/c x")).expect("parses");
        assert_eq!(options.cache, CacheChoice::Dir("/tmp/c".into()));
    }

    #[test]
    fn help_and_version_print() {
        for line in ["--help", "help", "help daily", "daily --help", "blocks -h", "export --help", "demo --help"] {
            match parse_args(&words(line)) {
                Ok((Command::Print(text), _)) => assert!(text.contains("session-lens"), "{line}: {text}"),
                other => panic!("{line}: {other:?}"),
            }
        }
        match parse_args(&words("--version")) {
            Ok((Command::Print(text), _)) => assert!(text.starts_with("session-lens ")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn export_and_report_take_a_file_and_the_redaction() {
        let (command, options) = parse_args(&words("export --person ana --include-text a --hash-paths -o team.json.gz")).expect("parses");
        assert_eq!(command, Command::Export { out: "team.json.gz".into(), redaction: Redaction { include_text: true, hash_paths: true } });
        assert_eq!(options.paths, [("a".to_owned(), "ana".to_owned())]);
        let (command, options) = parse_args(&words("report --period 7d --filter-person bob a -o r.html")).expect("parses");
        assert_eq!(command, Command::Report { out: "r.html".into(), redaction: Redaction::default(), summary_only: false });
        let (command, _) = parse_args(&words("report --summary-only a -o r.html")).expect("parses");
        assert_eq!(command, Command::Report { out: "r.html".into(), redaction: Redaction::default(), summary_only: true });
        assert!(parse_args(&words("export --summary-only a -o e.json")).is_err(), "a summary is a report's");
        assert_eq!(options.controls.filters.person.as_deref(), Some("bob"));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for line in [
            "",
            "frobnicate --json x",
            "summary x",
            "summary --json --tz Nowhere x",
            "summary --json --idle-minutes 90 x",
            "summary --json --period fortnight x",
            "summary --json --hourly-rate lots x",
            "summary --json --hourly-rate -5 x",
            "summary --json --hourly-rate NaN x",
            "summary --json --set rate=inf x",
            "summary --json --set p_long_acc=7 x",
            "summary --json --set tz=Mars x",
            "summary --json --set nothing=1 x",
            "demo",
            "export x",
            "report --json x",
            "summary --json -o out.json x",
            "daily --order sideways x",
            "daily --since 2026-02-01 --until 2026-01-01 x",
            "daily --active x",
            "help frobnicate",
            "bench",
        ] {
            assert!(matches!(parse_args(&words(line)), Err(CliError::Usage(_))), "{line}");
        }
    }
}

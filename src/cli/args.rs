//! Command-line arguments. `--person NAME` labels the paths that follow it, as a drop
//! on the page is labelled, so one command can read a whole team.

use chrono::NaiveDate;

use super::CliError;
use crate::export::Redaction;
use crate::metrics::selection::Period;
use crate::timezone::Tz;
use crate::viewmodel::controls::Controls;
use crate::viewmodel::thresholds::{Adjustable, ADJUSTABLE};

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
    /// The page's controls the flags stand for: filters, `--today`, and every adjustable
    /// setting (`viewmodel::thresholds`: `--tz`, `--idle-minutes`, `--hourly-rate`, and
    /// `--set KEY=VALUE` for any of them). The display zone is UTC unless `--tz` names one.
    pub controls: Controls,
    pub prices_path: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { paths: Vec::new(), controls: Controls::new(Tz::UTC), prices_path: None }
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
            "--person" => person = value("--person")?,
            "--prices" => options.prices_path = Some(value("--prices")?),
            "--period" => options.controls.filters.period = Period::parse(&value("--period")?).map_err(usage)?,
            "--today" => {
                let text = value("--today")?;
                let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| usage(format!("--today: {text:?} is not YYYY-MM-DD")))?;
                options.controls.today = Some(date);
            }
            "--filter-person" => options.controls.filters.person = Some(value("--filter-person")?),
            "--set" => {
                let text = value("--set")?;
                let (key, number) = text.split_once('=').ok_or_else(|| usage(format!("--set {text}: expected KEY=VALUE")))?;
                let Some(adjustable) = Adjustable::by_key(key) else {
                    let keys: Vec<&str> = ADJUSTABLE.iter().map(|adjustable| adjustable.key).collect();
                    return Err(usage(format!("--set: unknown {key:?} (one of {})", keys.join(", "))));
                };
                adjustable.apply_strictly(&mut options.controls, &format!("--set {key}"), number).map_err(usage)?;
            }
            "--project" => options.controls.filters.project = Some(value("--project")?),
            "--agent" => options.controls.filters.agent = Some(value("--agent")?),
            "--model" => options.controls.filters.model = Some(value("--model")?),
            flag if flag.starts_with("--") => match Adjustable::by_flag(flag) {
                Some(adjustable) => adjustable.apply_strictly(&mut options.controls, flag, &value(flag)?).map_err(usage)?,
                None => return Err(usage(format!("unknown option {flag}"))),
            },
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
        let url = Controls::from_query("?idle=5&rate=80&tz=Asia/Tokyo&p_budget=45", Tz::UTC);
        assert_eq!(flags.controls, set.controls);
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
    }

    #[test]
    fn export_and_report_take_a_file_and_the_redaction() {
        let (command, options) = parse_args(&words("export --person ana --include-text a --hash-paths -o team.json.gz")).expect("parses");
        assert_eq!(command, Command::Export { out: "team.json.gz".into(), redaction: Redaction { include_text: true, hash_paths: true } });
        assert_eq!(options.paths, [("a".to_owned(), "ana".to_owned())]);
        let (command, options) = parse_args(&words("report --period 7d --filter-person bob a -o r.html")).expect("parses");
        assert_eq!(command, Command::Report { out: "r.html".into(), redaction: Redaction::default() });
        assert_eq!(options.controls.filters.person.as_deref(), Some("bob"));
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
        ] {
            assert!(matches!(parse_args(&words(line)), Err(CliError::Usage(_))), "{line}");
        }
    }
}

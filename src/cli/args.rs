//! Command-line arguments.

use super::CliError;
use crate::sessions::{DEFAULT_IDLE_CUTOFF_MS, MAX_IDLE_CUTOFF_MS, MIN_IDLE_CUTOFF_MS};
use crate::timezone::{parse_time_zone, Tz};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Summary,
    Daily,
    /// Time the ingest over files held in memory.
    Bench,
    /// Write the demo corpus to a folder.
    Demo { seed: u64, out_dir: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub paths: Vec<String>,
    pub time_zone: Tz,
    pub idle_cutoff_ms: i64,
    pub person: String,
    pub prices_path: Option<String>,
}

pub fn parse_args(arguments: &[String]) -> Result<(Command, Options), CliError> {
    let usage = |message: String| CliError::Usage(message);
    let (command, rest) = match arguments.split_first() {
        Some((name, rest)) if name == "summary" => (Command::Summary, rest),
        Some((name, rest)) if name == "daily" => (Command::Daily, rest),
        Some((name, rest)) if name == "demo" => return parse_demo(rest),
        Some((name, rest)) if name == "bench" => (Command::Bench, rest),
        Some((name, _)) => return Err(usage(format!("unknown command {name:?}"))),
        None => return Err(usage(String::from("no command given"))),
    };
    let mut options = Options {
        paths: Vec::new(),
        time_zone: Tz::UTC,
        idle_cutoff_ms: DEFAULT_IDLE_CUTOFF_MS,
        person: String::from("me"),
        prices_path: None,
    };
    let mut has_json = false;
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        let mut value = |flag: &str| words.next().cloned().ok_or_else(|| usage(format!("{flag} needs a value")));
        match word.as_str() {
            "--json" => has_json = true,
            "--tz" => options.time_zone = parse_time_zone(&value("--tz")?).map_err(usage)?,
            "--person" => options.person = value("--person")?,
            "--prices" => options.prices_path = Some(value("--prices")?),
            "--idle-minutes" => {
                let text = value("--idle-minutes")?;
                let minutes: i64 = text.parse().map_err(|_| usage(format!("--idle-minutes: {text:?} is not a number")))?;
                let cutoff_ms = minutes * 60_000;
                if !(MIN_IDLE_CUTOFF_MS..=MAX_IDLE_CUTOFF_MS).contains(&cutoff_ms) {
                    return Err(usage(String::from("--idle-minutes must be between 2 and 60")));
                }
                options.idle_cutoff_ms = cutoff_ms;
            }
            flag if flag.starts_with("--") => return Err(usage(format!("unknown option {flag}"))),
            path => options.paths.push(path.to_owned()),
        }
    }
    if !has_json && command != Command::Bench {
        return Err(usage(String::from("only --json output is available")));
    }
    if options.paths.is_empty() {
        return Err(usage(String::from("no PATH given")));
    }
    Ok((command, options))
}

fn parse_demo(rest: &[String]) -> Result<(Command, Options), CliError> {
    let mut seed = crate::demo::DEMO_SEED;
    let mut out_dir = None;
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        let value = words.next().ok_or_else(|| CliError::Usage(format!("{word} needs a value")))?;
        match word.as_str() {
            "--seed" => seed = value.parse().map_err(|_| CliError::Usage(format!("--seed: {value:?} is not a number")))?,
            "-o" | "--out" => out_dir = Some(value.clone()),
            other => return Err(CliError::Usage(format!("unknown option {other}"))),
        }
    }
    let out_dir = out_dir.ok_or_else(|| CliError::Usage(String::from("demo needs -o DIR")))?;
    let options = Options {
        paths: Vec::new(),
        time_zone: Tz::UTC,
        idle_cutoff_ms: DEFAULT_IDLE_CUTOFF_MS,
        person: String::new(),
        prices_path: None,
    };
    Ok((Command::Demo { seed, out_dir }, options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn summary_with_options() {
        let (command, options) = parse_args(&words("summary --json --tz Europe/Berlin --idle-minutes 5 a b")).expect("parses");
        assert_eq!(command, Command::Summary);
        assert_eq!(options.paths, ["a", "b"]);
        assert_eq!(options.idle_cutoff_ms, 300_000);
        assert_eq!(options.time_zone.name(), "Europe/Berlin");
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for line in ["", "frobnicate --json x", "summary x", "summary --json", "summary --json --tz Nowhere x", "summary --json --idle-minutes 90 x"] {
            assert!(matches!(parse_args(&words(line)), Err(CliError::Usage(_))), "{line}");
        }
    }
}

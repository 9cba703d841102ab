//! `--help` of the command line and of each command, and `--version`.

use super::CliError;

const OVERVIEW: &str = "session-lens: session analytics for AI coding-agent transcripts (Claude Code, Codex, Gemini CLI)

usage: session-lens COMMAND [OPTIONS] [PATH...]

Usage reports (ccusage's reports and JSON shapes):
  daily      usage by day            weekly    by week        monthly   by month
  session    usage by session        blocks    by 5-hour billing block
The rest of the dashboard:
  summary    every figure of the page, as JSON (summary --json)
  export     the normalised data, for the page or a team (-o FILE.json[.gz])
  report     the self-contained HTML report (-o FILE.html)
  tables     the normalised data as Parquet tables for DuckDB, ClickHouse, BigQuery (DIR)
  demo       write the demo team's transcripts, or a benchmark corpus (-o DIR)
  bench      time the parser over files held in memory

With no PATH, the agents' own folders are read: $CLAUDE_CONFIG_DIR (comma-separated),
~/.config/claude/projects and ~/.claude/projects; $CODEX_HOME/sessions or ~/.codex/sessions;
~/.gemini/tmp. A PATH is a folder, a transcript, a zip, an export, a report or a price table.

session-lens COMMAND --help shows a command's options. session-lens --version its version.";

const USAGE_COMMON: &str = "options:
  -j, --json              ccusage's JSON shape (no --agent: `ccusage <report> --json`, all agents
                          together; with --agent, `ccusage claude|codex|gemini <report> --json`)
      --agent NAME        one agent: claude-code (or claude), codex, gemini-cli (or gemini)
  -s, --since DATE        from this day (YYYY-MM-DD or YYYYMMDD), in the time zone
  -u, --until DATE        to this day, included
  -z, --timezone IANA     the days' time zone (also --tz; default UTC)
  -o, --order asc|desc    oldest or newest first (default asc)
  -b, --breakdown         the table shows each model's share under its row
  -O, --offline           accepted (prices are always the embedded table, never fetched)
      --prices FILE       a price table laid over the embedded one (newest wins per model)
      --project NAME      only this project (its folder's name)
      --model ID          only this model's requests
      --person NAME       label the paths after it (a team in one command; default: me)
      --filter-person NAME  only this person's sessions
  -q, --quiet             no progress line on standard error
      --cache-dir DIR     keep parsed parts here (default $XDG_CACHE_HOME/session-lens or
                          ~/.cache/session-lens): a second run reads only changed files
      --no-cache          read every file afresh and keep nothing
  -h, --help              this text";

const DAILY: &str = "session-lens daily: usage by day (tokens by class, cost, models)

usage: session-lens daily [OPTIONS] [PATH...]";

const WEEKLY: &str = "session-lens weekly: usage by week

usage: session-lens weekly [OPTIONS] [PATH...]
      --start-of-week DAY the week's first day: sunday (default, as ccusage) … saturday";

const MONTHLY: &str = "session-lens monthly: usage by month

usage: session-lens monthly [OPTIONS] [PATH...]";

const SESSION: &str = "session-lens session: usage by session (a transcript's session id), by last activity

usage: session-lens session [OPTIONS] [PATH...]";

const BLOCKS: &str = "session-lens blocks: usage by 5-hour billing block (the windows a plan's limits count in);
the active block is marked, with its burn rate and where it ends at that rate. With no
--agent, Claude Code's requests (as ccusage).

usage: session-lens blocks [OPTIONS] [PATH...]
  -a, --active            only the active block
  -r, --recent            only the blocks of the last three days (and the active one)
  -l, --session-length H  the block's length in hours (default 5)";

const SUMMARY: &str = "session-lens summary --json: every figure of the dashboard by its data-metric name, with
the insights, in the page's sections

usage: session-lens summary --json [SETTINGS] [FILTERS] [--person NAME] [PATH...]";

const SETTINGS: &str = "settings:
      --tz IANA             the days' time zone (default UTC)
      --idle-minutes 2..60  the idle cutoff that splits sessions
      --hourly-rate 0..10000  what an hour costs, for the estimated loss
      --prices FILE         a price table laid over the embedded one
      --set KEY=VALUE       any setting by its key in the page's URL: idle, tz, rate, minutes to
                            fix (fix_critical, fix_warning, fix_info), pattern thresholds (p_long, …)
filters:
      --period 7d|30d|90d|all|FROM..TO   --today YYYY-MM-DD
      --filter-person NAME  --project NAME  --agent NAME  --model ID
      --person NAME         label the paths after it (default: me)
      --cache-dir DIR       where parsed parts are kept between runs   --no-cache  keep nothing";

const EXPORT: &str = "session-lens export: the normalised data as JSON, for the page, a team merge or a warehouse

usage: session-lens export [--person NAME] [--include-text] [--hash-paths] [PATH...] -o FILE.json[.gz]
      --include-text  keep prompt text, full commands and line details
      --hash-paths    project and file paths become hashes that keep the extension (also --redact)";

const REPORT: &str = "session-lens report: the self-contained HTML report of the filtered data

usage: session-lens report [SETTINGS] [FILTERS] [--include-text] [--hash-paths] [--summary-only] [PATH...] -o FILE.html

      --summary-only  figures, charts and tables only: no session rows, file paths,
                      project cards or embedded data (a report to pass around)";

const TABLES: &str = "session-lens tables: the normalised data as Parquet tables, one folder per table

usage: session-lens tables [--idle-minutes N] [--tz IANA] [--include-text] [--hash-paths] DIR [PATH...]

Writes conversations, sessions, requests, tool_calls, edits, rule_hits, session_practices and
check_runs under DIR (DIR/TABLE/part-NNNNN.parquet) and DIR/manifest.json. Run again over new
exports to append: only conversations that are new or grew since are written, as a new batch.
docs/warehouse.md has the columns and the SQL that reproduces the dashboard's figures.
      --include-text  keep full commands and failed calls' error text
      --hash-paths    project and file paths become hashes that keep the extension (also --redact)";

const DEMO: &str = "session-lens demo: write generated transcripts

usage: session-lens demo [--seed N] -o DIR                the demo team
       session-lens demo --size-mb N [--agent claude-code|codex|gemini-cli] -o DIR
                                                       a benchmark corpus of about N MB
       session-lens demo --sessions N -o DIR            N short sessions";

const BENCH: &str = "session-lens bench: native parse throughput, files read into memory first

usage: session-lens bench PATH...";

/// The help of `command`, or the overview.
pub fn text(command: Option<&str>) -> Result<String, CliError> {
    let text = match command {
        None => OVERVIEW.to_owned(),
        Some("daily") => format!("{DAILY}\n{USAGE_COMMON}"),
        Some("weekly") => format!("{WEEKLY}\n{USAGE_COMMON}"),
        Some("monthly") => format!("{MONTHLY}\n{USAGE_COMMON}"),
        Some("session") => format!("{SESSION}\n{USAGE_COMMON}"),
        Some("blocks") => format!("{BLOCKS}\n{USAGE_COMMON}"),
        Some("summary") => format!("{SUMMARY}\n{SETTINGS}"),
        Some("export") => EXPORT.to_owned(),
        Some("report") => format!("{REPORT}\n{SETTINGS}"),
        Some("tables") => format!("{TABLES}\n{SETTINGS}"),
        Some("demo") => DEMO.to_owned(),
        Some("bench") => BENCH.to_owned(),
        Some(other) => return Err(CliError::Usage(format!("help: unknown command {other:?}"))),
    };
    Ok(text + "\n")
}

pub fn version() -> String {
    format!("session-lens {}\n", env!("CARGO_PKG_VERSION"))
}

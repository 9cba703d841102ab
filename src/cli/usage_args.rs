//! The usage reports' own arguments (ccusage's reports and flags), and the parsers of
//! their values.

use chrono::{NaiveDate, Weekday};

use super::args::usage;
use super::CliError;

/// ccusage's reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageKind {
    Daily,
    Weekly,
    Monthly,
    Session,
    Blocks,
}

impl UsageKind {
    pub const ALL: [UsageKind; 5] = [UsageKind::Daily, UsageKind::Weekly, UsageKind::Monthly, UsageKind::Session, UsageKind::Blocks];

    pub fn name(self) -> &'static str {
        match self {
            UsageKind::Daily => "daily",
            UsageKind::Weekly => "weekly",
            UsageKind::Monthly => "monthly",
            UsageKind::Session => "session",
            UsageKind::Blocks => "blocks",
        }
    }
}

/// The usage reports' own flags (ccusage's names).
#[derive(Clone, Debug, PartialEq)]
pub struct UsageOptions {
    pub json: bool,
    /// Per-model rows under each row of the table.
    pub breakdown: bool,
    /// Newest first.
    pub descending: bool,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// The week's first day; by default Monday for all agents together and Sunday for
    /// one (as ccusage).
    pub start_of_week: Option<Weekday>,
    /// The billing block's length (`blocks`).
    pub block_hours: f64,
    /// Only the active block (`blocks --active`).
    pub active_only: bool,
    /// Only blocks of the last three days, and the active one (`blocks --recent`).
    pub recent_only: bool,
}

impl Default for UsageOptions {
    fn default() -> Self {
        UsageOptions {
            json: false,
            breakdown: false,
            descending: false,
            since: None,
            until: None,
            start_of_week: None,
            block_hours: 5.0,
            active_only: false,
            recent_only: false,
        }
    }
}

/// `YYYY-MM-DD` or ccusage's `YYYYMMDD`.
pub(super) fn date(flag: &str, text: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y%m%d"))
        .map_err(|_| usage(format!("{flag}: {text:?} is not a date (YYYY-MM-DD or YYYYMMDD)")))
}

pub(super) fn order(text: &str) -> Result<bool, CliError> {
    match text {
        "asc" => Ok(false),
        "desc" => Ok(true),
        other => Err(usage(format!("--order: {other:?} is not asc or desc"))),
    }
}

pub(super) fn weekday(text: &str) -> Result<Weekday, CliError> {
    text.parse::<Weekday>().map_err(|_| usage(format!("--start-of-week: {text:?} is not a day of the week (sunday, monday, …)")))
}

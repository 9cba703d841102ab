//! Metrics: one function per definition of spec section 4, over plain slices so each
//! can be tested on a handful of hand-built events.

pub mod activity;
pub mod code;
pub mod commands;
pub mod conversation;
pub mod daily;
pub mod pattern_catalogue;
pub mod patterns;
pub mod practices;
pub mod quality;
pub mod rule_catalogue;
pub mod rules;
pub mod selection;
pub mod tool_use;
pub mod tools;
pub mod trends;
pub mod usage;

use crate::sessions::DEFAULT_IDLE_CUTOFF_MS;
use crate::timezone::Tz;

/// The user's settings that change how figures are computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub idle_cutoff_ms: i64,
    pub time_zone: Tz,
    /// What an hour of a developer's time costs, for the estimated loss.
    pub hourly_rate_usd: f64,
    /// Minutes to fix a rule hit, by severity, for the estimated loss.
    pub minutes_to_fix: rules::MinutesToFix,
}

pub const DEFAULT_HOURLY_RATE_USD: f64 = 100.0;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            idle_cutoff_ms: DEFAULT_IDLE_CUTOFF_MS,
            time_zone: Tz::UTC,
            hourly_rate_usd: DEFAULT_HOURLY_RATE_USD,
            minutes_to_fix: rules::MinutesToFix::default(),
        }
    }
}

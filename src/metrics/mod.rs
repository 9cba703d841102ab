//! Metrics: one function per definition of spec section 4, over plain slices so each
//! can be tested on a handful of hand-built events.

pub mod activity;
pub mod daily;
pub mod usage;

use crate::sessions::DEFAULT_IDLE_CUTOFF_MS;
use crate::timezone::Tz;

/// The user's settings that change how figures are computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub idle_cutoff_ms: i64,
    pub time_zone: Tz,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { idle_cutoff_ms: DEFAULT_IDLE_CUTOFF_MS, time_zone: Tz::UTC }
    }
}

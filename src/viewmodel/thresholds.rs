//! Every setting a user can adjust beyond the filters, in one list read by the URL
//! (`controls`), the page's inputs and the command line: the idle cutoff, the time zone and
//! the hourly rate (the controls bar; `--idle-minutes`, `--tz`, `--hourly-rate`), minutes to
//! fix a rule hit of each severity and the pattern cards' thresholds (the settings panel).
//! The command line takes every one as `--set KEY=VALUE` too.

use super::controls::Controls;
use crate::sessions::{MAX_IDLE_CUTOFF_MS, MIN_IDLE_CUTOFF_MS};
use crate::timezone::parse_time_zone;

/// One adjustable setting.
pub struct Adjustable {
    /// Its query key (and `--set` key).
    pub key: &'static str,
    /// The command line's own flag for it, besides `--set`.
    pub flag: Option<&'static str>,
    pub label: &'static str,
    /// The heading it goes under.
    pub group: &'static str,
    pub value: Value,
}

/// What kind of value a setting takes.
#[derive(Clone, Copy)]
pub enum Value {
    /// A number within bounds, in the unit its label names.
    Number { min: f64, max: f64, step: f64, get: fn(&Controls) -> f64, set: fn(&mut Controls, f64) },
    /// An IANA time-zone name.
    Zone,
}

/// The idle cutoff, the time zone and the hourly rate: the controls bar's.
pub const SETTINGS: &str = "Settings";
const FIX: &str = "Minutes to fix a rule hit";
const PATTERNS: &str = "Pattern cards";

/// The idle cutoff between two sessions, in minutes.
pub const IDLE: Adjustable = Adjustable {
    key: "idle",
    flag: Some("--idle-minutes"),
    label: "Idle cutoff (min)",
    group: SETTINGS,
    value: Value::Number {
        min: (MIN_IDLE_CUTOFF_MS / 60_000) as f64,
        max: (MAX_IDLE_CUTOFF_MS / 60_000) as f64,
        step: 1.0,
        get: |c| (c.settings.idle_cutoff_ms / 60_000) as f64,
        set: |c, v| c.settings.idle_cutoff_ms = v.round() as i64 * 60_000,
    },
};

/// The display time zone.
pub const TIME_ZONE: Adjustable = Adjustable { key: "tz", flag: Some("--tz"), label: "Time zone", group: SETTINGS, value: Value::Zone };

/// The hourly rate corrections are costed at.
pub const HOURLY_RATE: Adjustable = Adjustable {
    key: "rate",
    flag: Some("--hourly-rate"),
    label: "Hourly rate (USD)",
    group: SETTINGS,
    value: Value::Number { min: 0.0, max: 10_000.0, step: 5.0, get: |c| c.settings.hourly_rate_usd, set: |c, v| c.settings.hourly_rate_usd = v },
};

pub const ADJUSTABLE: [Adjustable; 19] = [
    IDLE,
    TIME_ZONE,
    HOURLY_RATE,
    Adjustable {
        key: "fix_critical",
        flag: None,
        label: "critical",
        group: FIX,
        value: Value::Number {
            min: 0.0,
            max: 240.0,
            step: 1.0,
            get: |c| c.settings.minutes_to_fix.critical,
            set: |c, v| c.settings.minutes_to_fix.critical = v,
        },
    },
    Adjustable {
        key: "fix_warning",
        flag: None,
        label: "warning",
        group: FIX,
        value: Value::Number { min: 0.0, max: 240.0, step: 1.0, get: |c| c.settings.minutes_to_fix.warning, set: |c, v| c.settings.minutes_to_fix.warning = v },
    },
    Adjustable {
        key: "fix_info",
        flag: None,
        label: "info",
        group: FIX,
        value: Value::Number { min: 0.0, max: 240.0, step: 1.0, get: |c| c.settings.minutes_to_fix.info, set: |c, v| c.settings.minutes_to_fix.info = v },
    },
    Adjustable {
        key: "p_min",
        flag: None,
        label: "sessions a person needs",
        group: PATTERNS,
        value: Value::Number { min: 1.0, max: 1000.0, step: 1.0, get: |c| c.patterns.min_sessions as f64, set: |c, v| c.patterns.min_sessions = v as usize },
    },
    Adjustable {
        key: "p_long",
        flag: None,
        label: "long session (min)",
        group: PATTERNS,
        value: Value::Number { min: 1.0, max: 600.0, step: 1.0, get: |c| c.patterns.long_minutes, set: |c, v| c.patterns.long_minutes = v },
    },
    Adjustable {
        key: "p_long_acc",
        flag: None,
        label: "long session: acceptance below",
        group: PATTERNS,
        value: Value::Number { min: 0.0, max: 1.0, step: 0.05, get: |c| c.patterns.long_acceptance, set: |c, v| c.patterns.long_acceptance = v },
    },
    Adjustable {
        key: "p_short",
        flag: None,
        label: "short session (min)",
        group: PATTERNS,
        value: Value::Number { min: 1.0, max: 600.0, step: 1.0, get: |c| c.patterns.short_minutes, set: |c, v| c.patterns.short_minutes = v },
    },
    Adjustable {
        key: "p_short_acc",
        flag: None,
        label: "short session: acceptance at least",
        group: PATTERNS,
        value: Value::Number { min: 0.0, max: 1.0, step: 0.05, get: |c| c.patterns.short_acceptance, set: |c, v| c.patterns.short_acceptance = v },
    },
    Adjustable {
        key: "p_cv",
        flag: None,
        label: "consistent: variation below",
        group: PATTERNS,
        value: Value::Number { min: 0.0, max: 5.0, step: 0.05, get: |c| c.patterns.consistent_cv, set: |c, v| c.patterns.consistent_cv = v },
    },
    Adjustable {
        key: "p_bi_short",
        flag: None,
        label: "bimodal: short under (min)",
        group: PATTERNS,
        value: Value::Number { min: 0.5, max: 600.0, step: 0.5, get: |c| c.patterns.bimodal_short_minutes, set: |c, v| c.patterns.bimodal_short_minutes = v },
    },
    Adjustable {
        key: "p_bi_long",
        flag: None,
        label: "bimodal: long over (min)",
        group: PATTERNS,
        value: Value::Number { min: 1.0, max: 600.0, step: 1.0, get: |c| c.patterns.bimodal_long_minutes, set: |c, v| c.patterns.bimodal_long_minutes = v },
    },
    Adjustable {
        key: "p_bi_end",
        flag: None,
        label: "bimodal: each end at least",
        group: PATTERNS,
        value: Value::Number { min: 0.0, max: 0.5, step: 0.05, get: |c| c.patterns.bimodal_end_share, set: |c, v| c.patterns.bimodal_end_share = v },
    },
    Adjustable {
        key: "p_bi_mid",
        flag: None,
        label: "bimodal: between below",
        group: PATTERNS,
        value: Value::Number { min: 0.0, max: 1.0, step: 0.05, get: |c| c.patterns.bimodal_middle_share, set: |c, v| c.patterns.bimodal_middle_share = v },
    },
    Adjustable {
        key: "p_decl_weeks",
        flag: None,
        label: "declining: weeks at least",
        group: PATTERNS,
        value: Value::Number { min: 2.0, max: 104.0, step: 1.0, get: |c| c.patterns.decline_weeks as f64, set: |c, v| c.patterns.decline_weeks = v as usize },
    },
    Adjustable {
        key: "p_decl_slope",
        flag: None,
        label: "declining: weekly fall beyond (share of mean)",
        group: PATTERNS,
        value: Value::Number { min: 0.0, max: 1.0, step: 0.05, get: |c| c.patterns.decline_slope, set: |c, v| c.patterns.decline_slope = v },
    },
    Adjustable {
        key: "p_budget",
        flag: None,
        label: "session budget (min)",
        group: PATTERNS,
        value: Value::Number { min: 1.0, max: 600.0, step: 1.0, get: |c| c.patterns.budget_minutes, set: |c, v| c.patterns.budget_minutes = v },
    },
];

impl Adjustable {
    /// The setting a query key (or `--set` key) names.
    pub fn by_key(key: &str) -> Option<&'static Adjustable> {
        ADJUSTABLE.iter().find(|adjustable| adjustable.key == key)
    }

    /// The setting a command-line flag names.
    pub fn by_flag(flag: &str) -> Option<&'static Adjustable> {
        ADJUSTABLE.iter().find(|adjustable| adjustable.flag == Some(flag))
    }

    /// Its value in `controls`, as the URL and the inputs show it.
    pub fn text(&self, controls: &Controls) -> String {
        match self.value {
            Value::Number { get, .. } => get(controls).to_string(),
            Value::Zone => controls.settings.time_zone.name().to_owned(),
        }
    }

    /// Sets the value a page input or the URL gave: a number is kept within bounds, and a
    /// value that is no number (or no zone) is ignored.
    pub fn apply(&self, controls: &mut Controls, text: &str) {
        match self.value {
            Value::Number { min, max, set, .. } => {
                if let Some(value) = text.trim().parse::<f64>().ok().filter(|value| value.is_finite()) {
                    set(controls, value.clamp(min, max));
                }
            }
            Value::Zone => {
                if let Ok(zone) = parse_time_zone(text.trim()) {
                    controls.settings.time_zone = zone;
                }
            }
        }
    }

    /// Sets the value the command line gave (`name` is how it was given: the flag, or
    /// `--set KEY`), refusing what is no number, not finite, out of bounds, or no zone.
    pub fn apply_strictly(&self, controls: &mut Controls, name: &str, text: &str) -> Result<(), String> {
        match self.value {
            Value::Number { min, max, set, .. } => {
                let value = text.trim().parse::<f64>().ok().filter(|value| value.is_finite()).ok_or_else(|| format!("{name}: {text:?} is not a number"))?;
                if !(min..=max).contains(&value) {
                    return Err(format!("{name} must be between {min} and {max}"));
                }
                set(controls, value);
            }
            Value::Zone => controls.settings.time_zone = parse_time_zone(text.trim()).map_err(|problem| format!("{name}: {problem}"))?,
        }
        Ok(())
    }
}

//! The numbers a user can adjust beyond the filters: minutes to fix a rule hit of each
//! severity, and the pattern cards' thresholds. One list, read by the URL (`controls`)
//! and the settings panel alike.

use super::controls::Controls;

/// One adjustable number.
pub struct Adjustable {
    /// Its query key.
    pub key: &'static str,
    pub label: &'static str,
    /// The settings panel's heading it goes under.
    pub group: &'static str,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    pub get: fn(&Controls) -> f64,
    pub set: fn(&mut Controls, f64),
}

const FIX: &str = "Minutes to fix a rule hit";
const PATTERNS: &str = "Pattern cards";

pub const ADJUSTABLE: [Adjustable; 16] = [
    Adjustable {
        key: "fix_critical",
        label: "critical",
        group: FIX,
        min: 0.0,
        max: 240.0,
        step: 1.0,
        get: |c| c.settings.minutes_to_fix.critical,
        set: |c, v| c.settings.minutes_to_fix.critical = v,
    },
    Adjustable {
        key: "fix_warning",
        label: "warning",
        group: FIX,
        min: 0.0,
        max: 240.0,
        step: 1.0,
        get: |c| c.settings.minutes_to_fix.warning,
        set: |c, v| c.settings.minutes_to_fix.warning = v,
    },
    Adjustable {
        key: "fix_info",
        label: "info",
        group: FIX,
        min: 0.0,
        max: 240.0,
        step: 1.0,
        get: |c| c.settings.minutes_to_fix.info,
        set: |c, v| c.settings.minutes_to_fix.info = v,
    },
    Adjustable {
        key: "p_min",
        label: "sessions a person needs",
        group: PATTERNS,
        min: 1.0,
        max: 1000.0,
        step: 1.0,
        get: |c| c.patterns.min_sessions as f64,
        set: |c, v| c.patterns.min_sessions = v as usize,
    },
    Adjustable {
        key: "p_long",
        label: "long session (min)",
        group: PATTERNS,
        min: 1.0,
        max: 600.0,
        step: 1.0,
        get: |c| c.patterns.long_minutes,
        set: |c, v| c.patterns.long_minutes = v,
    },
    Adjustable {
        key: "p_long_acc",
        label: "long session: acceptance below",
        group: PATTERNS,
        min: 0.0,
        max: 1.0,
        step: 0.05,
        get: |c| c.patterns.long_acceptance,
        set: |c, v| c.patterns.long_acceptance = v,
    },
    Adjustable {
        key: "p_short",
        label: "short session (min)",
        group: PATTERNS,
        min: 1.0,
        max: 600.0,
        step: 1.0,
        get: |c| c.patterns.short_minutes,
        set: |c, v| c.patterns.short_minutes = v,
    },
    Adjustable {
        key: "p_short_acc",
        label: "short session: acceptance at least",
        group: PATTERNS,
        min: 0.0,
        max: 1.0,
        step: 0.05,
        get: |c| c.patterns.short_acceptance,
        set: |c, v| c.patterns.short_acceptance = v,
    },
    Adjustable {
        key: "p_cv",
        label: "consistent: variation below",
        group: PATTERNS,
        min: 0.0,
        max: 5.0,
        step: 0.05,
        get: |c| c.patterns.consistent_cv,
        set: |c, v| c.patterns.consistent_cv = v,
    },
    Adjustable {
        key: "p_bi_short",
        label: "bimodal: short under (min)",
        group: PATTERNS,
        min: 0.5,
        max: 600.0,
        step: 0.5,
        get: |c| c.patterns.bimodal_short_minutes,
        set: |c, v| c.patterns.bimodal_short_minutes = v,
    },
    Adjustable {
        key: "p_bi_long",
        label: "bimodal: long over (min)",
        group: PATTERNS,
        min: 1.0,
        max: 600.0,
        step: 1.0,
        get: |c| c.patterns.bimodal_long_minutes,
        set: |c, v| c.patterns.bimodal_long_minutes = v,
    },
    Adjustable {
        key: "p_bi_end",
        label: "bimodal: each end at least",
        group: PATTERNS,
        min: 0.0,
        max: 0.5,
        step: 0.05,
        get: |c| c.patterns.bimodal_end_share,
        set: |c, v| c.patterns.bimodal_end_share = v,
    },
    Adjustable {
        key: "p_bi_mid",
        label: "bimodal: between below",
        group: PATTERNS,
        min: 0.0,
        max: 1.0,
        step: 0.05,
        get: |c| c.patterns.bimodal_middle_share,
        set: |c, v| c.patterns.bimodal_middle_share = v,
    },
    Adjustable {
        key: "p_decl_weeks",
        label: "declining: weeks at least",
        group: PATTERNS,
        min: 2.0,
        max: 104.0,
        step: 1.0,
        get: |c| c.patterns.decline_weeks as f64,
        set: |c, v| c.patterns.decline_weeks = v as usize,
    },
    Adjustable {
        key: "p_decl_slope",
        label: "declining: weekly fall beyond (share of mean)",
        group: PATTERNS,
        min: 0.0,
        max: 1.0,
        step: 0.05,
        get: |c| c.patterns.decline_slope,
        set: |c, v| c.patterns.decline_slope = v,
    },
    Adjustable {
        key: "p_budget",
        label: "session budget (min)",
        group: PATTERNS,
        min: 1.0,
        max: 600.0,
        step: 1.0,
        get: |c| c.patterns.budget_minutes,
        set: |c, v| c.patterns.budget_minutes = v,
    },
];

impl Adjustable {
    /// Sets the value a user gave, kept within bounds; a value that is no number is
    /// ignored.
    pub fn apply(&self, controls: &mut Controls, text: &str) {
        if let Some(value) = text.trim().parse::<f64>().ok().filter(|value| value.is_finite()) {
            (self.set)(controls, value.clamp(self.min, self.max));
        }
    }
}

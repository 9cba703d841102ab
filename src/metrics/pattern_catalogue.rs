//! The pattern cards' catalogue: each pattern with its name and advice, and the
//! thresholds it is read against (spec section 4.2's defaults, adjustable in the page's
//! settings, its URL and the CLI's `--set`). The detectors are in `patterns`.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pattern {
    LongLowOutput,
    ShortHighOutput,
    ConsistentDuration,
    Bimodal,
    DecliningUsage,
    SessionBudget,
}

impl Pattern {
    pub const ALL: [Pattern; 6] =
        [Pattern::LongLowOutput, Pattern::ShortHighOutput, Pattern::ConsistentDuration, Pattern::Bimodal, Pattern::DecliningUsage, Pattern::SessionBudget];

    /// `data-pattern`.
    pub fn name(self) -> &'static str {
        match self {
            Pattern::LongLowOutput => "long_low_output",
            Pattern::ShortHighOutput => "short_high_output",
            Pattern::ConsistentDuration => "consistent_duration",
            Pattern::Bimodal => "bimodal",
            Pattern::DecliningUsage => "declining_usage",
            Pattern::SessionBudget => "session_budget",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Pattern::LongLowOutput => "Long sessions, little kept",
            Pattern::ShortHighOutput => "Short sessions, most kept",
            Pattern::ConsistentDuration => "Steady session length",
            Pattern::Bimodal => "Quick lookups and deep dives",
            Pattern::DecliningUsage => "Use is falling off",
            Pattern::SessionBudget => "Over the session budget without a change",
        }
    }

    /// What the pattern means and what to do about it.
    pub fn advice(self) -> &'static str {
        match self {
            Pattern::LongLowOutput => {
                "These sessions ran long, burned more tokens than usual and kept under half of the proposed edits: the agent was being steered more than it was helping. Look at what the work was. If it is hard domain logic, the agent may not fit it, and that is fine; if it is work the agent handles well for others, a teammate's prompts or a written plan first may help."
            }
            Pattern::ShortHighOutput => {
                "Quick sessions whose edits were nearly all kept: the person knows what to ask for. Find out which tasks these are and share the way of asking with the team; it is the easiest win to spread."
            }
            Pattern::ConsistentDuration => {
                "Sessions of about the same length, time after time: the agent has become part of a routine. Nothing to do unless other cards say the routine could be better."
            }
            Pattern::Bimodal => {
                "Two ways of working: very short sessions and very long ones, little in between. The short ones should keep most edits; if the long ones do not end in kept changes, that is where help pays off."
            }
            Pattern::DecliningUsage => {
                "Fewer sessions week after week, and they got shorter or lighter. Ask how the tool has been working out, not why it is used less: the answer tells a tool that does not fit this work from a setup or context problem that can be fixed."
            }
            Pattern::SessionBudget => {
                "Sessions that went past the budget without one applied edit. A gentle nudge, not a rule: past that point, switching to manual work or starting again with a narrower prompt often costs less."
            }
        }
    }
}

/// The thresholds, each shown on its card and adjustable (spec section 4.2's defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PatternThresholds {
    /// Sessions a person needs before any pattern is read from them.
    pub min_sessions: usize,
    pub long_minutes: f64,
    /// Long sessions count when their acceptance is below this.
    pub long_acceptance: f64,
    pub short_minutes: f64,
    /// Short sessions count when their acceptance is at least this.
    pub short_acceptance: f64,
    /// Consistent when the coefficient of variation of durations is below this.
    pub consistent_cv: f64,
    pub bimodal_short_minutes: f64,
    pub bimodal_long_minutes: f64,
    /// Each end holds at least this share of sessions…
    pub bimodal_end_share: f64,
    /// …and the middle less than this.
    pub bimodal_middle_share: f64,
    /// Weeks the decline is read over, at least.
    pub decline_weeks: usize,
    /// The weekly count's slope must be below minus this share of its mean, per week.
    pub decline_slope: f64,
    pub budget_minutes: f64,
}

impl Default for PatternThresholds {
    fn default() -> Self {
        PatternThresholds {
            min_sessions: 5,
            long_minutes: 30.0,
            long_acceptance: 0.5,
            short_minutes: 5.0,
            short_acceptance: 0.8,
            consistent_cv: 0.35,
            bimodal_short_minutes: 2.0,
            bimodal_long_minutes: 30.0,
            bimodal_end_share: 0.25,
            bimodal_middle_share: 0.20,
            decline_weeks: 4,
            decline_slope: 0.10,
            budget_minutes: 20.0,
        }
    }
}

//! The rule catalogue (spec section 4.3) and the estimated loss: each hit costs the
//! minutes its severity takes to fix, at the user's hourly rate. This is the one place
//! the catalogue lives; the page lists it.

use super::conversation::ConversationStats;
use super::tool_use::ToolUse;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

impl Severity {
    /// Default minutes to fix one hit.
    pub fn minutes_to_fix(self) -> f64 {
        match self {
            Severity::Critical => 9.0,
            Severity::Warning => 5.0,
            Severity::Info => 2.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub name: &'static str,
    pub severity: Severity,
    pub description: &'static str,
}

pub const TOOL_ERROR: Rule = Rule {
    name: "tool_error",
    severity: Severity::Warning,
    description: "A tool call failed (not a rejection or interruption): a command error, text not found, a file not read first.",
};
pub const REJECTED_CALL: Rule = Rule {
    name: "rejected_call",
    severity: Severity::Info,
    description: "The user declined a tool call the agent proposed.",
};
pub const INTERRUPTED: Rule = Rule {
    name: "interrupted",
    severity: Severity::Info,
    description: "The user interrupted the agent while it was working.",
};

pub const CATALOGUE: [Rule; 3] = [TOOL_ERROR, REJECTED_CALL, INTERRUPTED];

/// How often each rule fired.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleCounts {
    pub tool_errors: u64,
    pub rejected_calls: u64,
    pub interruptions: u64,
}

impl RuleCounts {
    pub fn of(uses: &[ToolUse<'_>], conversation: &ConversationStats) -> RuleCounts {
        RuleCounts {
            tool_errors: uses.iter().filter(|tool_use| tool_use.is_failure()).count() as u64,
            rejected_calls: uses.iter().filter(|tool_use| tool_use.is_rejected()).count() as u64,
            interruptions: conversation.interruptions,
        }
    }

    pub fn merge(&mut self, other: &RuleCounts) {
        self.tool_errors += other.tool_errors;
        self.rejected_calls += other.rejected_calls;
        self.interruptions += other.interruptions;
    }

    pub fn hits(&self) -> [(Rule, u64); 3] {
        [(TOOL_ERROR, self.tool_errors), (REJECTED_CALL, self.rejected_calls), (INTERRUPTED, self.interruptions)]
    }

    pub fn hits_of(&self, severity: Severity) -> u64 {
        self.hits().iter().filter(|(rule, _)| rule.severity == severity).map(|(_, count)| count).sum()
    }

    /// Σ hits × minutes to fix.
    pub fn minutes_to_fix(&self) -> f64 {
        self.hits().iter().map(|(rule, count)| *count as f64 * rule.severity.minutes_to_fix()).sum()
    }

    /// Minutes to fix × hourly rate.
    pub fn estimated_loss_usd(&self, hourly_rate_usd: f64) -> f64 {
        self.minutes_to_fix() / 60.0 * hourly_rate_usd
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_is_minutes_times_rate() {
        let counts = RuleCounts { tool_errors: 3, rejected_calls: 2, interruptions: 1 };
        // 3 × 5 + 2 × 2 + 1 × 2 = 21 minutes at $100/h
        assert!((counts.estimated_loss_usd(100.0) - 35.0).abs() < 1e-12);
        assert_eq!(counts.hits_of(Severity::Info), 3);
        assert_eq!(counts.hits_of(Severity::Critical), 0);
    }
}

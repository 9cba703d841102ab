//! The rule catalogue (spec section 4.3, seed 001's violation card): each rule with its
//! severity, whether a hit is charged in the estimated loss, and the minutes a severity
//! takes to fix (adjustable). This is the one place the catalogue lives: the page and the
//! report list it, `rules` finds its hits.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Critical, Severity::Warning, Severity::Info];

    /// Default minutes to fix one hit.
    pub fn default_minutes(self) -> f64 {
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

/// Minutes to fix one hit of each severity (a setting; seed 001's 9, 5 and 2 by default).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MinutesToFix {
    pub critical: f64,
    pub warning: f64,
    pub info: f64,
}

impl Default for MinutesToFix {
    fn default() -> Self {
        MinutesToFix { critical: Severity::Critical.default_minutes(), warning: Severity::Warning.default_minutes(), info: Severity::Info.default_minutes() }
    }
}

impl MinutesToFix {
    pub fn of(&self, severity: Severity) -> f64 {
        match severity {
            Severity::Critical => self.critical,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub name: &'static str,
    pub severity: Severity,
    pub description: &'static str,
    /// Whether a hit is charged as a person's minutes in the estimated loss: a failure the
    /// agent got past by itself is counted, not charged.
    pub charged: bool,
}

pub const BUILD_BROKEN_AFTER_EDIT: Rule = Rule {
    name: "build_broken_after_edit",
    severity: Severity::Critical,
    description: "A build or test command failed right after the agent changed code (an edit was applied since the last build or test), and no later build or test in the session passed.",
    charged: true,
};
pub const RECOVERED_BUILD_BREAK: Rule = Rule {
    name: "recovered_build_break",
    severity: Severity::Critical,
    description: "A build or test failed right after the agent changed code and a later build or test in the session passed: the agent fixed it by itself (counted, not charged).",
    charged: false,
};
pub const TESTS_FAILING_AT_END: Rule =
    Rule { name: "tests_failing_at_end", severity: Severity::Critical, description: "The session's last test run still had failing tests.", charged: true };
pub const EDIT_UNREAD_FILE: Rule = Rule {
    name: "edit_unread_file",
    severity: Severity::Info,
    description: "The agent edited a file it had not read (or written) earlier in the session: a risk to review (counted, not charged).",
    charged: false,
};
pub const TODO_LEFT: Rule = Rule {
    name: "todo_left",
    severity: Severity::Warning,
    description: "An applied edit wrote TODO, FIXME, unimplemented!() or todo!() into a code file.",
    charged: true,
};
pub const REPEATED_TOOL_ERROR: Rule = Rule {
    name: "repeated_tool_error",
    severity: Severity::Warning,
    description: "The same tool failed three times in a row and no later call of it in the session succeeded.",
    charged: true,
};
pub const TOOL_ERROR: Rule = Rule {
    name: "tool_error",
    severity: Severity::Warning,
    description: "A tool call failed (not a rejection or interruption) and no later call of the same tool in the session succeeded.",
    charged: true,
};
pub const RECOVERED_TOOL_ERROR: Rule = Rule {
    name: "recovered_tool_error",
    severity: Severity::Info,
    description: "A tool call failed and a later call of the same tool in the session succeeded: the agent got past it by itself (counted, not charged).",
    charged: false,
};
pub const REJECTED_CALL: Rule = Rule {
    name: "rejected_call",
    severity: Severity::Info,
    description: "The user declined a tool call the agent proposed: review the user does either way (counted, not charged).",
    charged: false,
};
pub const INTERRUPTED: Rule =
    Rule { name: "interrupted", severity: Severity::Info, description: "The user interrupted the agent while it was working.", charged: true };

pub const CATALOGUE: [Rule; 10] = [
    BUILD_BROKEN_AFTER_EDIT,
    RECOVERED_BUILD_BREAK,
    TESTS_FAILING_AT_END,
    EDIT_UNREAD_FILE,
    TODO_LEFT,
    REPEATED_TOOL_ERROR,
    TOOL_ERROR,
    RECOVERED_TOOL_ERROR,
    REJECTED_CALL,
    INTERRUPTED,
];

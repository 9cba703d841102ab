//! Quality signals (spec section 4.3, seed 002): what became of the lines the agent
//! proposed, the tests it ran, and the class of a session that follows from them.
//!
//! - generated: lines added by every edit the agent proposed (Edit, MultiEdit, Write,
//!   NotebookEdit), whatever became of it;
//! - accepted: lines added by applied edits (the recorded patch, or the proposal);
//! - discarded: lines added by edits the user rejected;
//! - corrected: lines an applied edit added that a later applied edit of the same file in
//!   the same session removed again (each line counted once);
//! - slop ratio = (discarded + corrected) / accepted;
//! - test pass rate = passed / (passed + failed), over the test runs whose summary was
//!   read; runs whose output held no summary are counted as runs, their result unknown.
//!
//! Class of a session: *production* (slop ratio below 0.20 and pass rate above 90 %),
//! *review* (below 0.50 and above 70 %), *slop* otherwise; *no tests run* when no test
//! run's result is known (never a guess). A session with nothing accepted has a slop
//! ratio of 0 when nothing was discarded or corrected either, else counts as slop.

use super::code::{applied_lines, is_edit_tool};
use super::tool_use::ToolUse;
use crate::model::{CheckKind, CheckRun, TestCounts, TextMap};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QualityStats {
    pub lines_generated: u64,
    pub lines_accepted: u64,
    pub lines_discarded: u64,
    pub lines_corrected: u64,
    /// Test commands run.
    pub test_runs: u64,
    /// Those whose output's summary was read.
    pub test_runs_known: u64,
    /// Their tests, summed.
    pub tests: TestCounts,
}

/// The class of a session (or of all of them together).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    Production,
    Review,
    Slop,
    NoTests,
}

impl Classification {
    pub const ALL: [Classification; 4] = [Classification::Production, Classification::Review, Classification::Slop, Classification::NoTests];

    pub fn code(self) -> &'static str {
        match self {
            Classification::Production => "production",
            Classification::Review => "review",
            Classification::Slop => "slop",
            Classification::NoTests => "no_tests",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Classification::Production => "production",
            Classification::Review => "review",
            Classification::Slop => "slop",
            Classification::NoTests => "no tests run",
        }
    }
}

/// Slop ratio and pass rate bounds of the classes (seed 002).
pub const PRODUCTION_SLOP_BELOW: f64 = 0.20;
pub const PRODUCTION_PASS_ABOVE: f64 = 0.90;
pub const REVIEW_SLOP_BELOW: f64 = 0.50;
pub const REVIEW_PASS_ABOVE: f64 = 0.70;

impl QualityStats {
    pub fn merge(&mut self, other: &QualityStats) {
        self.lines_generated += other.lines_generated;
        self.lines_accepted += other.lines_accepted;
        self.lines_discarded += other.lines_discarded;
        self.lines_corrected += other.lines_corrected;
        self.test_runs += other.test_runs;
        self.test_runs_known += other.test_runs_known;
        self.tests.add(other.tests);
    }

    /// (discarded + corrected) / accepted; `None` with nothing accepted.
    pub fn slop_ratio(&self) -> Option<f64> {
        (self.lines_accepted > 0).then(|| (self.lines_discarded + self.lines_corrected) as f64 / self.lines_accepted as f64)
    }

    /// Passed / (passed + failed) of the runs whose result is known; `None` without any.
    pub fn test_pass_rate(&self) -> Option<f64> {
        let decided = u64::from(self.tests.passed) + u64::from(self.tests.failed);
        (decided > 0).then(|| f64::from(self.tests.passed) / decided as f64)
    }

    pub fn classification(&self) -> Classification {
        let Some(pass_rate) = self.test_pass_rate() else { return Classification::NoTests };
        let slop = self.slop_ratio().unwrap_or(if self.lines_discarded + self.lines_corrected == 0 { 0.0 } else { f64::INFINITY });
        if slop < PRODUCTION_SLOP_BELOW && pass_rate > PRODUCTION_PASS_ABOVE {
            Classification::Production
        } else if slop < REVIEW_SLOP_BELOW && pass_rate > REVIEW_PASS_ABOVE {
            Classification::Review
        } else {
            Classification::Slop
        }
    }
}

/// The quality signals of one session's tool uses (in call order); `checks` is the
/// dataset's build and test runs.
pub fn quality_stats(uses: &[ToolUse<'_>], checks: &[CheckRun]) -> QualityStats {
    let mut stats = QualityStats::default();
    // Lines this session added to each file and no later edit has removed yet.
    let mut fresh_lines: TextMap<u64> = TextMap::default();
    for tool_use in uses {
        if is_edit_tool(tool_use.tool) {
            let proposed = tool_use.proposed.map_or(0, |lines| u64::from(lines.added));
            stats.lines_generated += proposed;
            if let Some(lines) = applied_lines(tool_use) {
                stats.lines_accepted += u64::from(lines.added);
                if let Some(file) = tool_use.file_id() {
                    let fresh = fresh_lines.entry(file);
                    let rewritten = (*fresh).min(u64::from(lines.removed));
                    stats.lines_corrected += rewritten;
                    *fresh = *fresh - rewritten + u64::from(lines.added);
                }
            } else if tool_use.is_rejected() {
                stats.lines_discarded += proposed;
            }
        }
        let test_run = tool_use.outcome.and_then(|outcome| outcome.check).and_then(|index| checks.get(index as usize));
        if let Some(CheckRun { kind: CheckKind::Test(_), counts, .. }) = test_run {
            stats.test_runs += 1;
            if let Some(counts) = counts {
                stats.test_runs_known += 1;
                stats.tests.add(*counts);
            }
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tool_use::fixtures::*;
    use crate::metrics::tool_use::pair_tool_uses;
    use crate::model::{Event, EventKind, Runner};

    fn tested(second: i64, id: &str, check: u32) -> Event {
        at(
            second,
            EventKind::ToolResult {
                tool_use_id: id.into(),
                is_error: false,
                is_rejection: false,
                is_interruption: false,
                writes_todo: false,
                applied: None,
                check: Some(crate::model::CheckIndex::of(check)),
                error: None,
            },
        )
    }

    fn stats_of(events: &[Event], checks: &[CheckRun]) -> QualityStats {
        let refs: Vec<&Event> = events.iter().collect();
        let texts = texts();
        quality_stats(&pair_tool_uses(&refs, &texts), checks)
    }

    fn test_run(passed: u32, failed: u32) -> CheckRun {
        CheckRun { kind: CheckKind::Test(Runner::Cargo), counts: Some(TestCounts { passed, failed, skipped: 0 }), failing_tests: Vec::new() }
    }

    #[test]
    fn lines_generated_accepted_discarded_and_corrected() {
        let events = [
            call(0, "a", "Edit", Some("lib.rs"), Some((10, 0))),
            applied(1, "a", 10, 0),
            call(2, "b", "Edit", Some("lib.rs"), Some((4, 3))),
            applied(3, "b", 4, 3),
            call(4, "c", "Write", Some("new.rs"), Some((20, 0))),
            rejected(5, "c"),
            call(6, "d", "Edit", Some("other.rs"), Some((5, 7))),
            applied(7, "d", 5, 7),
        ];
        let stats = stats_of(&events, &[]);
        assert_eq!(stats.lines_generated, 10 + 4 + 20 + 5);
        assert_eq!(stats.lines_accepted, 10 + 4 + 5);
        assert_eq!(stats.lines_discarded, 20);
        // b removed 3 of the 10 lines a added; d removed lines of other.rs the session had
        // not added.
        assert_eq!(stats.lines_corrected, 3);
        assert_eq!(stats.slop_ratio(), Some(23.0 / 19.0));
    }

    #[test]
    fn test_runs_with_unknown_results_count_as_runs_only() {
        let checks = [
            test_run(9, 1),
            CheckRun { kind: CheckKind::Test(Runner::Other), counts: None, failing_tests: Vec::new() },
            CheckRun { kind: CheckKind::Build, counts: None, failing_tests: Vec::new() },
        ];
        let events = [
            call(0, "t", "Bash", Some("cargo test"), None),
            tested(1, "t", 0),
            call(2, "m", "Bash", Some("make test"), None),
            tested(3, "m", 1),
            call(4, "b", "Bash", Some("cargo build"), None),
            tested(5, "b", 2),
        ];
        let stats = stats_of(&events, &checks);
        assert_eq!((stats.test_runs, stats.test_runs_known), (2, 1));
        assert_eq!(stats.test_pass_rate(), Some(0.9));
        let unknown = stats_of(&events[2..4], &checks);
        assert_eq!(unknown.classification(), Classification::NoTests, "a run whose result is unknown is no test result");
    }

    /// Each class, and each just past its bounds.
    #[test]
    fn classification_by_slop_and_pass_rate() {
        let stats = |accepted: u64, discarded: u64, passed: u32, failed: u32| QualityStats {
            lines_accepted: accepted,
            lines_discarded: discarded,
            test_runs: 1,
            test_runs_known: 1,
            tests: TestCounts { passed, failed, skipped: 0 },
            ..QualityStats::default()
        };
        assert_eq!(stats(100, 19, 91, 9).classification(), Classification::Production);
        assert_eq!(stats(100, 20, 91, 9).classification(), Classification::Review, "slop 0.20 is not below 0.20");
        assert_eq!(stats(100, 19, 90, 10).classification(), Classification::Review, "pass 90 % is not above 90 %");
        assert_eq!(stats(100, 49, 71, 29).classification(), Classification::Review);
        assert_eq!(stats(100, 50, 71, 29).classification(), Classification::Slop);
        assert_eq!(stats(100, 10, 70, 30).classification(), Classification::Slop);
        assert_eq!(stats(0, 0, 10, 0).classification(), Classification::Production, "nothing accepted, nothing wasted");
        assert_eq!(stats(0, 5, 10, 0).classification(), Classification::Slop, "only discarded lines");
        assert_eq!(QualityStats::default().classification(), Classification::NoTests);
    }
}

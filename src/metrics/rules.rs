//! The rule catalogue's detectors (spec section 4.3, seed 001's violation card) and the
//! estimated loss: the catalogue itself is `rule_catalogue`; the detectors below find its
//! hits, each naming the position of its line in the session (the drill-down marks it),
//! and each charged hit costs the minutes its severity takes to fix, at the user's rate.

use super::code::{applied_lines, edit_follows_reads, is_edit_tool, is_read_tool, language_of};
use super::tool_use::ToolUse;
use super::tools::recovered_later;
use crate::model::{CheckKind, CheckRun, Event, EventKind, TextId};

pub use super::rule_catalogue::*;

/// Failures of one tool in a row that make a `repeated_tool_error`.
pub const REPEATS: usize = 3;

/// One rule hit: the rule (its place in [`CATALOGUE`]) and the position of its line in
/// the session's events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleHit {
    pub rule: usize,
    pub position: usize,
}

fn rule_index(rule: &Rule) -> usize {
    CATALOGUE.iter().position(|known| known.name == rule.name).unwrap_or(0)
}

/// Whether a build or test run failed: its command failed, or its tests did.
fn check_failed(tool_use: &ToolUse<'_>, check: &CheckRun) -> bool {
    tool_use.is_error() || check.counts.is_some_and(|counts| counts.failed > 0)
}

/// Every hit of the catalogue in one session: its tool uses (in call order, paired from
/// `events`) and the dataset's build and test runs.
pub fn rule_hits(events: &[&Event], uses: &[ToolUse<'_>], checks: &[CheckRun]) -> Vec<RuleHit> {
    let mut hits = Vec::new();
    let mut hit = |rule: &Rule, position: usize| hits.push(RuleHit { rule: rule_index(rule), position });
    let mut edited_since_check = false;
    let mut last_test: Option<(usize, bool)> = None;
    let mut known_files: Vec<TextId> = Vec::new();
    let mut failures_in_a_row: (Option<TextId>, usize) = (None, 0);
    for (index, tool_use) in uses.iter().enumerate() {
        let result_position = tool_use.outcome.map_or(tool_use.position, |outcome| outcome.position);
        let check = tool_use.outcome.and_then(|outcome| outcome.check).and_then(|index| checks.get(index as usize));
        if let Some(check) = check {
            let failed = check_failed(tool_use, check);
            if failed && edited_since_check {
                let passes_later = uses[index + 1..].iter().any(|later| {
                    let later_check = later.outcome.and_then(|outcome| outcome.check).and_then(|index| checks.get(index as usize));
                    later_check.is_some_and(|later_check| !check_failed(later, later_check))
                });
                hit(if passes_later { &RECOVERED_BUILD_BREAK } else { &BUILD_BROKEN_AFTER_EDIT }, result_position);
            }
            edited_since_check = false;
            if matches!(check.kind, CheckKind::Test(_)) {
                last_test = Some((result_position, failed && check.counts.is_none_or(|counts| counts.failed > 0)));
            }
        }
        let file = tool_use.file_id();
        let is_edit = is_edit_tool(tool_use.tool);
        if edit_follows_reads(tool_use.tool) {
            if let Some(file) = file.filter(|file| !known_files.contains(file)) {
                hit(&EDIT_UNREAD_FILE, tool_use.position);
                known_files.push(file);
            }
        }
        if let Some(file) = file.filter(|file| !known_files.contains(file)) {
            if is_read_tool(tool_use.tool) || is_edit {
                known_files.push(file);
            }
        }
        if is_edit && applied_lines(tool_use).is_some() {
            edited_since_check = true;
            let is_code = tool_use.target.is_some_and(|path| !matches!(language_of(path), "Markdown" | "JSON" | "YAML" | "TOML" | "Other"));
            if is_code && tool_use.outcome.is_some_and(|outcome| outcome.writes_todo) {
                hit(&TODO_LEFT, result_position);
            }
        }
        if tool_use.is_failure() {
            // Recovered as the error recovery rate counts it (`metrics::tools`).
            let recovered = recovered_later(uses, index);
            hit(if recovered { &RECOVERED_TOOL_ERROR } else { &TOOL_ERROR }, result_position);
            failures_in_a_row = match failures_in_a_row {
                (Some(tool), count) if tool == tool_use.tool_id => (Some(tool), count + 1),
                _ => (Some(tool_use.tool_id), 1),
            };
            // A run of failures the agent got past is counted by its recovered failures.
            if failures_in_a_row.1 == REPEATS && !recovered {
                hit(&REPEATED_TOOL_ERROR, result_position);
            }
        } else if tool_use.outcome.is_some() {
            failures_in_a_row = (None, 0);
        }
        if tool_use.is_rejected() {
            hit(&REJECTED_CALL, result_position);
        }
    }
    if let Some((position, true)) = last_test {
        hit(&TESTS_FAILING_AT_END, position);
    }
    for (position, event) in events.iter().enumerate() {
        if matches!(event.kind, EventKind::Interruption) {
            hit(&INTERRUPTED, position);
        }
    }
    crate::order::sort_by_key(&mut hits, |hit| hit.position);
    hits
}

/// How often each rule of [`CATALOGUE`] fired.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleCounts {
    pub hits: [u32; CATALOGUE.len()],
}

impl RuleCounts {
    pub fn of(hits: &[RuleHit]) -> RuleCounts {
        let mut counts = RuleCounts::default();
        for hit in hits {
            counts.hits[hit.rule] += 1;
        }
        counts
    }

    pub fn count(&self, rule: &Rule) -> u64 {
        u64::from(self.hits[rule_index(rule)])
    }

    pub fn merge(&mut self, other: &RuleCounts) {
        for (count, other) in self.hits.iter_mut().zip(other.hits) {
            *count = count.saturating_add(other);
        }
    }

    /// Each rule with its count, in catalogue order.
    pub fn hits(&self) -> impl Iterator<Item = (Rule, u64)> + '_ {
        CATALOGUE.iter().zip(self.hits).map(|(rule, count)| (*rule, u64::from(count)))
    }

    /// The charged hits of one severity.
    pub fn hits_of(&self, severity: Severity) -> u64 {
        self.hits().filter(|(rule, _)| rule.charged && rule.severity == severity).map(|(_, count)| count).sum()
    }

    /// The hits counted but not charged (failures the agent got past by itself).
    pub fn uncharged_hits(&self) -> u64 {
        self.hits().filter(|(rule, _)| !rule.charged).map(|(_, count)| count).sum()
    }

    /// Σ charged hits × minutes to fix.
    pub fn minutes_to_fix(&self, minutes: &MinutesToFix) -> f64 {
        self.hits().filter(|(rule, _)| rule.charged).map(|(rule, count)| count as f64 * minutes.of(rule.severity)).sum()
    }

    /// Minutes to fix × hourly rate, at most the active time they are estimated from
    /// (a correction cannot take longer than the work it corrects took).
    pub fn estimated_loss_usd(&self, minutes: &MinutesToFix, hourly_rate_usd: f64, active_time_ms: i64) -> f64 {
        let active_minutes = active_time_ms.max(0) as f64 / 60_000.0;
        self.minutes_to_fix(minutes).min(active_minutes) / 60.0 * hourly_rate_usd
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tool_use::fixtures::*;
    use crate::metrics::tool_use::pair_tool_uses;
    use crate::model::{Runner, TestCounts};

    fn result_with(second: i64, id: &str, is_error: bool, writes_todo: bool, check: Option<u32>) -> Event {
        at(
            second,
            EventKind::ToolResult {
                tool_use_id: id.into(),
                is_error,
                is_rejection: false,
                is_interruption: false,
                writes_todo,
                applied: None,
                check: check.map(crate::model::CheckIndex::of),
                error: None,
            },
        )
    }

    fn counts_of(events: &[Event], checks: &[CheckRun]) -> RuleCounts {
        let refs: Vec<&Event> = events.iter().collect();
        let texts = texts();
        let uses = pair_tool_uses(&refs, &texts);
        RuleCounts::of(&rule_hits(&refs, &uses, checks))
    }

    fn tests_run(failed: u32) -> CheckRun {
        CheckRun { kind: CheckKind::Test(Runner::Cargo), counts: Some(TestCounts { passed: 10, failed, skipped: 0 }), failing_tests: Vec::new() }
    }

    #[test]
    fn loss_is_minutes_times_rate_capped_at_the_active_time() {
        let mut counts = RuleCounts::default();
        counts.hits[rule_index(&TOOL_ERROR)] = 3;
        counts.hits[rule_index(&TESTS_FAILING_AT_END)] = 1;
        counts.hits[rule_index(&INTERRUPTED)] = 2;
        // Counted, not charged.
        counts.hits[rule_index(&REJECTED_CALL)] = 4;
        counts.hits[rule_index(&EDIT_UNREAD_FILE)] = 5;
        let minutes = MinutesToFix::default();
        // 3 × 5 + 1 × 9 + 2 × 2 = 28 minutes at $100/h, with an hour of active time
        assert!((counts.estimated_loss_usd(&minutes, 100.0, 3_600_000) - 2800.0 / 60.0).abs() < 1e-9);
        assert!((counts.estimated_loss_usd(&minutes, 100.0, 600_000) - 100.0 / 6.0).abs() < 1e-9, "10 minutes at most");
        assert_eq!(counts.hits_of(Severity::Info), 2);
        assert_eq!(counts.hits_of(Severity::Critical), 1);
        assert_eq!(counts.uncharged_hits(), 9);
        let slower = MinutesToFix { warning: 10.0, ..minutes };
        assert_eq!(counts.minutes_to_fix(&slower), 43.0);
    }

    #[test]
    fn a_check_failing_after_an_edit_fires_and_one_with_no_edit_before_it_does_not() {
        let checks = [tests_run(2), tests_run(2)];
        let events = [
            call(0, "r", "Read", Some("a.rs"), None),
            applied(1, "r", 0, 0),
            call(2, "e", "Edit", Some("a.rs"), Some((3, 1))),
            applied(3, "e", 3, 1),
            call(4, "t1", "Bash", Some("cargo test"), None),
            result_with(5, "t1", true, false, Some(0)),
            call(6, "t2", "Bash", Some("cargo test"), None),
            result_with(7, "t2", true, false, Some(1)),
        ];
        let counts = counts_of(&events, &checks);
        assert_eq!(counts.count(&BUILD_BROKEN_AFTER_EDIT), 1, "only the run right after the edit");
        assert_eq!(counts.count(&TESTS_FAILING_AT_END), 1);
        assert_eq!(counts.count(&EDIT_UNREAD_FILE), 0, "the file was read first");
        let fixed = [tests_run(2), tests_run(0)];
        assert_eq!(counts_of(&events, &fixed).count(&TESTS_FAILING_AT_END), 0, "the last run passed");
        // The agent's next run passes: the break is its own to fix, counted apart.
        let mut recovered = events.clone();
        recovered[7] = result_with(7, "t2", false, false, Some(1));
        let counts = counts_of(&recovered, &fixed);
        assert_eq!((counts.count(&BUILD_BROKEN_AFTER_EDIT), counts.count(&RECOVERED_BUILD_BREAK)), (0, 1));
        assert_eq!(counts.minutes_to_fix(&MinutesToFix::default()), 0.0);
    }

    #[test]
    fn an_edit_of_an_unread_file_fires_and_of_a_read_or_written_one_does_not() {
        let events = [
            call(0, "w", "Write", Some("new.rs"), Some((4, 0))),
            applied(1, "w", 4, 0),
            call(2, "e1", "Edit", Some("new.rs"), Some((1, 1))),
            applied(3, "e1", 1, 1),
            call(4, "e2", "Edit", Some("never-read.rs"), Some((1, 1))),
            applied(5, "e2", 1, 1),
        ];
        assert_eq!(counts_of(&events, &[]).count(&EDIT_UNREAD_FILE), 1);
    }

    #[test]
    fn a_todo_written_into_code_fires_and_into_markdown_does_not() {
        let events = [
            call(0, "a", "Write", Some("lib.rs"), Some((3, 0))),
            result_with(1, "a", false, true, None),
            call(2, "b", "Write", Some("NOTES.md"), Some((3, 0))),
            result_with(3, "b", false, true, None),
            call(4, "c", "Write", Some("main.rs"), Some((3, 0))),
            result_with(5, "c", false, false, None),
        ];
        assert_eq!(counts_of(&events, &[]).count(&TODO_LEFT), 1);
    }

    #[test]
    fn three_failures_of_one_tool_in_a_row_fire_and_two_do_not() {
        let failing = |n: i64, tool: &str| [call(2 * n, &format!("x{n}"), tool, None, None), result(2 * n + 1, &format!("x{n}"), true)];
        let three: Vec<Event> = (0..3).flat_map(|n| failing(n, "Bash")).collect();
        assert_eq!(counts_of(&three, &[]).count(&REPEATED_TOOL_ERROR), 1);
        assert_eq!(counts_of(&three, &[]).count(&TOOL_ERROR), 3);
        let broken: Vec<Event> = failing(0, "Bash").into_iter().chain(failing(1, "Bash")).chain(failing(2, "Grep")).collect();
        assert_eq!(counts_of(&broken, &[]).count(&REPEATED_TOOL_ERROR), 0, "two of one tool, then another");
    }

    #[test]
    fn a_failure_the_agent_got_past_is_counted_apart_and_not_charged() {
        let run = |n: i64, tool: &str, fails: bool| [call(2 * n, &format!("x{n}"), tool, None, None), result(2 * n + 1, &format!("x{n}"), fails)];
        // Bash fails then succeeds; Grep fails and never succeeds again (a later Bash
        // success does not recover it).
        let events: Vec<Event> = run(0, "Bash", true).into_iter().chain(run(1, "Grep", true)).chain(run(2, "Bash", false)).collect();
        let counts = counts_of(&events, &[]);
        assert_eq!((counts.count(&RECOVERED_TOOL_ERROR), counts.count(&TOOL_ERROR)), (1, 1));
        assert_eq!(counts.uncharged_hits(), 1);
        assert_eq!(counts.hits_of(Severity::Info), 0, "the recovered failure is no info hit of the loss");
        assert_eq!(counts.minutes_to_fix(&MinutesToFix::default()), 5.0, "only Grep's failure is charged");
    }

    #[test]
    fn rejections_and_interruptions_are_info_hits_at_their_lines() {
        let events = [call(0, "a", "Edit", Some("a.rs"), Some((1, 0))), rejected(1, "a"), at(2, EventKind::Interruption)];
        let refs: Vec<&Event> = events.iter().collect();
        let texts = texts();
        let hits = rule_hits(&refs, &pair_tool_uses(&refs, &texts), &[]);
        let named: Vec<(&str, usize)> = hits.iter().map(|hit| (CATALOGUE[hit.rule].name, hit.position)).collect();
        assert_eq!(named, [("edit_unread_file", 0), ("rejected_call", 1), ("interrupted", 2)]);
    }
}

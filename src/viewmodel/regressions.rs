//! Test regressions (spec 4.5): the test runs of the sessions the filters keep, per project
//! and runner in time order, across sessions; a run whose output names failing tests that
//! were not failing in the run before it is a regression, with those new failures.

use serde_json::{json, Value};

use std::sync::Arc;

use super::dashboard::Dashboard;
use super::session_brief::SessionBrief;
use super::session_facts::SessionFacts;
use crate::model::{CheckKind, CheckRun, ConversationId, Dataset, Runner};

#[derive(Clone, Debug, PartialEq)]
pub struct Regression {
    /// The project's name (its path's last segment).
    pub project: String,
    pub runner: Runner,
    /// Position in the dashboard's sessions, and when the run's result came.
    pub session: u32,
    pub time_ms: i64,
    /// Failing now, not failing in the run before (in the order the output named them).
    pub new_failures: Vec<String>,
    pub failed: u32,
    pub previous_session: u32,
    pub previous_time_ms: i64,
}

/// A test run of a base's session, in the base's list sorted by lane, then time: a lane
/// is one project (its full path) and runner, the runs a regression compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseRun {
    pub lane: u32,
    /// The session's index in the base.
    pub index: u32,
    pub time_ms: i64,
    /// Index into `Dataset::checks`.
    pub check: u32,
}

/// The test runs of a base's sessions (facts, briefs and conversations), by lane and
/// time: built once per base, so a filter change only walks them. Only the sessions that
/// ran tests are looked at past their brief.
pub fn base_runs(dataset: &Dataset, sessions: &[Arc<SessionFacts>], briefs: &[SessionBrief], groups: &[(ConversationId, u32)]) -> Vec<BaseRun> {
    // (conversation, runner, time, session index, check)
    let mut found: Vec<(ConversationId, Runner, i64, u32, u32)> = Vec::new();
    // (Briefs first: they lie side by side, the facts all over the heap.)
    for (index, ((facts, _), (conversation, _))) in sessions.iter().zip(briefs).zip(groups).enumerate().filter(|(_, ((_, brief), _))| brief.has_test_runs) {
        for (time_ms, check) in &facts.test_runs {
            if let Some(CheckRun { kind: CheckKind::Test(runner), .. }) = dataset.checks.get(*check as usize) {
                found.push((*conversation, *runner, *time_ms, index as u32, *check));
            }
        }
    }
    // Projects numbered in path order, so that runs sort by integers (paths gathered
    // once per conversation: comparing long paths is what sorting the runs cost).
    let path_of = |conversation: &ConversationId| dataset.conversation(*conversation).project_path.as_str();
    let mut conversations: Vec<ConversationId> = found.iter().map(|(conversation, ..)| *conversation).collect();
    conversations.sort_unstable();
    conversations.dedup();
    let mut paths: Vec<&str> = conversations.iter().map(path_of).collect();
    paths.sort_unstable();
    paths.dedup();
    let project_of = |conversation: &ConversationId| paths.binary_search(&path_of(conversation)).unwrap_or(0) as u32;
    let mut runs: Vec<(u32, Runner, i64, u32, u32)> =
        found.iter().map(|(conversation, runner, time_ms, index, check)| (project_of(conversation), *runner, *time_ms, *index, *check)).collect();
    runs.sort_unstable();
    numbered_lanes(runs.iter().map(|(project, runner, time_ms, index, check)| ((*project, *runner), *index, *time_ms, *check)))
}

/// Runs sorted by lane key, then time, as [`BaseRun`]s with their lanes numbered from 0
/// as they come.
fn numbered_lanes<K: PartialEq>(sorted: impl Iterator<Item = (K, u32, i64, u32)>) -> Vec<BaseRun> {
    let mut lane = 0;
    let mut previous: Option<K> = None;
    sorted
        .map(|(key, index, time_ms, check)| {
            if previous.as_ref().is_some_and(|before| *before != key) {
                lane += 1;
            }
            previous = Some(key);
            BaseRun { lane, index, time_ms, check }
        })
        .collect()
}

/// The test runs of a base narrowed from `wider` (see `session_base::narrowed`), equal to
/// [`base_runs`] of it without looking at the sessions it kept whole: `positions` gives
/// each narrowed session's position in the wider base, or `None` for one cut by the
/// period, whose runs `cut_runs` lists as (narrowed index, time, check). A cut session's
/// checks are some of the wider session's, so its runs take their lanes.
pub fn narrowed_runs(wider: &[BaseRun], wider_sessions: usize, positions: &[Option<u32>], cut_runs: &[(u32, i64, u32)]) -> Vec<BaseRun> {
    let mut new_index: Vec<Option<u32>> = vec![None; wider_sessions];
    for (narrowed, position) in positions.iter().enumerate() {
        if let Some(slot) = position.and_then(|position| new_index.get_mut(position as usize)) {
            *slot = Some(narrowed as u32);
        }
    }
    let mut runs: Vec<(u32, i64, u32, u32)> =
        wider.iter().filter_map(|run| new_index.get(run.index as usize).copied().flatten().map(|index| (run.lane, run.time_ms, index, run.check))).collect();
    if !cut_runs.is_empty() {
        let mut lane_of_check: Vec<(u32, u32)> = wider.iter().map(|run| (run.check, run.lane)).collect();
        lane_of_check.sort_unstable();
        for (index, time_ms, check) in cut_runs {
            if let Ok(at) = lane_of_check.binary_search_by_key(check, |(check, _)| *check) {
                runs.push((lane_of_check[at].1, *time_ms, *index, *check));
            }
        }
        runs.sort_unstable();
    }
    numbered_lanes(runs.iter().map(|(lane, time_ms, index, check)| (*lane, *index, *time_ms, *check)))
}

/// The regressions among the kept sessions' test runs, newest first.
pub fn regressions(dataset: &Dataset, dashboard: &Dashboard) -> Vec<Regression> {
    let (runs, base_sessions) = dashboard.base_runs();
    // Each base session's position in the dashboard, if kept.
    let mut position_of = vec![u32::MAX; base_sessions];
    for (position, index) in dashboard.base_indexes.iter().enumerate() {
        if let Some(slot) = position_of.get_mut(*index as usize) {
            *slot = position as u32;
        }
    }
    let mut found = Vec::new();
    let mut previous: Option<(&BaseRun, u32)> = None;
    for run in runs {
        let Some(position) = position_of.get(run.index as usize).copied().filter(|p| *p != u32::MAX) else { continue };
        if let Some((before, before_position)) = previous.filter(|(before, _)| before.lane == run.lane) {
            if let (Some(earlier), Some(now)) = (dataset.checks.get(before.check as usize), dataset.checks.get(run.check as usize)) {
                if let Some(mut regression) = regression((earlier, before.time_ms, before_position), (now, run.time_ms, position)) {
                    // (Looked up only for a regression: the facts lie all over the heap.)
                    let project = dashboard.session(position as usize).map_or("", |facts| dataset.conversation(facts.conversation).project_path.as_str());
                    regression.project = crate::model::project_name(project).to_owned();
                    found.push(regression);
                }
            }
        }
        previous = Some((run, position));
    }
    crate::order::sort_by(&mut found, |a, b| b.time_ms.cmp(&a.time_ms).then_with(|| a.project.cmp(&b.project)));
    found
}

/// The regression of a run (check, time, position) against the run before it, if the
/// output names new failures. A previous run that failed without naming its failures
/// cannot be compared.
/// (Its project is filled in by the caller.)
fn regression(previous: (&CheckRun, i64, u32), run: (&CheckRun, i64, u32)) -> Option<Regression> {
    let ((before, previous_time_ms, previous_session), (check, time_ms, session)) = (previous, run);
    let CheckKind::Test(runner) = check.kind else { return None };
    let failed = check.counts.map_or(0, |counts| counts.failed);
    let previous_failed = before.counts.map_or(0, |counts| counts.failed);
    if failed == 0 || check.failing_tests.is_empty() || (previous_failed > 0 && before.failing_tests.is_empty()) {
        return None;
    }
    let new_failures: Vec<String> = check.failing_tests.iter().filter(|name| !before.failing_tests.contains(name)).cloned().collect();
    (!new_failures.is_empty()).then(|| Regression {
        project: String::new(),
        runner,
        session,
        time_ms,
        new_failures,
        failed,
        previous_session,
        previous_time_ms,
    })
}

/// `summary --json`'s `regressions`.
pub fn regressions_json(dataset: &Dataset, dashboard: &Dashboard, regressions: &[Regression]) -> Value {
    let session_key =
        |position: u32| dashboard.session(position as usize).map(|facts| dataset.conversation(facts.conversation).session_key.clone()).unwrap_or_default();
    Value::Array(
        regressions
            .iter()
            .map(|r| {
                json!({
                    "project": r.project,
                    "runner": r.runner.code(),
                    "session": session_key(r.session),
                    "time_ms": r.time_ms,
                    "failed": r.failed,
                    "new_failures": r.new_failures,
                    "previous_session": session_key(r.previous_session),
                    "previous_time_ms": r.previous_time_ms,
                })
            })
            .collect(),
    )
}

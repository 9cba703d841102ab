//! Test regressions (spec 4.5): the test runs of the sessions the filters keep, per project
//! and runner in time order, across sessions; a run whose output names failing tests that
//! were not failing in the run before it is a regression, with those new failures.

use serde_json::{json, Value};

use super::dashboard::Dashboard;
use crate::model::{CheckKind, CheckRun, Dataset, Runner};

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

/// One test run: (project path, runner, time, session position, check).
type Run<'a> = (&'a str, Runner, i64, u32, &'a CheckRun);

/// The regressions among the kept sessions' test runs, newest first.
pub fn regressions(dataset: &Dataset, dashboard: &Dashboard) -> Vec<Regression> {
    let mut runs: Vec<Run<'_>> = Vec::new();
    // Only the few sessions that ran tests are looked up.
    for (position, (brief, group, _)) in dashboard.briefs_with_group_and_day().enumerate() {
        if brief.test_runs == 0 {
            continue;
        }
        let (Some(facts), Some(example)) = (dashboard.session(position), dashboard.group_example(group)) else { continue };
        let project = dataset.conversation(example).project_path.as_str();
        for (time_ms, index) in &facts.test_runs {
            if let Some(check @ CheckRun { kind: CheckKind::Test(runner), .. }) = dataset.checks.get(*index as usize) {
                runs.push((project, *runner, *time_ms, position as u32, check));
            }
        }
    }
    runs.sort_by(|a, b| (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3)));
    let mut found: Vec<Regression> = runs
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0 && pair[0].1 == pair[1].1)
        .filter_map(|pair| regression(&pair[0], &pair[1]))
        .collect();
    found.sort_by(|a, b| b.time_ms.cmp(&a.time_ms).then_with(|| a.project.cmp(&b.project)));
    found
}

/// The regression of a run against the run before it, if the output names new failures.
/// A previous run that failed without naming its failures cannot be compared.
fn regression(previous: &Run<'_>, run: &Run<'_>) -> Option<Regression> {
    let (project, runner, time_ms, session, check) = *run;
    let failed = check.counts.map_or(0, |counts| counts.failed);
    let previous_failed = previous.4.counts.map_or(0, |counts| counts.failed);
    if failed == 0 || check.failing_tests.is_empty() || (previous_failed > 0 && previous.4.failing_tests.is_empty()) {
        return None;
    }
    let new_failures: Vec<String> = check.failing_tests.iter().filter(|name| !previous.4.failing_tests.contains(name)).cloned().collect();
    (!new_failures.is_empty()).then(|| Regression {
        project: crate::model::project_name(project).to_owned(),
        runner,
        session,
        time_ms,
        new_failures,
        failed,
        previous_session: previous.3,
        previous_time_ms: previous.2,
    })
}

/// `summary --json`'s `regressions`.
pub fn regressions_json(dataset: &Dataset, dashboard: &Dashboard, regressions: &[Regression]) -> Value {
    let session_key = |position: u32| {
        dashboard.session(position as usize).map(|facts| dataset.conversation(facts.conversation).session_key.clone()).unwrap_or_default()
    };
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

//! Other tools' records as the page, the report and `summary --json` show them: a table
//! each (`logged_sessions`, `tracked_sessions`, `reported_days`), the figures of the
//! ccusage rows no transcript covers (`reported_*`, apart from the transcripts' figures),
//! and their JSON.

use serde_json::{json, Value};

use super::external::{ExternalView, LoggedRow, Ours, ReportedRow, TrackedRow};
use super::format;
use super::summary::{Figure, FigureGroup, FigureValue};
use super::table_view::{count, local_time, number, optional, text, usd, Cell, RowKey, RowView, TableView};
use crate::model::ReportKind;
use crate::timezone::Tz;

/// "theirs / ours" in one cell, sorted by theirs.
fn pair(theirs: Option<f64>, ours: Option<f64>, show: impl Fn(f64) -> String) -> Cell {
    let shown = |value: Option<f64>| value.map_or_else(|| String::from("—"), &show);
    number(format!("{} / {}", shown(theirs), shown(ours)), theirs.unwrap_or(-1.0))
}

fn ratio_text(value: f64) -> String {
    format!("{value:.2}")
}

fn count_text(value: f64) -> String {
    format::group_thousands(value as u64)
}

fn when(time_ms: Option<i64>, zone: Tz) -> Cell {
    match time_ms {
        Some(time_ms) => number(local_time(time_ms, zone), time_ms as f64),
        None => number(String::from("—"), f64::MIN),
    }
}

fn or_dash(value: &str) -> &str {
    if value.is_empty() {
        "—"
    } else {
        value
    }
}

/// The session-metrics log entries beside our sessions of the same hours.
pub fn logged_table(rows: &[LoggedRow], zone: Tz) -> TableView {
    let rows = rows
        .iter()
        .map(|row| {
            let (entry, metrics, ours) = (&row.entry, &row.entry.metrics, row.ours.as_ref());
            let quality = ours.map(|ours| ours.quality);
            let our_class = ours.map_or("—", |ours| if ours.sessions == 0 { "no session" } else { ours.quality.classification().label() });
            let cells = vec![
                text(entry.session_id.clone()),
                when(entry.start_ms, zone),
                text(or_dash(&entry.project)),
                text(format!("{} / {our_class}", or_dash(&entry.classification))),
                pair(metrics.slop_signal_ratio, quality.and_then(|q| q.slop_ratio()), ratio_text),
                pair(metrics.test_pass_rate, quality.and_then(|q| q.test_pass_rate()), format::percent),
                pair(metrics.loc_accepted.map(|v| v as f64), quality.map(|q| q.lines_accepted as f64), count_text),
                pair(metrics.loc_discarded.map(|v| v as f64), quality.map(|q| q.lines_discarded as f64), count_text),
                pair(metrics.cost_usd, ours.map(|ours| ours.cost_usd), format::usd),
                count(ours.map_or(0, |ours| ours.sessions)),
            ];
            RowView { time_ms: None, key: RowKey::Text(entry.session_id.clone()), cells: cells.into() }
        })
        .collect();
    TableView {
        name: "logged_sessions",
        title: "Session-metrics log (the log's figures / ours for the same hours)",
        columns: vec!["Session", "Start", "Project", "Class", "Slop ratio", "Test pass rate", "Lines accepted", "Lines discarded", "Cost", "Our sessions"],
        rows,
    }
}

/// The AgileFlow sessions beside our sessions of the same hours.
pub fn tracked_table(rows: &[TrackedRow], zone: Tz) -> TableView {
    let rows = rows
        .iter()
        .map(|row| {
            let (session, ours) = (&row.session, row.ours.as_ref());
            let duration = |value: f64| format::duration(value as i64);
            let tests = session.tests.map_or_else(|| String::from("—"), |tests| format!("{} passed, {} failed", tests.passed, tests.failed));
            let cells = vec![
                text(session.id.clone()),
                when(session.start_ms, zone),
                text(or_dash(&session.status)),
                optional(session.duration_ms.map(|ms| ms as f64), duration),
                pair(session.active_ms.map(|ms| ms as f64), ours.map(|ours| ours.active_time_ms as f64), duration),
                optional(session.idle_ms.map(|ms| ms as f64), duration),
                count(session.stories_completed.len() as u64),
                optional(session.commits.map(|commits| commits as f64), count_text),
                number(tests, session.tests.map_or(-1.0, |tests| tests.failed as f64)),
                text(if session.new_failures.is_empty() { String::from("—") } else { session.new_failures.join(", ") }),
                count(ours.map_or(0, |ours| ours.sessions)),
                optional(ours.map(|ours| ours.cost_usd), format::usd),
            ];
            RowView { time_ms: None, key: RowKey::Text(session.id.clone()), cells: cells.into() }
        })
        .collect();
    TableView {
        name: "tracked_sessions",
        title: "AgileFlow sessions (the tracker's figures / ours for the same hours)",
        columns: vec![
            "Session",
            "Start",
            "Status",
            "Duration",
            "Active",
            "Idle",
            "Stories done",
            "Commits",
            "Last test run",
            "New failures",
            "Our sessions",
            "Our cost",
        ],
        rows,
    }
}

/// The ccusage rows, each marked counted or covered by transcripts.
pub fn reported_table(rows: &[ReportedRow]) -> TableView {
    let rows = rows
        .iter()
        .map(|row| {
            let report = match &row.row.kind {
                ReportKind::Daily => String::from("daily"),
                ReportKind::Session { session_id, .. } => format!("session {session_id}"),
            };
            let counted = if row.is_covered { "no: transcripts cover this day" } else { "yes" };
            let cells = vec![
                text(row.row.date.clone()),
                text(row.row.agent.label()),
                text(row.row.person.clone()),
                text(report),
                count(row.row.usage.total_tokens()),
                usd(row.row.cost_usd),
                text(counted),
            ];
            RowView { time_ms: None, key: RowKey::Text(row.key()), cells: cells.into() }
        })
        .collect();
    TableView {
        name: "reported_days",
        title: "ccusage reports (cost only; a day transcripts cover is not counted again)",
        columns: vec!["Day", "Agent", "Person", "Report", "Tokens", "Cost", "Counted"],
        rows,
    }
}

/// The figures of the reported rows no transcript covers (only when there are rows).
pub fn reported_figures(view: &ExternalView) -> Option<FigureGroup> {
    (!view.reported.is_empty()).then(|| FigureGroup {
        title: "ccusage reports, days without transcripts (not in the figures above)",
        figures: vec![
            Figure { metric: "reported_cost_usd", label: "Reported cost", value: FigureValue::Usd(view.reported_cost_usd) },
            Figure { metric: "reported_tokens", label: "Reported tokens", value: FigureValue::Count(view.reported_usage.total_tokens()) },
            Figure { metric: "reported_days", label: "Days only in reports", value: FigureValue::Count(view.reported_days) },
            Figure { metric: "covered_days", label: "Reported days transcripts cover", value: FigureValue::Count(view.covered_days) },
        ],
    })
}

fn ours_json(ours: Option<&Ours>) -> Value {
    ours.map_or(Value::Null, |ours| {
        json!({
            "sessions": ours.sessions,
            "active_time_ms": ours.active_time_ms,
            "total_tokens": ours.usage.total_tokens(),
            "cost_usd": ours.cost_usd,
            "lines_generated": ours.quality.lines_generated,
            "lines_accepted": ours.quality.lines_accepted,
            "lines_discarded": ours.quality.lines_discarded,
            "lines_corrected": ours.quality.lines_corrected,
            "slop_ratio": ours.quality.slop_ratio(),
            "test_pass_rate": ours.quality.test_pass_rate(),
            "test_runs": ours.quality.test_runs,
            "tests_failed": ours.quality.tests.failed,
            "classification": (ours.sessions > 0).then(|| ours.quality.classification().code()),
        })
    })
}

/// `summary --json`'s `external`; the `reported_*` figures also go to the top level (as
/// the page shows them as cards) when there are reported rows.
pub fn external_json(view: &ExternalView) -> Value {
    let logged: Vec<Value> = view
        .logged
        .iter()
        .map(|row| {
            let (entry, metrics) = (&row.entry, &row.entry.metrics);
            json!({
                "session_id": entry.session_id,
                "person": entry.person,
                "project": entry.project,
                "start_ms": entry.start_ms,
                "end_ms": entry.end_ms,
                "log": {
                    "classification": entry.classification,
                    "outcome": entry.outcome,
                    "slop_ratio": metrics.slop_signal_ratio,
                    "test_pass_rate": metrics.test_pass_rate,
                    "loc_generated": metrics.loc_generated,
                    "loc_accepted": metrics.loc_accepted,
                    "loc_discarded": metrics.loc_discarded,
                    "loc_corrected": metrics.loc_corrected,
                    "commits": metrics.commits,
                    "tests_passed": metrics.tests_passed,
                    "tests_failed": metrics.tests_failed,
                    "tokens_in": metrics.tokens_in,
                    "tokens_out": metrics.tokens_out,
                    "cost_usd": metrics.cost_usd,
                },
                "ours": ours_json(row.ours.as_ref()),
            })
        })
        .collect();
    let tracked: Vec<Value> = view
        .tracked
        .iter()
        .map(|row| {
            let session = &row.session;
            json!({
                "id": session.id,
                "person": session.person,
                "status": session.status,
                "start_ms": session.start_ms,
                "end_ms": session.end_ms,
                "tracker": {
                    "duration_ms": session.duration_ms,
                    "active_time_ms": session.active_ms,
                    "idle_time_ms": session.idle_ms,
                    "idle_segments": session.segments.iter().filter(|segment| !segment.is_active).count(),
                    "stories_completed": session.stories_completed,
                    "commits": session.commits,
                    "tests_passed": session.tests.map(|tests| tests.passed),
                    "tests_failed": session.tests.map(|tests| tests.failed),
                    "regressions": session.regressions,
                    "new_failures": session.new_failures,
                },
                "ours": ours_json(row.ours.as_ref()),
            })
        })
        .collect();
    let reported: Vec<Value> = view
        .reported
        .iter()
        .map(|row| {
            json!({
                "key": row.key(),
                "date": row.row.date,
                "agent": row.row.agent.label(),
                "person": row.row.person,
                "total_tokens": row.row.usage.total_tokens(),
                "cost_usd": row.row.cost_usd,
                "counted": !row.is_covered,
            })
        })
        .collect();
    json!({
        "logged_sessions": logged,
        "tracked_sessions": tracked,
        "reported_days": reported,
        "reported_cost_usd": view.reported_cost_usd,
        "reported_tokens": view.reported_usage.total_tokens(),
        "reported_day_count": view.reported_days,
        "covered_day_count": view.covered_days,
    })
}

//! AgileFlow's `session-state.json` (seed 004): the full schema's `sessions[]` (and its
//! `active` pointer when that session is not among them yet) and the simplified one's
//! `current_session` and `last_session`. Each session keeps the tracker's own figures:
//! times, active and idle estimates, segments, stories, commits, its last test run and
//! the new failures of its regressions. Daily rollups (`aggregates`, `session_history`)
//! repeat the sessions and are not read.

use serde_json::Value;

use super::fields::{line_of, Record};
use super::Records;
use crate::model::keys::stable_hash;
use crate::model::{Diagnostic, Segment, SkipReason, TrackedSession, TrackedTests};

pub(super) fn read(text: &str, path: &str, person: &str) -> Result<Records, String> {
    let state: Value = serde_json::from_str(text).map_err(|error| format!("invalid JSON: {error}"))?;
    if !state.is_object() {
        return Err(String::from("not a JSON object"));
    }
    let mut records = Records::default();
    if let Some(sessions) = state.get("sessions") {
        let Value::Array(sessions) = sessions else {
            return Err(String::from("\"sessions\" is not a list"));
        };
        let (_, mut from) = line_of(text, "\"sessions\"", 0);
        for value in sessions {
            // A JSON value has no line of its own: a session is placed at its id's line.
            let needle = match (value.get("id").and_then(Value::as_str), value) {
                (Some(id), _) => format!("\"{id}\""),
                (None, Value::Object(_)) => String::from("{"),
                (None, other) => other.to_string(),
            };
            let (line, after) = line_of(text, &needle, from);
            from = after;
            let mut record = Record { value, path, line, diagnostics: &mut records.diagnostics };
            if let Some(session) = full_session(&mut record, person) {
                records.external.tracked.push(session);
            }
        }
    }
    let known = |records: &Records, id: &str| records.external.tracked.iter().any(|session| session.id == id);
    for key in ["active", "current_session", "last_session"] {
        let Some(value) = state.get(key).filter(|value| !value.is_null()) else { continue };
        let id = value.get("session_id").or_else(|| value.get("id")).and_then(Value::as_str).unwrap_or_default();
        if !id.is_empty() && known(&records, id) {
            continue;
        }
        let (line, _) = line_of(text, &format!("\"{key}\""), 0);
        let mut record = Record { value, path, line, diagnostics: &mut records.diagnostics };
        if let Some(session) = pointer_session(&mut record, person, key) {
            records.external.tracked.push(session);
        }
    }
    if records.external.tracked.is_empty() {
        return Err(first_problem(&records.diagnostics, "no session in it"));
    }
    Ok(records)
}

fn first_problem(diagnostics: &[Diagnostic], otherwise: &str) -> String {
    diagnostics.first().map_or_else(|| otherwise.to_owned(), |d| format!("{otherwise}: line {}, {}", d.line, d.detail))
}

fn key_of(id: &str, start_ms: Option<i64>) -> u64 {
    stable_hash(&[id.as_bytes(), &start_ms.unwrap_or_default().to_le_bytes()])
}

/// Seconds to ms.
fn seconds_ms(seconds: Option<u64>) -> Option<i64> {
    seconds.map(|seconds| seconds.saturating_mul(1000).min(i64::MAX as u64) as i64)
}

/// A session of the full schema's `sessions[]`.
fn full_session(record: &mut Record<'_>, person: &str) -> Option<TrackedSession> {
    if !record.value.is_object() {
        record.problem(SkipReason::NotAnObject, String::from("a session that is not an object"));
        return None;
    }
    let id = record.text(&["id"]);
    let start_ms = record.first_time_ms(&[&["started_at_utc"], &["created_at_utc"], &["started_at"]]);
    if id.is_empty() && start_ms.is_none() {
        record.problem(SkipReason::MissingTimestamp, String::from("a session with neither id nor start"));
        return None;
    }
    let segments = segments(record);
    let active_from_segments = sum_of(&segments, true);
    let idle_from_segments = sum_of(&segments, false);
    let mut regressions = 0;
    let mut new_failures: Vec<String> = Vec::new();
    if let Some(Value::Array(found)) = record.field(&["tests", "regressions"]) {
        for regression in found {
            regressions += 1;
            for failure in regression.get("new_failures").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                if !new_failures.iter().any(|known| known == failure) {
                    new_failures.push(failure.to_owned());
                }
            }
        }
    }
    let tests = record.field(&["tests", "last_run", "summary"]).is_some().then(|| TrackedTests {
        passed: record.count(&["tests", "last_run", "summary", "passed"]).unwrap_or(0),
        failed: record.count(&["tests", "last_run", "summary", "failed"]).unwrap_or(0),
        skipped: record.count(&["tests", "last_run", "summary", "skipped"]).unwrap_or(0),
    });
    let commits = record.count(&["git", "commit_count"]).or_else(|| record.field(&["git", "commits"]).and_then(Value::as_array).map(|list| list.len() as u64));
    Some(TrackedSession {
        key: key_of(&id, start_ms),
        person: person.to_owned(),
        status: record.text(&["status"]),
        end_reason: record.text(&["end_reason"]),
        start_ms,
        end_ms: record.first_time_ms(&[&["ended_at_utc"], &["ended_at"]]),
        branch: record.first_text(&[&["repo", "branch_end"], &["repo", "branch_start"], &["branch"]]),
        duration_ms: seconds_ms(record.count(&["metrics", "duration_sec"])),
        active_ms: seconds_ms(record.count(&["metrics", "active_sec_est"])).or(active_from_segments),
        idle_ms: seconds_ms(record.count(&["metrics", "idle_sec_est"])).or(idle_from_segments),
        idle_cutoff_minutes: record.count(&["activity", "idle_cutoff_minutes"]).map(|minutes| minutes.min(u64::from(u32::MAX)) as u32),
        segments,
        stories_completed: record.texts(&["work_scope", "stories_completed"]),
        stories_in_progress: record.texts(&["work_scope", "stories_in_progress"]),
        commits,
        tests,
        new_failures,
        regressions,
        summary: record.text(&["resume_context", "summary"]),
        id,
    })
}

fn segments(record: &mut Record<'_>) -> Vec<Segment> {
    let Some(Value::Array(found)) = record.field(&["activity", "segments"]) else { return Vec::new() };
    let mut segments = Vec::with_capacity(found.len());
    for value in found {
        let mut segment = Record { value, path: record.path, line: record.line, diagnostics: record.diagnostics };
        let (Some(start_ms), Some(end_ms)) = (segment.time_ms(&["start_utc"]), segment.time_ms(&["end_utc"])) else { continue };
        if end_ms < start_ms {
            segment.problem(SkipReason::ValueOutOfRange, String::from("a segment that ends before it starts"));
            continue;
        }
        segments.push(Segment { start_ms, end_ms, is_active: segment.text(&["kind"]) != "idle" });
    }
    segments
}

fn sum_of(segments: &[Segment], active: bool) -> Option<i64> {
    let matching = segments.iter().filter(|segment| segment.is_active == active);
    (!segments.is_empty()).then(|| matching.map(|segment| segment.end_ms - segment.start_ms).sum())
}

/// The full schema's `active` pointer, or the simplified schema's `current_session` or
/// `last_session`.
fn pointer_session(record: &mut Record<'_>, person: &str, key: &str) -> Option<TrackedSession> {
    if !record.value.is_object() {
        record.problem(SkipReason::NotAnObject, format!("{key} is not an object"));
        return None;
    }
    let id = record.first_text(&[&["session_id"], &["id"]]);
    let start_ms = record.first_time_ms(&[&["started_at_utc"], &["started_at"]]);
    if id.is_empty() && start_ms.is_none() {
        record.problem(SkipReason::MissingTimestamp, format!("{key} has neither id nor start"));
        return None;
    }
    let ended = record.first_time_ms(&[&["ended_at_utc"], &["ended_at"]]);
    let last_seen = record.first_time_ms(&[&["last_seen_at_utc"], &["last_activity"]]);
    let status = record.text(&["status"]);
    let commits = record.count(&["commits_count"]).or_else(|| record.field(&["commits"]).and_then(Value::as_array).map(|list| list.len() as u64));
    Some(TrackedSession {
        key: key_of(&id, start_ms),
        person: person.to_owned(),
        status: if status.is_empty() && key != "last_session" { String::from("active") } else { status },
        end_reason: record.text(&["end_reason"]),
        start_ms,
        end_ms: ended.or(last_seen),
        branch: record.text(&["branch"]),
        duration_ms: record.count(&["duration_minutes"]).map(|minutes| minutes.saturating_mul(60_000).min(i64::MAX as u64) as i64),
        stories_completed: record.texts(&["stories_completed"]),
        stories_in_progress: record.texts(&["current_story"]),
        commits,
        id,
        ..TrackedSession::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seed 004's recommended schema, trimmed to one session and its pointer.
    const FULL: &str = r#"{
  "schema_version": 1,
  "settings": { "idle_cutoff_minutes": 15 },
  "active": { "session_id": "S1", "started_at_utc": "2025-12-21T15:02:10Z", "last_seen_at_utc": "2025-12-21T16:18:03Z", "status": "active" },
  "sessions": [
    {
      "id": "S1", "status": "ended", "end_reason": "user_end",
      "started_at_utc": "2025-12-21T15:02:10Z", "ended_at_utc": "2025-12-21T17:11:42Z",
      "repo": { "branch_start": "feature/session-tracking", "branch_end": "feature/session-tracking" },
      "work_scope": { "stories_completed": ["STORY-10"], "stories_in_progress": ["STORY-12"] },
      "git": { "commit_count": 3 },
      "tests": {
        "last_run": { "summary": { "passed": 812, "failed": 2, "skipped": 11 } },
        "regressions": [ { "new_failures": ["pkg.module::test_name"], "fixed_failures": [] } ]
      },
      "activity": { "idle_cutoff_minutes": 15, "segments": [
        { "start_utc": "2025-12-21T15:02:10Z", "end_utc": "2025-12-21T15:48:01Z", "kind": "active" },
        { "start_utc": "2025-12-21T15:48:01Z", "end_utc": "2025-12-21T16:07:35Z", "kind": "idle" }
      ] },
      "metrics": { "duration_sec": 7760, "active_sec_est": 6120, "idle_sec_est": 1640 },
      "resume_context": { "summary": "Worked on schema." }
    },
    { "id": "S2", "started_at_utc": "not a time" },
    "garbage"
  ]
}"#;

    #[test]
    fn the_seed_s_full_schema() {
        let records = read(FULL, "session-state.json", "ana").unwrap();
        assert_eq!(records.external.tracked.len(), 2, "S1 once (its active pointer is the same session), S2 by its id");
        let session = &records.external.tracked[0];
        assert_eq!((session.id.as_str(), session.status.as_str(), session.branch.as_str()), ("S1", "ended", "feature/session-tracking"));
        assert_eq!((session.duration_ms, session.active_ms, session.idle_ms), (Some(7_760_000), Some(6_120_000), Some(1_640_000)));
        assert_eq!(session.segments.len(), 2);
        assert_eq!(session.tests, Some(TrackedTests { passed: 812, failed: 2, skipped: 11 }));
        assert_eq!((session.regressions, session.new_failures.clone()), (1, vec![String::from("pkg.module::test_name")]));
        assert_eq!((session.commits, session.stories_completed.clone()), (Some(3), vec![String::from("STORY-10")]));
        assert_eq!(session.end_ms.zip(session.start_ms).map(|(end, start)| end - start), Some(7_772_000));
        let problems: Vec<(u64, SkipReason)> = records.diagnostics.iter().map(|d| (d.line, d.reason)).collect();
        assert_eq!(problems, vec![(23, SkipReason::BadTimestamp), (24, SkipReason::NotAnObject)]);
    }

    #[test]
    fn the_simplified_schema() {
        let text = r#"{"schema_version": 1,
 "current_session": {"id": "sess-2", "started_at": "2025-12-21T15:02:10Z", "last_activity": "2025-12-21T16:18:03Z", "branch": "main", "current_story": "US-0043", "commits_count": 0},
 "last_session": {"id": "sess-1", "started_at": "2025-12-20T14:00:00Z", "ended_at": "2025-12-20T18:30:00Z", "duration_minutes": 270, "stories_completed": ["US-0041", "US-0042"], "commits": ["abc123", "def456"], "end_reason": "user_end"},
 "session_history": [{"date": "2025-12-20", "sessions": 2}]}"#;
        let records = read(text, "session-state.json", "ana").unwrap();
        let summary: Vec<(&str, &str, Option<i64>, Option<u64>)> =
            records.external.tracked.iter().map(|s| (s.id.as_str(), s.status.as_str(), s.duration_ms, s.commits)).collect();
        assert_eq!(summary, vec![("sess-2", "active", None, Some(0)), ("sess-1", "", Some(16_200_000), Some(2))]);
        assert_eq!(records.external.tracked[1].stories_completed.len(), 2);
        assert!(read("{\"schema_version\": 1, \"settings\": {}}", "s.json", "ana").unwrap_err().contains("no session"));
        assert!(read("{\"schema_version\": 1, \"sessions\": 3}", "s.json", "ana").is_err());
    }
}
